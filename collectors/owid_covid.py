"""Our World in Data COVID-19 and excess-mortality files for Belarus: reported deaths and cases, excess deaths.

Data: https://github.com/owid/covid-19-data/tree/master/public/data
"""
from __future__ import annotations

from datetime import date, timedelta

from . import http
from .base import env_url, ParseError, RawPayload, number, read_csv, record

SOURCE = "owid_covid"
FEEDS = ("covid_deaths_reported", "covid_cases_reported", "excess_deaths")
SCHEDULE = {"day_of_week": "tue", "hour": 7, "minute": 0}
DEFAULT_URL = "https://raw.githubusercontent.com/owid/covid-19-data/master/public/data"
FILES = {"covid": "owid-covid-data.csv", "excess_mortality": "excess_mortality/excess_mortality.csv"}
CANONICAL = "https://github.com/owid/covid-19-data/blob/master/public/data/{file}"
COUNTRY, ISO_CODE = "Belarus", "BLR"
MAX_BYTES = 256 * 2 ** 20  # whole files: owid-covid-data.csv is far larger than any API answer


def base_url() -> str:
    return env_url(SOURCE, DEFAULT_URL)


def dataset(indicator) -> str:
    return indicator.params.get("dataset", "covid")


def plan(indicators, since: date, until: date) -> list[str]:
    """Whole files (OWID publishes no range queries); unchanged rows are skipped on upsert."""
    return [f"{base_url()}/{FILES[name]}" for name in sorted({dataset(i) for i in indicators})]


def fetch(url: str, client=None) -> RawPayload:
    return http.get(SOURCE, url, http=client, max_bytes=MAX_BYTES)


def parse(body: bytes, url: str, indicators) -> list[dict]:
    """Daily values from owid-covid-data.csv; weekly (ending on `date`) from excess_mortality.csv.

    A value is params.column, minus params.baseline_column when one is given.
    """
    name = "excess_mortality" if "excess_mortality" in url else "covid"
    wanted = [i for i in indicators if dataset(i) == name]
    columns = {"date"} | {i.params["column"] for i in wanted} | {
        i.params["baseline_column"] for i in wanted if "baseline_column" in i.params}
    rows = read_csv(SOURCE, body, sorted(columns))
    out, missing = [], []
    for ind in wanted:
        country = ind.params.get("country", COUNTRY)
        iso = ind.params.get("iso_code", ISO_CODE if country == COUNTRY else None)
        column, baseline = ind.params["column"], ind.params.get("baseline_column")
        mine = [r for r in rows if (r.get("iso_code") == iso if "iso_code" in r and iso else
                                    r.get("location") == country)]
        if not mine:
            missing.append(country)
            continue
        for r in mine:
            raw, base = r[column], (r[baseline] if baseline else "0")
            if raw in ("", None) or base in ("", None):
                continue
            value = number(SOURCE, raw, f"{column} ({r['date']})") - number(SOURCE, base, f"{baseline} ({r['date']})")
            try:
                day = date.fromisoformat(r["date"])
            except ValueError as exc:
                raise ParseError(SOURCE, column, f"bad row for {r['date']}: {exc}") from None
            start = day - timedelta(days=6) if name == "excess_mortality" else day
            out.append(record(SOURCE, ind.id, start, day, value,
                              CANONICAL.format(file=FILES[name])))
    if missing and len(missing) == len(wanted):
        raise ParseError(SOURCE, "location", f"empty result: no rows for {', '.join(sorted(set(missing)))}")
    return out
