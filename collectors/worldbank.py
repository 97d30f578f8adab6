"""World Bank Indicators API v2 for Belarus: GDP growth, inflation, unemployment, annual.

API: https://datahelpdesk.worldbank.org/knowledgebase/articles/898581
"""
from __future__ import annotations

import re
from datetime import date

from . import http
from .base import env_url, ParseError, RawPayload, field, load_json, number, record

SOURCE = "worldbank"
FEEDS = ("gdp_growth", "inflation_cpi", "unemployment_rate")
SCHEDULE = {"day_of_week": "mon", "hour": 4, "minute": 10}
COUNTRY = "BLR"
DEFAULT_URL = "https://api.worldbank.org"
CANONICAL = "https://api.worldbank.org/v2/country/{cc}/indicator/{code}"
_COUNTRY_IN_URL = re.compile(r"/countr(?:y|ies)/([^/?]+)/", re.IGNORECASE)


def base_url() -> str:
    return env_url(SOURCE, DEFAULT_URL)


def plan(indicators, since: date, until: date) -> list[str]:
    codes = list(dict.fromkeys(ind.params["indicator"] for ind in indicators))
    return [f"{base_url()}/v2/country/{COUNTRY}/indicator/{code}"
            f"?format=json&date={since.year}:{until.year}&per_page=1000" for code in codes]


def fetch(url: str, client=None) -> RawPayload:
    return http.get(SOURCE, url, http=client)


def parse(body: bytes, url: str, indicators, country: str | None = None) -> list[dict]:
    """One observation per year with a value; rows of other countries are ignored.

    The country comes from `country` or the request URL (/country/BLR/); "all" keeps every row.
    """
    doc = load_json(SOURCE, body)
    if not isinstance(doc, list) or not doc:
        raise ParseError(SOURCE, "body", "expected the [page info, rows] pair")
    if isinstance(doc[0], dict) and "message" in doc[0]:
        messages = doc[0]["message"] or [{}]
        raise ParseError(SOURCE, "message", "; ".join(str(m.get("value", m)) for m in messages))
    if len(doc) < 2 or not doc[1]:
        raise ParseError(SOURCE, "rows", "empty result: no data for this country and years")
    if country is None:
        found = _COUNTRY_IN_URL.search(url)
        country = found.group(1) if found else COUNTRY
    wanted = None if country.lower() == "all" else country.upper()
    by_code = {}
    for ind in indicators:
        by_code.setdefault(ind.params.get("indicator"), []).append(ind.id)
    out = []
    for i, row in enumerate(doc[1]):
        where = f"rows[{i}]."
        code = field(SOURCE, field(SOURCE, row, "indicator", where), "id", where + "indicator.")
        place = field(SOURCE, row, "country", where)
        iso3 = row.get("countryiso3code") or ""
        if wanted and wanted not in (iso3.upper(), str(place.get("id", "")).upper()):
            continue
        year = str(field(SOURCE, row, "date", where))
        value = field(SOURCE, row, "value", where)
        if value is None or code not in by_code:
            continue
        if not re.fullmatch(r"\d{4}", year):
            raise ParseError(SOURCE, where + "date", f"{year!r} is not a year")
        for indicator_id in by_code[code]:
            out.append(record(SOURCE, indicator_id, f"{year}-01-01", f"{year}-12-31",
                              number(SOURCE, value, where + "value"),
                              CANONICAL.format(cc=iso3 or place.get("id"), code=code)))
    return out
