"""WHO COVID-19 cases and deaths, weekly, from WHO's global data file (every country in one CSV).

WHO counts by epidemiological week, Monday to Sunday: a row dated Sunday `Date_reported` covers the seven
days ending that day. A blank count means nothing was reported that week and is left out, never read as 0.
"""
from __future__ import annotations

from datetime import date, timedelta

from indicators.model.catalogue import Country

from . import http
from .base import csv_count, csv_day, env_url, ParseError, RawPayload, read_csv, record
from .source import Source

ID = "who_covid"
SCHEDULE = {"day_of_week": "tue", "hour": 7, "minute": 0}
DEFAULT_URL = "https://covid19.who.int"
CANONICAL = "https://covid19.who.int/WHO-COVID-19-global-data.csv"
COLUMNS = ("Date_reported", "Country_code")


def plan(indicators, since: date, until: date, country: Country) -> list[str]:
    """The whole file (WHO publishes no range queries); unchanged weeks are skipped on upsert."""
    return [f"{env_url(ID, DEFAULT_URL)}/WHO-COVID-19-global-data.csv"]


def fetch(url: str, client=None) -> RawPayload:
    return http.get(ID, url, http=client)


def parse(body: bytes, url: str, indicators, country: Country) -> list[dict]:
    """One figure per week and indicator (params.column: New_cases or New_deaths) for the country."""
    rows = read_csv(ID, body, (*COLUMNS, *sorted({i.params["column"] for i in indicators})))
    out, found = [], False
    for line, r in enumerate(rows, 2):
        if r["Country_code"].strip().upper() != country.iso2:
            continue
        found = True
        end = csv_day(ID, r["Date_reported"], f"Date_reported (row {line})")
        for ind in indicators:
            value = csv_count(ID, r[ind.params["column"]], f"{ind.params['column']} ({r['Date_reported']})", "people")
            if value is not None:
                out.append(record(ID, ind.id, end - timedelta(days=6), end, value, CANONICAL))
    if not found:
        raise ParseError(ID, "Country_code", f"empty result: no rows for {country.iso2} in the file")
    return out


SOURCE = Source(ID, SCHEDULE, plan, fetch, parse)
