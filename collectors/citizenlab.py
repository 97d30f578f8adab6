"""Citizen Lab's test list for the country (lists/<cc>.csv): the URLs that network measurements (OONI) test.

Each indicator counts the URLs on the list by the end of each month, from the date each was added; params
`notes_contains` keeps only URLs whose notes say so (such as "reportedly blocked"). The list is the current
one: URLs once removed are not counted, and a month when researchers added many URLs at once rises for
that reason alone.
"""
from __future__ import annotations

import calendar
from datetime import date

from indicators.model.catalogue import Country

from . import http
from .base import csv_day, env_url, ParseError, RawPayload, read_csv, record
from .source import Source

ID = "citizenlab"
SCHEDULE = {"day_of_week": "thu", "hour": 7, "minute": 0}
DEFAULT_URL = "https://raw.githubusercontent.com/citizenlab/test-lists/master/lists"
CANONICAL = "https://github.com/citizenlab/test-lists/blob/master/lists/{cc}.csv"


def plan(indicators, since: date, until: date, country: Country) -> list[str]:
    return [f"{env_url(ID, DEFAULT_URL)}/{country.iso2.lower()}.csv"]


def fetch(url: str, client=None) -> RawPayload:
    return http.get(ID, url, http=client)


def _month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def parse(body: bytes, url: str, indicators, country: Country) -> list[dict]:
    rows = read_csv(ID, body, ("url", "date_added", "notes"))
    if not rows:
        raise ParseError(ID, "body", "empty result: the list has no URLs")
    added = []
    for line, r in enumerate(rows, 2):
        added.append((csv_day(ID, r["date_added"], f"date_added (row {line})"), (r["notes"] or "").casefold()))
    first, last = min(d for d, _ in added), max(d for d, _ in added)
    source_url = CANONICAL.format(cc=country.iso2.lower())
    out = []
    for ind in indicators:
        wanted = str(ind.params.get("notes_contains", "")).casefold()
        days = sorted(d for d, notes in added if wanted in notes)
        month, n = first.replace(day=1), 0
        while month <= last:
            end = _month_end(month)
            while n < len(days) and days[n] <= end:
                n += 1
            out.append(record(ID, ind.id, end, end, n, source_url))
            month = _next_month(month)
    return out


SOURCE = Source(ID, SCHEDULE, plan, fetch, parse)
