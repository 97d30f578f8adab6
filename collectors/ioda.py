"""IODA v2 raw signals for country BY (BGP, active probing, telescope), reduced to one value per day.

API: https://api.ioda.inetintel.cc.gatech.edu/v2/  (signals/raw/{entityType}/{entityCode})
No recorded response was available to test against: see tests/fixtures/ioda/SOURCE.md.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta, timezone

from . import http
from .base import env_url, ParseError, RawPayload, chunks, field, load_json, query, record

SOURCE = "ioda"
FEEDS = ("internet_active_probing_blocks", "internet_bgp_visible_prefixes")
SCHEDULE = {"hour": 2, "minute": 40}
CHUNK_DAYS = 31
COUNTRY = "BY"
DEFAULT_URL = "https://api.ioda.inetintel.cc.gatech.edu"
CANONICAL = "https://api.ioda.inetintel.cc.gatech.edu/v2/signals/raw/country/{cc}?datasource={ds}"


def base_url() -> str:
    return env_url(SOURCE, DEFAULT_URL)


def _epoch(day: date) -> int:
    return int(datetime.combine(day, time(), tzinfo=timezone.utc).timestamp())


def plan(indicators, since: date, until: date) -> list[str]:
    sources = list(dict.fromkeys(ind.params["datasource"] for ind in indicators))
    return [f"{base_url()}/v2/signals/raw/country/{COUNTRY}?from={_epoch(a)}"
            f"&until={_epoch(b + timedelta(days=1))}&datasource={ds}"
            for ds in sources for a, b in chunks(since, until, CHUNK_DAYS)]


def fetch(url: str, client=None) -> RawPayload:
    return http.get(SOURCE, url, http=client)


def _series(data) -> list[dict]:
    """The signal objects, whether `data` is a list of them or a list of lists (one per entity)."""
    out = []
    for item in data if isinstance(data, list) else []:
        out.extend(_series(item) if isinstance(item, list) else [item])
    return out


def parse(body: bytes, url: str, indicators) -> list[dict]:
    """Daily mean (or params.agg = "min") of each datasource's non-null values by UTC day, to a whole number."""
    doc = load_json(SOURCE, body)
    if not isinstance(doc, dict):
        raise ParseError(SOURCE, "body", "expected a JSON object")
    if doc.get("error"):
        raise ParseError(SOURCE, "error", str(doc["error"]))
    series = _series(field(SOURCE, doc, "data"))
    if not series:
        raise ParseError(SOURCE, "data", "empty result: no signal in the requested range")
    cc = query(url).get("entityCode") or url.rstrip("/").split("?")[0].rsplit("/", 1)[-1]
    out = []
    for i, s in enumerate(series):
        ds = field(SOURCE, s, "datasource", f"data[{i}].")
        start = int(field(SOURCE, s, "from", f"data[{i}]."))
        step = int(field(SOURCE, s, "step", f"data[{i}]."))
        values = field(SOURCE, s, "values", f"data[{i}].")
        by_day: dict[str, list[float]] = defaultdict(list)
        for k, v in enumerate(values):
            if v is not None:
                ts = datetime.fromtimestamp(start + k * step, tz=timezone.utc)
                by_day[ts.date().isoformat()].append(float(v))
        for ind in indicators:
            if ind.params.get("datasource") != ds:
                continue
            agg = min if ind.params.get("agg") == "min" else (lambda xs: sum(xs) / len(xs))  # noqa: E731
            for day, xs in sorted(by_day.items()):
                out.append(record(SOURCE, ind.id, day, None, round(agg(xs)), CANONICAL.format(cc=cc, ds=ds),
                                  note=f"{len(xs)} points, step {step}s"))
    return out
