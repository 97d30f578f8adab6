"""OONI measurement aggregation for probe country BY: anomaly share and confirmed blocks per day and test.

API: https://api.ooni.io/apidocs/#/default/get_api_v1_aggregation
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from . import http
from .base import env_url, ParseError, RawPayload, chunks, count, field, load_json, query, record

SOURCE = "ooni"
FEEDS = ("ooni_anomaly_share", "ooni_confirmed_blocked", "ooni_messaging_anomaly_share")
SCHEDULE = {"hour": 3, "minute": 20}
CHUNK_DAYS = 90
COUNTRY = "BY"
DEFAULT_URL = "https://api.ooni.io"
CANONICAL = "https://api.ooni.io/api/v1/aggregation?probe_cc={cc}&test_name={test}&axis_x=measurement_start_day"
MEASURES = ("anomaly_share", "confirmed_count", "anomaly_count", "measurement_count")


def base_url() -> str:
    return env_url(SOURCE, DEFAULT_URL)


def plan(indicators, since: date, until: date) -> list[str]:
    """One daily aggregation per test name and chunk; `until` is exclusive in the API."""
    tests = list(dict.fromkeys(ind.params.get("test_name", "web_connectivity") for ind in indicators))
    return [f"{base_url()}/api/v1/aggregation?probe_cc={COUNTRY}&test_name={test}"
            f"&since={a}&until={b + timedelta(days=1)}&axis_x=measurement_start_day&time_grain=day"
            for test in tests for a, b in chunks(since, until, CHUNK_DAYS)]


def fetch(url: str, client=None) -> RawPayload:
    return http.get(SOURCE, url, http=client)


def daily_counts(doc: dict) -> dict[str, dict[str, int]]:
    """Counts summed per calendar day (the API answers per hour when no time_grain is given)."""
    if doc.get("error"):
        raise ParseError(SOURCE, "error", str(doc["error"]))
    result = field(SOURCE, doc, "result")
    if not isinstance(result, list):
        raise ParseError(SOURCE, "result", "expected one row per day (axis_x=measurement_start_day)")
    if not result:
        raise ParseError(SOURCE, "result", "empty result: no measurements in the requested range")
    days: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(MEASURES[1:], 0))
    for i, row in enumerate(result):
        day = str(field(SOURCE, row, "measurement_start_day", f"result[{i}]."))[:10]
        for key in MEASURES[1:]:
            days[day][key] += count(SOURCE, field(SOURCE, row, key, f"result[{i}]."), f"result[{i}].{key}")
    return dict(days)


def parse(body: bytes, url: str, indicators) -> list[dict]:
    doc = load_json(SOURCE, body)
    if not isinstance(doc, dict):
        raise ParseError(SOURCE, "body", "expected a JSON object")
    params = query(url)
    test = params.get("test_name")
    if not test:
        raise ParseError(SOURCE, "test_name", f"the request URL {url!r} names no test")
    cc = params.get("probe_cc", COUNTRY)
    days = daily_counts(doc)
    out = []
    for ind in indicators:
        if ind.params.get("test_name", "web_connectivity") != test:
            continue
        measure = ind.params.get("measure", "anomaly_share")
        if measure not in MEASURES:
            raise ParseError(SOURCE, "params.measure", f"{measure!r} is not one of {MEASURES}")
        for day, counts in sorted(days.items()):
            if measure == "anomaly_share":
                if not counts["measurement_count"]:
                    continue
                value = 100.0 * counts["anomaly_count"] / counts["measurement_count"]
            else:
                value = counts[measure]
            out.append(record(SOURCE, ind.id, day, None, value, CANONICAL.format(cc=cc, test=test),
                              note=f"{counts['measurement_count']} measurements"))
    return out
