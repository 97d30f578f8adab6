"""World Bank World Development Indicators for the catalogue's country, annual: from the Indicators API v2
(JSON), or from the CSV layout of the WDI data packages (Country Name, Country Code, Year, Value; one
indicator per file, named by the request URL's /indicators/<code>/ part).

API: https://datahelpdesk.worldbank.org/knowledgebase/articles/898581
"""
from __future__ import annotations

import re
from datetime import date

from indicators.model.catalogue import Country

from . import http
from .base import env_url, ParseError, RawPayload, field, load_json, number, read_csv, record
from .source import Source

ID = "worldbank"
SCHEDULE = {"day_of_week": "mon", "hour": 4, "minute": 10}
DEFAULT_URL = "https://api.worldbank.org"
CANONICAL = "https://api.worldbank.org/v2/country/{cc}/indicator/{code}"
_COUNTRY_IN_URL = re.compile(r"/countr(?:y|ies)/([^/?]+)/", re.IGNORECASE)
_CODE_IN_URL = re.compile(r"/indicators?/([A-Za-z0-9_.]+)(?:/|$|\?)")
CSV_COLUMNS = ("Country Code", "Year", "Value")


def base_url() -> str:
    return env_url(ID, DEFAULT_URL)


def plan(indicators, since: date, until: date, country: Country) -> list[str]:
    codes = list(dict.fromkeys(ind.params["indicator"] for ind in indicators))
    return [f"{base_url()}/v2/country/{country.iso3}/indicator/{code}"
            f"?format=json&date={since.year}:{until.year}&per_page=1000" for code in codes]


def fetch(url: str, client=None) -> RawPayload:
    return http.get(ID, url, http=client)


def parse_csv(body: bytes, url: str, indicators, country: Country) -> list[dict]:
    """The WDI data package layout: one indicator per file, its code in the URL; the country's rows only."""
    found = _CODE_IN_URL.search(url)
    if not found:
        raise ParseError(ID, "url", f"{url!r} names no indicator code (…/indicators/<code>/…)")
    code = found.group(1).upper()
    ids = [ind.id for ind in indicators if str(ind.params.get("indicator", "")).upper() == code]
    out = []
    for line, row in enumerate(read_csv(ID, body, CSV_COLUMNS), 2):
        if row["Country Code"].strip().upper() != country.iso3 or not row["Value"].strip():
            continue
        year = row["Year"].strip()
        if not re.fullmatch(r"\d{4}", year):
            raise ParseError(ID, f"Year (row {line})", f"{year!r} is not a year")
        try:
            value = float(row["Value"])
        except ValueError:
            raise ParseError(ID, f"Value (row {line})", f"{row['Value']!r} is not a number") from None
        out += [record(ID, i, f"{year}-01-01", f"{year}-12-31", value, CANONICAL.format(cc=country.iso3, code=code))
                for i in ids]
    return out


def parse(body: bytes, url: str, indicators, country: Country) -> list[dict]:
    """One observation per year with a value; rows of other countries are ignored.

    The country comes from the request URL (/country/BLR/), else the catalogue's; "all" keeps every row.
    """
    if body.lstrip(b"\xef\xbb\xbf").startswith(b"Country Name,"):
        return parse_csv(body, url, indicators, country)
    doc = load_json(ID, body)
    if not isinstance(doc, list) or not doc:
        raise ParseError(ID, "body", "expected the [page info, rows] pair")
    if isinstance(doc[0], dict) and "message" in doc[0]:
        messages = doc[0]["message"] or [{}]
        raise ParseError(ID, "message", "; ".join(str(m.get("value", m)) for m in messages))
    if len(doc) < 2 or not doc[1]:
        raise ParseError(ID, "rows", "empty result: no data for this country and years")
    found = _COUNTRY_IN_URL.search(url)
    code = found.group(1) if found else country.iso3
    wanted = None if code.lower() == "all" else code.upper()
    by_code = {}
    for ind in indicators:
        by_code.setdefault(ind.params.get("indicator"), []).append(ind.id)
    out = []
    for i, row in enumerate(doc[1]):
        where = f"rows[{i}]."
        code = field(ID, field(ID, row, "indicator", where), "id", where + "indicator.")
        place = field(ID, row, "country", where)
        iso3 = row.get("countryiso3code") or ""
        if wanted and wanted not in (iso3.upper(), str(place.get("id", "")).upper()):
            continue
        year = str(field(ID, row, "date", where))
        value = field(ID, row, "value", where)
        if value is None or code not in by_code:
            continue
        if not re.fullmatch(r"\d{4}", year):
            raise ParseError(ID, where + "date", f"{year!r} is not a year")
        for indicator_id in by_code[code]:
            out.append(record(ID, indicator_id, f"{year}-01-01", f"{year}-12-31",
                              number(ID, value, where + "value"),
                              CANONICAL.format(cc=iso3 or place.get("id"), code=code)))
    return out


SOURCE = Source(ID, SCHEDULE, plan, fetch, parse)
