"""ACLED export files (downloaded by the user with their own key): weekly event counts for Belarus.

Export tool: https://acleddata.com/data-export-tool/  — no network fetch; use `collect acled --from-file`.
Columns are read by name, so older exports (data_id, iso, …, iso3) and newer ones (…, disorder_type, …)
both work. Dates come as ISO or as a spreadsheet re-saved them ("9-May-20"): see tests/fixtures/acled/ID.md.
"""
from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

from indicators.model.catalogue import Country

from .source import Source
from .base import ParseError, RawPayload, read_csv, record, week_of

ID = "acled"
SCHEDULE = None  # exports need the user's own access key; collected from files only
CANONICAL = "https://acleddata.com/data-export-tool/"
NOTE = "{kind} in {place}"
_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d-%b-%y", "%d/%m/%Y")


def plan(indicators, since: date, until: date, country: Country) -> list[str]:
    return []


def fetch(url: str, client=None) -> RawPayload:
    raise RuntimeError("acled: exports need your own ACLED access key; download the CSV and run "
                       "`barometer collect acled --from-file PATH`")


def _day(text: str, where: str) -> date:
    for fmt in _FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise ParseError(ID, where, f"{text!r} is not a date")


def parse(body: bytes, url: str, indicators, country: Country) -> list[dict]:
    """Events per ISO week (Monday–Sunday) and event type, with zero for quiet weeks in the file's span.

    A zero is only written for an event type that appears somewhere in the export (any country): an export
    filtered to other types says nothing about it, so that type gets no records at all."""
    rows = read_csv(ID, body, ("event_date", "event_type", "country"))
    in_export = {r["event_type"] for r in rows}
    out = []
    for ind in indicators:
        place = ind.params.get("country", country.name)
        mine = [r for r in rows if r["country"] == place]
        if not mine:
            raise ParseError(ID, "country", f"empty result: no events for {place} in the file")
        kind = ind.params["event_type"]
        if kind not in in_export:
            continue
        days = [_day(r["event_date"], f"event_date (event {r.get('event_id_cnty', '?')})") for r in mine]
        counts = Counter(week_of(d)[0] for d, r in zip(days, mine) if r["event_type"] == kind)
        monday, last = week_of(min(days))[0], week_of(max(days))[0]
        while monday <= last:
            out.append(record(ID, ind.id, monday, monday + timedelta(days=6), counts.get(monday, 0),
                              CANONICAL, note=NOTE.format(kind=kind, place=place)))
            monday += timedelta(days=7)
    return out


SOURCE = Source(ID, SCHEDULE, plan, fetch, parse)
