"""National Bank of the Republic of Belarus: official BYN rates per USD, EUR and 100 RUB, daily.

API: https://www.nbrb.by/apihelp/exrates  (dynamics of one currency, at most 365 days a request)
"""
from __future__ import annotations

from datetime import date

from . import http
from .base import env_url, ParseError, RawPayload, chunks, field, load_json, record

SOURCE = "nbrb"
FEEDS = ("exchange_rate_byn_usd", "exchange_rate_byn_eur", "exchange_rate_byn_100_rub")
SCHEDULE = {"hour": 10, "minute": 30}  # UTC; rates for tomorrow are set around midday Minsk time
CHUNK_DAYS = 365
DEFAULT_URL = "https://api.nbrb.by"
CANONICAL = "https://api.nbrb.by/exrates/rates/dynamics/"
# NBRB renumbered its currencies on 2021-07-09 (Cur_ID 145 -> 431 for USD and so on);
# each id is valid over a span, and a backfill across the change needs both.
CURRENCY_IDS = {
    "USD": ((145, None, date(2021, 7, 8)), (431, date(2021, 7, 9), None)),
    "EUR": ((292, None, date(2021, 7, 8)), (451, date(2021, 7, 9), None)),
    "RUB": ((298, None, date(2021, 7, 8)), (456, date(2021, 7, 9), None)),
}


def base_url() -> str:
    return env_url(SOURCE, DEFAULT_URL)


def spans(indicator) -> tuple[tuple[int, date | None, date | None], ...]:
    """The (Cur_ID, valid from, valid to) spans for an indicator; params.cur_id overrides the table."""
    params = indicator.params
    if "cur_id" in params:
        return ((int(params["cur_id"]), None, None),)
    return CURRENCY_IDS.get(str(params.get("currency", "")).upper(), ())


def plan(indicators, since: date, until: date) -> list[str]:
    """The dynamics URLs covering [since, until] for each indicator, at most a year each."""
    urls = []
    for indicator in indicators:
        for cur_id, valid_from, valid_to in spans(indicator):
            start = max(since, valid_from or since)
            end = min(until, valid_to or until)
            for a, b in chunks(start, end, CHUNK_DAYS):
                urls.append(f"{base_url()}/exrates/rates/dynamics/{cur_id}?startdate={a}&enddate={b}")
    return urls


def fetch(url: str, client=None) -> RawPayload:
    return http.get(SOURCE, url, http=client)


def parse(body: bytes, url: str, indicators) -> list[dict]:
    """One observation per day and currency: BYN per unit (per 100 for RUB) as NBRB states it."""
    rows = load_json(SOURCE, body)
    if not isinstance(rows, list):
        raise ParseError(SOURCE, "body", "expected a list of daily rates")
    if not rows:
        raise ParseError(SOURCE, "body", "empty result: no rates in the requested range")
    by_id = {cur_id: ind.id for ind in indicators for cur_id, _, _ in spans(ind)}
    urls = {cur_id: f"{CANONICAL}{cur_id}" for cur_id in by_id}
    try:  # the common case, fast; a malformed row falls through to the checks that name its field
        return [record(SOURCE, by_id[row["Cur_ID"]], row["Date"][:10], None, row["Cur_OfficialRate"],
                       urls[row["Cur_ID"]])
                for row in rows if row["Cur_ID"] in by_id]
    except (KeyError, TypeError):
        pass
    out = []
    for i, row in enumerate(rows):
        cur_id = field(SOURCE, row, "Cur_ID", f"[{i}].")
        day = str(field(SOURCE, row, "Date", f"[{i}]."))[:10]
        rate = field(SOURCE, row, "Cur_OfficialRate", f"[{i}].")
        if cur_id in by_id:
            out.append(record(SOURCE, by_id[cur_id], day, None, rate, f"{CANONICAL}{cur_id}"))
    return out
