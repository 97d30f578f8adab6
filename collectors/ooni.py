"""OONI measurement aggregation for the catalogue's probe country: anomaly share and confirmed blocks per day and test.

API: https://api.ooni.io/apidocs/#/default/get_api_v1_aggregation
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from indicators.catalogue import Country

from . import http
from .source import Source
from .base import env_url, ParseError, RawPayload, chunks, count, field, load_json, query, record

ID = "ooni"
SCHEDULE = {"hour": 3, "minute": 20}
CHUNK_DAYS = 90
DEFAULT_URL = "https://api.ooni.io"
CANONICAL = "https://api.ooni.io/api/v1/aggregation?probe_cc={cc}&test_name={test}&axis_x=measurement_start_day"
MEASURES = ("anomaly_share", "confirmed_count", "anomaly_count", "measurement_count")


def base_url() -> str:
    return env_url(ID, DEFAULT_URL)


def plan(indicators, since: date, until: date, country: Country) -> list[str]:
    """One daily aggregation per test name and chunk; `until` is exclusive in the API."""
    tests = list(dict.fromkeys(ind.params.get("test_name", "web_connectivity") for ind in indicators))
    return [f"{base_url()}/api/v1/aggregation?probe_cc={country.iso2}&test_name={test}"
            f"&since={a}&until={b + timedelta(days=1)}&axis_x=measurement_start_day&time_grain=day"
            for test in tests for a, b in chunks(since, until, CHUNK_DAYS)]


def fetch(url: str, client=None) -> RawPayload:
    return http.get(ID, url, http=client)


def daily_counts(doc: dict) -> dict[str, dict[str, int]]:
    """Counts summed per calendar day (the API answers per hour when no time_grain is given)."""
    if doc.get("error"):
        raise ParseError(ID, "error", str(doc["error"]))
    result = field(ID, doc, "result")
    if not isinstance(result, list):
        raise ParseError(ID, "result", "expected one row per day (axis_x=measurement_start_day)")
    if not result:
        raise ParseError(ID, "result", "empty result: no measurements in the requested range")
    days: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(MEASURES[1:], 0))
    for i, row in enumerate(result):
        day = str(field(ID, row, "measurement_start_day", f"result[{i}]."))[:10]
        for key in MEASURES[1:]:
            days[day][key] += count(ID, field(ID, row, key, f"result[{i}]."), f"result[{i}].{key}")
    return dict(days)


def parse(body: bytes, url: str, indicators, country: Country) -> list[dict]:
    doc = load_json(ID, body)
    if not isinstance(doc, dict):
        raise ParseError(ID, "body", "expected a JSON object")
    params = query(url)
    test = params.get("test_name")
    if not test:
        raise ParseError(ID, "test_name", f"the request URL {url!r} names no test")
    cc = params.get("probe_cc", country.iso2)
    days = daily_counts(doc)
    out = []
    for ind in indicators:
        if ind.params.get("test_name", "web_connectivity") != test:
            continue
        measure = ind.params.get("measure", "anomaly_share")
        if measure not in MEASURES:
            raise ParseError(ID, "params.measure", f"{measure!r} is not one of {MEASURES}")
        for day, counts in sorted(days.items()):
            if measure == "anomaly_share":
                if not counts["measurement_count"]:
                    continue
                value = 100.0 * counts["anomaly_count"] / counts["measurement_count"]
            else:
                value = counts[measure]
            out.append(record(ID, ind.id, day, None, value, CANONICAL.format(cc=cc, test=test),
                              note=f"{counts['measurement_count']} measurements"))
    return out


SOURCE = Source(ID, SCHEDULE, plan, fetch, parse)
