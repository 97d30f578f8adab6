"""Leaked daily COVID-19 cases in Minsk beside the official national count (2020), as compiled in
dkobak/excess-mortality (belarus/minsk.csv): the leaked counts come from the city's PCR test records, the
national ones from the Johns Hopkins series of officially reported cases.

Two indicators: the leaked Minsk cases per day, and per ISO week the ratio of leaked Minsk cases to the whole
country's official cases; above 1, one city alone had more cases than the state reported for the country.
A week enters the ratio only when all seven days are in the file with both counts; a blank count is not reported
(that day is left out of its series, never read as 0).
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from indicators.model.catalogue import Country

from .base import csv_count, csv_day, ParseError, RawPayload, read_csv, record, week_of
from .source import Source

ID = "minsk_cases"
SCHEDULE = None  # a recorded compilation: loaded from its file
CANONICAL = "https://github.com/dkobak/excess-mortality/blob/main/belarus/minsk.csv"
NOTE = "{minsk} leaked Minsk cases, {national} official national"
MINSK, NATIONAL = "new cases in Minsk", "new cases in Belarus (Johns Hopkins)"


def plan(indicators, since: date, until: date, country: Country) -> list[str]:
    return []


def fetch(url: str, client=None) -> RawPayload:
    raise RuntimeError("minsk_cases: a recorded compilation; load it with `barometer collect minsk_cases "
                       "--from-file minsk.csv`")


def parse(body: bytes, url: str, indicators, country: Country) -> list[dict]:
    days: dict[date, tuple[int | None, int | None]] = {}
    for line, r in enumerate(read_csv(ID, body, ("date", MINSK, NATIONAL)), 2):
        day = csv_day(ID, r["date"], f"date (row {line})")
        if day in days:
            raise ParseError(ID, f"date (row {line})", f"{day} is in the file twice")
        days[day] = (csv_count(ID, r[MINSK], f"{MINSK} (row {line})", "cases"),
                     csv_count(ID, r[NATIONAL], f"{NATIONAL} (row {line})", "cases"))
    if not days:
        raise ParseError(ID, "body", "empty result: no days in the file")
    weeks: dict[date, list[tuple[int, int]]] = defaultdict(list)
    for day, (minsk, national) in days.items():
        if minsk is not None and national is not None:
            weeks[week_of(day)[0]].append((minsk, national))
    out = []
    for ind in indicators:
        if ind.params["measure"] == "minsk_cases":
            out += [record(ID, ind.id, day, None, minsk, CANONICAL)
                    for day, (minsk, _) in sorted(days.items()) if minsk is not None]
        elif ind.params["measure"] == "minsk_to_national":
            for monday, counts in sorted(weeks.items()):
                national = sum(n for _, n in counts)
                if len(counts) == 7 and national > 0:
                    minsk = sum(m for m, _ in counts)
                    out.append(record(ID, ind.id, monday, monday + timedelta(days=6), round(minsk / national, 3),
                                      CANONICAL, note=NOTE.format(minsk=minsk, national=national)))
        else:
            raise ParseError(ID, "params.measure", f"{ind.params['measure']!r} is not minsk_cases or minsk_to_national")
    return out


SOURCE = Source(ID, SCHEDULE, plan, fetch, parse)
