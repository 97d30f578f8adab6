"""Wikimedia pageviews per article, daily, summed over the articles an indicator lists.

API: https://wikimedia.org/api/rest_v1/#/Pageviews%20data
"""
from __future__ import annotations

from datetime import date
from urllib.parse import quote, unquote

from indicators.catalogue import Country

from . import http
from .source import Source
from .base import env_url, ParseError, RawPayload, chunks, count, field, load_json, record

ID = "wikipedia"
SCHEDULE = {"hour": 5, "minute": 0}
CHUNK_DAYS = 366
DEFAULT_URL = "https://wikimedia.org/api/rest_v1"
CANONICAL = "https://wikimedia.org/api/rest_v1/metrics/pageviews/per-article/{project}/all-access/user/{article}/daily"


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


def fetch(url: str, client=None) -> RawPayload:
    return http.get(ID, url, http=client)


def parse(body: bytes, url: str, indicators, country: Country) -> list[dict]:
    """One record per indicator, day and article; `combine` sums the articles of a day."""
    doc = load_json(ID, body)
    items = field(ID, doc, "items")
    if not isinstance(items, list) or not items:
        raise ParseError(ID, "items", "empty result: no pageviews in the requested range")
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
        total["note"] = f"sum of {len(per_article)} article(s): " + ", ".join(sorted(per_article))
        out.append(total)
    return out


SOURCE = Source(ID, SCHEDULE, plan, fetch, parse, combine)
