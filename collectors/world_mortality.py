"""Excess deaths from the World Mortality Dataset: all-cause deaths per month against the average of the same
month over a reference span of years (params baseline_from..baseline_to, 2015–2019 in the catalogue).

Method: excess(month) = deaths(month) − mean(deaths of the same calendar month in the reference years). A month
is left out unless every reference year reports it (a blank `deaths` is not reported, never 0). Belarus reports
monthly, so nothing is rescaled.
"""
from __future__ import annotations

import calendar
from datetime import date

from indicators.model.catalogue import Country

from . import http
from .base import ParseError, RawPayload, env_url, read_csv, record
from .source import Source

ID = "world_mortality"
SCHEDULE = {"day_of_week": "wed", "hour": 7, "minute": 0}
DEFAULT_URL = "https://raw.githubusercontent.com/akarlinsky/world_mortality/main"
CANONICAL = "https://github.com/akarlinsky/world_mortality"
NOTE = "{count} deaths against a {first}–{last} average of {expected}"
COLUMNS = ("iso3c", "year", "time", "time_unit", "deaths")


def plan(indicators, since: date, until: date, country: Country) -> list[str]:
    return [f"{env_url(ID, DEFAULT_URL)}/world_mortality.csv"]


def fetch(url: str, client=None) -> RawPayload:
    return http.get(ID, url, http=client)


def monthly_deaths(body: bytes, country: Country) -> dict[tuple[int, int], int]:
    """{(year, month): deaths} for the country's monthly rows that report deaths."""
    out, found = {}, False
    for line, r in enumerate(read_csv(ID, body, COLUMNS), 2):
        if r["iso3c"].strip().upper() != country.iso3 or r["time_unit"].strip() != "monthly":
            continue
        found = True
        if not r["deaths"].strip():
            continue  # not reported
        try:
            year, month, deaths = int(r["year"]), int(r["time"]), int(r["deaths"])
        except ValueError:
            raise ParseError(ID, f"row {line}", "year, time and deaths must be whole numbers") from None
        if not 1 <= month <= 12:
            raise ParseError(ID, f"time (row {line})", f"{month} is not a month")
        if (year, month) in out:
            raise ParseError(ID, f"row {line}", f"{year}-{month:02d} is reported twice")
        out[(year, month)] = deaths
    if not found:
        raise ParseError(ID, "iso3c", f"empty result: no monthly rows for {country.iso3}")
    return out


def parse(body: bytes, url: str, indicators, country: Country) -> list[dict]:
    deaths = monthly_deaths(body, country)
    out = []
    for ind in indicators:
        first, last = int(ind.params["baseline_from"]), int(ind.params["baseline_to"])
        years = range(first, last + 1)
        for (year, month), count in sorted(deaths.items()):
            reference = [deaths.get((y, month)) for y in years]
            if year <= last or None in reference:
                continue
            expected = sum(reference) / len(reference)
            end = calendar.monthrange(year, month)[1]
            note = NOTE.format(count=count, first=first, last=last, expected=f"{expected:.1f}")
            out.append(record(ID, ind.id, date(year, month, 1), date(year, month, end), round(count - expected, 1),
                              CANONICAL, note=note))
    return out


SOURCE = Source(ID, SCHEDULE, plan, fetch, parse)
