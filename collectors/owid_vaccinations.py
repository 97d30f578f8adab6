"""COVID-19 vaccinations from Our World in Data's per-country file: people with at least one dose and people
fully vaccinated, cumulative, on the dates OWID recorded them, each with the official source OWID cites."""
from __future__ import annotations

from datetime import date

from indicators.model.catalogue import Country
from indicators.model.validation import is_http_url

from . import http
from .base import csv_count, csv_day, env_url, ParseError, RawPayload, read_csv, record
from .source import Source

ID = "owid_vaccinations"
SCHEDULE = None  # OWID stopped updating its COVID-19 data in 2024; the recorded file is the history
DEFAULT_URL = "https://raw.githubusercontent.com/owid/covid-19-data/master/public/data/vaccinations/country_data"
CANONICAL = "https://github.com/owid/covid-19-data/tree/master/public/data/vaccinations"
NOTE = "OWID cites: {cited}"


def plan(indicators, since: date, until: date, country: Country) -> list[str]:
    return [f"{env_url(ID, DEFAULT_URL)}/{country.name}.csv"]


def fetch(url: str, client=None) -> RawPayload:
    return http.get(ID, url, http=client)


def parse(body: bytes, url: str, indicators, country: Country) -> list[dict]:
    columns = sorted({i.params["column"] for i in indicators})
    rows = read_csv(ID, body, ("location", "date", "source_url", *columns))
    mine = [(line, r) for line, r in enumerate(rows, 2) if r["location"].strip() == country.name]
    if not mine:
        raise ParseError(ID, "location", f"empty result: no rows for {country.name}")
    out = []
    for line, r in mine:
        day = csv_day(ID, r["date"], f"date (row {line})")
        cited = r["source_url"].strip()
        for ind in indicators:
            value = csv_count(ID, r[ind.params["column"]], f"{ind.params['column']} (row {line})")
            if value is None:  # not reported on that date: left out, never read as 0
                continue
            out.append(record(ID, ind.id, day, None, value, cited if is_http_url(cited) else CANONICAL,
                              note=None if is_http_url(cited) else NOTE.format(cited=cited)[:500]))
    return out


SOURCE = Source(ID, SCHEDULE, plan, fetch, parse)
