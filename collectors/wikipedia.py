"""Wikimedia pageviews per article, daily, summed over the articles an indicator lists.

API: https://wikimedia.org/api/rest_v1/#/Pageviews%20data
For dates without data (before an article existed, or not loaded yet) the API answers HTTP 404 with a
`not_found` body: that answer means no pageviews for that article and range (no records from that payload),
while any other 404 or error still fails the run. A run where no payload has data found nothing (logged "empty",
not failed).
"""
from __future__ import annotations

import json
from datetime import date
from urllib.parse import quote, unquote

from indicators.model.catalogue import Country

from . import http
from .source import Source
from .base import env_url, ParseError, RawPayload, chunks, count, field, load_json, record

ID = "wikipedia"
SCHEDULE = {"hour": 5, "minute": 0}
CHUNK_DAYS = 366
DEFAULT_URL = "https://wikimedia.org/api/rest_v1"
CANONICAL = "https://wikimedia.org/api/rest_v1/metrics/pageviews/per-article/{project}/all-access/user/{article}/daily"
NOTE = "sum of {count} article(s): {articles}"  # a day's total; each article's own record notes its key
NOT_FOUND = ("https://mediawiki.org/wiki/HyperSwitch/errors/not_found", "Not found.")  # type, title


def base_url() -> str:
    return env_url(ID, DEFAULT_URL)


def _key(project: str, article: str) -> str:
    return f"{project}/{unquote(article).replace(' ', '_')}"


def articles(indicators) -> list[str]:
    return sorted({_key(*a.split("/", 1)) for ind in indicators for a in ind.params.get("articles", [])})


def plan(indicators, since: date, until: date, country: Country) -> list[str]:
    urls = []
    for key in articles(indicators):
        project, article = key.split("/", 1)
        for a, b in chunks(since, until, CHUNK_DAYS):
            urls.append(f"{base_url()}/metrics/pageviews/per-article/{project}/all-access/user/"
                        f"{quote(article, safe='')}/daily/{a:%Y%m%d}00/{b:%Y%m%d}00")
    return urls


def no_data(body: bytes) -> bool:
    """Whether a body is the API's answer for dates it has no data for (sent with HTTP 404)."""
    if not body.lstrip().startswith(b"{"):
        return False
    try:
        doc = json.loads(body)
    except ValueError:
        return False
    return isinstance(doc, dict) and (doc.get("type"), doc.get("title")) == NOT_FOUND


def fetch(url: str, client=None) -> RawPayload:
    """The payload; a 404 is kept (and archived) only when its body says the range has no data."""
    raw = http.get(ID, url, http=client, accept=(404,))
    if raw.status == 404 and not no_data(raw.body):
        raise http.FetchError(f"{ID}: HTTP 404 from {url}")
    return raw


def parse(body: bytes, url: str, indicators, country: Country) -> list[dict]:
    """One record per indicator, day and article; `combine` sums the articles of a day. The API's answer for a
    range without data gives no records."""
    if no_data(body):
        return []
    doc = load_json(ID, body)
    items = field(ID, doc, "items")
    if not isinstance(items, list):
        raise ParseError(ID, "items", f"expected a list of days, got {type(items).__name__}")
    out = []
    for i, item in enumerate(items):
        where = f"items[{i}]."
        key = _key(field(ID, item, "project", where), field(ID, item, "article", where))
        stamp = str(field(ID, item, "timestamp", where))
        views = count(ID, field(ID, item, "views", where), where + "views")
        if len(stamp) < 8 or not stamp[:8].isdigit():
            raise ParseError(ID, where + "timestamp", f"{stamp!r} is not YYYYMMDDHH")
        day = f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}"
        project, article = key.split("/", 1)
        for ind in indicators:
            if key in {_key(*a.split("/", 1)) for a in ind.params.get("articles", [])}:
                out.append(record(ID, ind.id, day, None, views,
                                  CANONICAL.format(project=project, article=quote(article, safe="")),
                                  note=key))
    return out


def combine(records: list[dict]) -> list[dict]:
    """Sum each day's views over articles; a later record for the same article and day replaces an earlier one."""
    days: dict[tuple[str, str], dict[str, dict]] = {}
    for rec in records:
        days.setdefault((rec["indicator_id"], rec["period_start"]), {})[rec["note"]] = rec
    out = []
    for (indicator_id, day), per_article in days.items():
        first = next(iter(per_article.values()))
        total = dict(first)
        total["value"] = sum(r["value"] for r in per_article.values())
        total["source_url"] = f"https://pageviews.wmcloud.org/?pages={'|'.join(sorted(per_article))}"
        total["note"] = NOTE.format(count=len(per_article), articles=", ".join(sorted(per_article)))
        out.append(total)
    return out


SOURCE = Source(ID, SCHEDULE, plan, fetch, parse, combine)
