"""National Bank of the Republic of Belarus: official BYN rates per USD, EUR and 100 RUB, daily.

API: https://www.nbrb.by/apihelp/exrates  (dynamics of one currency, at most 365 days a request)
"""
from __future__ import annotations

from datetime import date

from indicators.model.catalogue import Country, CurrencyId

from . import http
from .source import Source
from .base import env_url, ParseError, RawPayload, chunks, field, load_json, record

ID = "nbrb"
SCHEDULE = {"hour": 10, "minute": 30}  # UTC; rates for tomorrow are set around midday Minsk time
CHUNK_DAYS = 365
DEFAULT_URL = "https://api.nbrb.by"
CANONICAL = "https://api.nbrb.by/exrates/rates/dynamics/"


def base_url() -> str:
    return env_url(ID, DEFAULT_URL)


def spans(indicator, country: Country) -> tuple[CurrencyId, ...]:
    """The bank's ids for an indicator's currency, each valid over a span (the catalogue's
    country.currency_ids: NBRB renumbered on 2021-07-09); params.cur_id overrides them."""
    params = indicator.params
    if "cur_id" in params:
        return (CurrencyId(int(params["cur_id"])),)
    return country.currency_ids.get(str(params.get("currency", "")).upper(), ())


def plan(indicators, since: date, until: date, country: Country) -> list[str]:
    """The dynamics URLs covering [since, until] for each indicator, at most a year each."""
    urls = []
    for indicator in indicators:
        for span in spans(indicator, country):
            start = max(since, span.valid_from or since)
            end = min(until, span.valid_to or until)
            for a, b in chunks(start, end, CHUNK_DAYS):
                urls.append(f"{base_url()}/exrates/rates/dynamics/{span.id}?startdate={a}&enddate={b}")
    return urls


def fetch(url: str, client=None) -> RawPayload:
    return http.get(ID, url, http=client)


def parse(body: bytes, url: str, indicators, country: Country) -> list[dict]:
    """One observation per day and currency: BYN per unit (per 100 for RUB) as NBRB states it."""
    rows = load_json(ID, body)
    if not isinstance(rows, list):
        raise ParseError(ID, "body", "expected a list of daily rates")
    if not rows:
        raise ParseError(ID, "body", "empty result: no rates in the requested range")
    by_id = {span.id: ind.id for ind in indicators for span in spans(ind, country)}
    urls = {cur_id: f"{CANONICAL}{cur_id}" for cur_id in by_id}
    try:  # the common case, fast; a malformed row falls through to the checks that name its field
        return [record(ID, by_id[row["Cur_ID"]], row["Date"][:10], None, row["Cur_OfficialRate"],
                       urls[row["Cur_ID"]])
                for row in rows if row["Cur_ID"] in by_id]
    except (KeyError, TypeError):
        pass
    out = []
    for i, row in enumerate(rows):
        cur_id = field(ID, row, "Cur_ID", f"[{i}].")
        day = str(field(ID, row, "Date", f"[{i}]."))[:10]
        rate = field(ID, row, "Cur_OfficialRate", f"[{i}].")
        if cur_id in by_id:
            out.append(record(ID, by_id[cur_id], day, None, rate, f"{CANONICAL}{cur_id}"))
    return out


SOURCE = Source(ID, SCHEDULE, plan, fetch, parse)
