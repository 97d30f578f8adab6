"""OONI measurement aggregation for the catalogue's probe country: anomaly share and confirmed blocks per day and test.

Read as OONI reads its counts: the share of anomalous measurements is (anomaly + confirmed) / (measurements −
failures) — a confirmed block is an anomaly too, and a failed test measured nothing — and it is given only for
a day with at least `params.min_measurements` usable measurements (10 unless set): below that, a volunteer or
two decide the figure, and the day gives no share. The counts behind every share are kept in its note.

API: https://api.ooni.io/apidocs/#/default/get_api_v1_aggregation
The plan asks per day (axis_x=measurement_start_day). A chunk without measurements answers `"result": []`: no
records from that payload (a run where every payload is empty found nothing: logged "empty", not failed). An
answer without an axis is one total (`"result": {...counts}`): it becomes one observation over the request's
since..until when the URL bounds both ends, and is refused when it does not (a total up to "now" has no period).
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from indicators.model.catalogue import Country

from . import http
from .source import Source
from .base import env_url, ParseError, RawPayload, chunks, count, field, load_json, query, record

ID = "ooni"
SCHEDULE = {"hour": 3, "minute": 20}
CHUNK_DAYS = 90
DEFAULT_URL = "https://api.ooni.io"
CANONICAL = "https://api.ooni.io/api/v1/aggregation?probe_cc={cc}&test_name={test}&axis_x=measurement_start_day"
NOTE = ("{measurement_count} measurements, {failure_count} failed, {anomaly_count} anomalous, "
        "{confirmed_count} confirmed blocked")
NOTE_TOTAL = NOTE + ", one total from {since} to {until} (no per-day axis)"
MEASURES = ("anomaly_share", "confirmed_count", "anomaly_count", "measurement_count", "failure_count")
MIN_MEASUREMENTS = 10


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
    """Counts summed per calendar day (the API answers per hour when no time_grain is given); {} for no rows."""
    if doc.get("error"):
        raise ParseError(ID, "error", str(doc["error"]))
    result = field(ID, doc, "result")
    if not isinstance(result, list):
        raise ParseError(ID, "result", "expected one row per day (axis_x=measurement_start_day)")
    days: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(MEASURES[1:], 0))
    for i, row in enumerate(result):
        day = str(field(ID, row, "measurement_start_day", f"result[{i}]."))[:10]
        for key in MEASURES[1:]:
            days[day][key] += count(ID, field(ID, row, key, f"result[{i}]."), f"result[{i}].{key}")
    return dict(days)


def _bound(params: dict, key: str) -> datetime:
    text = params.get(key)
    if not text:
        raise ParseError(ID, "result", f"one total with no per-day axis, and the request names no {key}: "
                                       "its period is unknown (ask with axis_x=measurement_start_day)")
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise ParseError(ID, key, f"{text!r} in the request URL is not a date") from None


def total_counts(doc: dict, params: dict) -> dict[tuple[str, str], dict[str, int]]:
    """A dimensionless answer: one total over [since, until) of the request, as {(first day, last day): counts};
    {} when nothing was measured."""
    result = doc["result"]
    counts = {key: int(field(ID, result, key, "result.")) for key in MEASURES[1:]}
    since, until = _bound(params, "since"), _bound(params, "until")
    last = until.date() - timedelta(days=1) if until.time() == time() else until.date()
    if last < since.date():
        raise ParseError(ID, "until", f"{params['until']} is not after since {params['since']}")
    return {(since.date().isoformat(), last.isoformat()): counts} if counts["measurement_count"] else {}


def parse(body: bytes, url: str, indicators, country: Country) -> list[dict]:
    doc = load_json(ID, body)
    if not isinstance(doc, dict):
        raise ParseError(ID, "body", "expected a JSON object")
    params = query(url)
    test = params.get("test_name")
    if not test:
        raise ParseError(ID, "test_name", f"the request URL {url!r} names no test")
    cc = params.get("probe_cc", country.iso2)
    if not doc.get("error") and isinstance(doc.get("result"), dict):
        periods = total_counts(doc, params)
        total = True
    else:
        periods = {(day, day): counts for day, counts in daily_counts(doc).items()}
        total = False
    out = []
    for ind in indicators:
        if ind.params.get("test_name", "web_connectivity") != test:
            continue
        measure = ind.params.get("measure", "anomaly_share")
        if measure not in MEASURES:
            raise ParseError(ID, "params.measure", f"{measure!r} is not one of {MEASURES}")
        enough = int(ind.params.get("min_measurements", MIN_MEASUREMENTS))
        for (start, end), counts in sorted(periods.items()):
            usable = counts["measurement_count"] - counts["failure_count"]
            if measure == "anomaly_share":
                if usable < max(enough, 1):
                    continue
                value = 100.0 * (counts["anomaly_count"] + counts["confirmed_count"]) / usable
            else:
                value = counts[measure]
            note = (NOTE_TOTAL if total else NOTE).format(**counts, since=params.get("since"),
                                                          until=params.get("until"))
            out.append(record(ID, ind.id, start, end, value, CANONICAL.format(cc=cc, test=test), note=note))
    return out


SOURCE = Source(ID, SCHEDULE, plan, fetch, parse)
