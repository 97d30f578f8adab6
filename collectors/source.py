"""The contract every source keeps: what a collector module hands the runner.

A new source is one module that ends with `SOURCE = Source(...)`, its rows in the catalogue (an indicator's
`collector` and `params` are the one place that says what the source feeds) and its recorded fixture.

- `plan(indicators, since, until, country)` lists the requests that cover the days asked for. Pure.
- `fetch(url, client)` performs one request and returns the bytes untouched (I/O only); an error status that
  means "no data" for the source (Wikimedia's 404 not_found) comes back as a payload, any other one raises.
- `parse(body, url, indicators, country)` turns one payload into records for validation. Pure; raises
  ParseError naming the field when the payload is not what the source promises; a payload that says the range
  has no data gives [] (the runner fails a run only when no payload gave anything). One figure per indicator,
  period and source address in a payload: a repeated key fails the run.
- `combine(records)`, optional, merges records of several payloads (pageviews of several articles a day).
- `schedule` is the cron fields (UTC) of the scheduler's job, or None for sources read from files only.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from indicators.model.catalogue import Country, Indicator

from .base import RawPayload

Plan = Callable[[Sequence[Indicator], date, date, Country], list[str]]
Fetch = Callable[..., RawPayload]
Parse = Callable[[bytes, str, Sequence[Indicator], Country], list[dict]]
Combine = Callable[[list[dict]], list[dict]]


@dataclass(frozen=True)
class Source:
    id: str
    schedule: dict | None
    plan: Plan
    fetch: Fetch
    parse: Parse
    combine: Combine | None = None
