"""GDELT DOC 2.0 timeline volume (raw counts) for configured queries: share of monitored articles per day.

API: https://blog.gdeltproject.org/gdelt-doc-2-0-api-debuts/  (mode=timelinevolraw, format=json)
Tested on recorded answers: see tests/fixtures/gdelt/SOURCE.md.

GDELT allows about one request every 5 seconds: requests are spaced by MIN_INTERVAL seconds
(BAROMETER_GDELT_MIN_INTERVAL overrides it), and its plain-text throttle answer ("Please limit requests to one
every 5 seconds…", sent with HTTP 200 or 429) is retried, then fails the run; it is never read as data.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from urllib.parse import quote

from indicators.model.catalogue import Country

from . import http
from .source import Source
from .base import env_url, ParseError, RawPayload, chunks, field, load_json, query, record
from .base import count as whole

ID = "gdelt"
SCHEDULE = {"hour": 6, "minute": 15}
CHUNK_DAYS = 365
DEFAULT_URL = "https://api.gdeltproject.org"
CANONICAL = "https://api.gdeltproject.org/api/v2/doc/doc?query={query}&mode=timelinevolraw&format=json"
NOTE = "{count} of {norm} articles"
MIN_INTERVAL = 5.0  # seconds between two requests
THROTTLE = b"Please limit requests to one every"


def base_url() -> str:
    return env_url(ID, DEFAULT_URL)


def plan(indicators, since: date, until: date, country: Country) -> list[str]:
    queries = list(dict.fromkeys(ind.params["query"] for ind in indicators))
    return [f"{base_url()}/api/v2/doc/doc?query={quote(q)}&mode=timelinevolraw&format=json"
            f"&startdatetime={a:%Y%m%d}000000&enddatetime={b:%Y%m%d}235959"
            for q in queries for a, b in chunks(since, until, CHUNK_DAYS)]


def throttled(body: bytes) -> bool:
    """GDELT's answer to too many requests: a plain-text sentence, whatever the HTTP status."""
    return body.lstrip().startswith(THROTTLE)


def fetch(url: str, client=None) -> RawPayload:
    return http.get(ID, url, http=client, interval=http.min_interval(ID, MIN_INTERVAL), throttled=throttled)


def parse(body: bytes, url: str, indicators, country: Country) -> list[dict]:
    """Matching articles / all monitored articles, per UTC day, whatever the timeline resolution."""
    text = body.decode("utf-8", errors="replace").lstrip()
    if throttled(body):
        raise ParseError(ID, "body", f"rate limited, not data: {' '.join(text.split())[:80]!r}")
    if text and text[0] not in "{[<":
        # GDELT answers a bad query with a plain-text sentence and status 200.
        raise ParseError(ID, "body", f"not JSON: {text[:120]!r}")
    doc = load_json(ID, body)
    timeline = field(ID, doc, "timeline")
    if not isinstance(timeline, list) or not timeline:
        raise ParseError(ID, "timeline", "empty result: no articles matched in the requested range")
    data = field(ID, timeline[0], "data", "timeline[0].")
    q = query(url).get("query", "")
    days: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for i, point in enumerate(data):
        where = f"timeline[0].data[{i}]."
        stamp = str(field(ID, point, "date", where))
        days[f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}"][0] += whole(ID, field(ID, point, "value", where),
                                                                   where + "value")
        days[f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}"][1] += whole(ID, field(ID, point, "norm", where),
                                                                   where + "norm")
    out = []
    for ind in indicators:
        if ind.params.get("query") != q:
            continue
        for day, (count, norm) in sorted(days.items()):
            if norm:
                out.append(record(ID, ind.id, day, None, count / norm, CANONICAL.format(query=quote(q)),
                                  note=NOTE.format(count=int(count), norm=int(norm))))
    return out


SOURCE = Source(ID, SCHEDULE, plan, fetch, parse)
