"""A generic collector for sources without their own module: a CSV or JSON file by URL, configured per indicator.

params: url, date_column, value_column; optional format ("csv" | "json"), records (JSON key holding the
rows), filter ({column = value}), period ("day" | "week" | "month" | "year").
"""
from __future__ import annotations

import calendar
from datetime import date

from indicators import settings
from indicators.model.catalogue import Country

from . import http
from .source import Source
from .base import ParseError, RawPayload, field, load_json, number, read_csv, record, week_of

ID = "csv"
SCHEDULE = {"hour": 8, "minute": 0}


def url_of(indicator) -> str:
    return settings.CSV_URL.text(indicator.id, indicator.params["url"])


def plan(indicators, since: date, until: date, country: Country) -> list[str]:
    return sorted({url_of(i) for i in indicators})


def fetch(url: str, client=None) -> RawPayload:
    return http.get(ID, url, http=client)


def _period(day: date, period: str) -> tuple[date, date]:
    if period == "week":
        return week_of(day)
    if period == "month":
        return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if period == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    return day, day


def _rows(body: bytes, params: dict) -> list[dict]:
    if params.get("format", "csv") == "json":
        doc = load_json(ID, body)
        rows = field(ID, doc, params["records"]) if params.get("records") else doc
        if not isinstance(rows, list):
            raise ParseError(ID, params.get("records", "body"), "expected a list of records")
        return rows
    return read_csv(ID, body, (params["date_column"], params["value_column"]))


def parse(body: bytes, url: str, indicators, country: Country) -> list[dict]:
    out = []
    for ind in indicators:
        if url_of(ind) != url and not url.startswith("file:"):
            continue
        p = ind.params
        rows = [r for r in _rows(body, p)
                if all(str(r.get(k)) == str(v) for k, v in p.get("filter", {}).items())]
        if not rows:
            raise ParseError(ID, "rows", f"empty result: no rows match {p.get('filter', {})}")
        for i, r in enumerate(rows):
            raw = field(ID, r, p["value_column"], f"rows[{i}].")
            if raw in ("", None):
                continue
            value = number(ID, raw, f"rows[{i}].{p['value_column']}")
            try:
                day = date.fromisoformat(str(field(ID, r, p["date_column"], f"rows[{i}]."))[:10])
            except ValueError as exc:
                raise ParseError(ID, f"rows[{i}]", str(exc)) from None
            start, end = _period(day, p.get("period", "day"))
            out.append(record(ID, ind.id, start, end, value, p["url"]))
    return out


SOURCE = Source(ID, SCHEDULE, plan, fetch, parse)
