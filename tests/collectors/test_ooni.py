"""The OONI parser turns aggregation rows into anomaly shares and confirmed counts per day; an empty chunk gives
no records, and a total without an axis is one observation for a bounded range."""
import json
from datetime import date

import pytest

from collectors import ooni, runner
from collectors.base import ParseError
from tests.collectors.helpers import BY, Ind, counts, fixture, only

SHARE = Ind("ooni_anomaly_share", {"test_name": "web_connectivity", "measure": "anomaly_share"})
CONFIRMED = Ind("ooni_confirmed_blocked", {"test_name": "web_connectivity", "measure": "confirmed_count"})
TELEGRAM = Ind("ooni_messaging_anomaly_share", {"test_name": "telegram", "measure": "anomaly_share"})
DAY_URL = ("https://api.ooni.io/api/v1/aggregation?probe_cc=CH&probe_asn=AS3303&test_name=web_connectivity"
           "&since=2021-07-09&until=2021-07-11&time_grain=day&axis_x=measurement_start_day")


def test_parse_computes_the_share_of_anomalous_measurements():
    rows = ooni.parse(fixture("ooni", "aggregation_CH_AS3303_axis_x_day_2021-07-09.json"), DAY_URL,
                      [SHARE, CONFIRMED, TELEGRAM], BY)
    assert [(r["indicator_id"], r["period_start"], r["value"]) for r in rows] == [
        ("ooni_anomaly_share", "2021-07-09", pytest.approx(100 * (187 + 0) / (1689 - 5))),
        ("ooni_confirmed_blocked", "2021-07-09", 0),
    ]
    assert rows[0]["source_url"] == ("https://api.ooni.io/api/v1/aggregation?probe_cc=CH"
                                     "&test_name=web_connectivity&axis_x=measurement_start_day")
    assert rows[0]["note"] == "1689 measurements, 5 failed, 187 anomalous, 0 confirmed blocked"


def test_parse_sums_hourly_rows_into_days():
    url = "https://api.ooni.io/api/v1/aggregation?test_name=web_connectivity&since=2021-07-09&until=2021-07-11"
    rows = ooni.parse(fixture("ooni", "aggregation_axis_x_hour_2021-07-09.json"), url, [SHARE, CONFIRMED], BY)
    assert [(r["period_start"], r["value"]) for r in rows] == [
        ("2021-07-09", pytest.approx(100 * (686 + 42) / (9991 - 777))), ("2021-07-09", 42)]


def test_parse_needs_the_test_name_from_the_request():
    with pytest.raises(ParseError, match="test_name"):
        ooni.parse(fixture("ooni", "aggregation_axis_x_hour_2021-07-09.json"), "https://api.ooni.io/x", [SHARE], BY)


def test_parse_names_a_renamed_count():
    body = fixture("ooni", "aggregation_CH_AS3303_axis_x_day_2021-07-09.json").replace(b"anomaly_count", b"anomalies")
    with pytest.raises(ParseError, match=r"ooni: result\[0\]\.anomaly_count: missing"):
        ooni.parse(body, DAY_URL, [SHARE], BY)


def test_plan_asks_each_test_once_per_chunk_with_exclusive_until(production_urls):
    urls = ooni.plan([SHARE, CONFIRMED, TELEGRAM], date(2020, 8, 1), date(2020, 8, 31), BY)
    assert len(urls) == 2
    assert "test_name=telegram&since=2020-08-01&until=2020-09-01" in urls[1]


BY_TOR = fixture("ooni", "aggregation_BY_tor_since2020-10-10.json")
BY_TOR_URL = "https://api.ooni.io/api/v1/aggregation?probe_cc=BY&since=2020-10-10T10:30:00&test_name=tor"
TOR = Ind("tor_anomaly_share", {"test_name": "tor", "measure": "anomaly_share"})
TOR_COUNT = Ind("tor_measurements", {"test_name": "tor", "measure": "measurement_count"})


def test_a_total_without_an_end_is_refused_for_want_of_a_period():
    """The recorded Belarus answer has no axis and its request no `until`: a total up to whenever it was asked."""
    with pytest.raises(ParseError, match=r"ooni: result: one total with no per-day axis, and the request names no "
                                         r"until: its period is unknown \(ask with axis_x=measurement_start_day\)"):
        ooni.parse(BY_TOR, BY_TOR_URL, [TOR], BY)


def test_a_total_over_a_bounded_range_is_one_observation_for_that_range():
    url = BY_TOR_URL + "&until=2020-10-17"
    rows = ooni.parse(BY_TOR, url, [TOR, TOR_COUNT], BY)
    assert [(r["indicator_id"], r["period_start"], r["period_end"], r["value"]) for r in rows] == [
        ("tor_anomaly_share", "2020-10-10", "2020-10-16", pytest.approx(100 * (365 + 0) / (407 - 0))),
        ("tor_measurements", "2020-10-10", "2020-10-16", 407)]
    assert rows[0]["note"] == ("407 measurements, 0 failed, 365 anomalous, 0 confirmed blocked, one total from "
                               "2020-10-10T10:30:00 to 2020-10-17 (no per-day axis)")
    assert rows[0]["source_url"] == ("https://api.ooni.io/api/v1/aggregation?probe_cc=BY&test_name=tor"
                                     "&axis_x=measurement_start_day")


def test_a_total_of_nothing_measured_gives_no_records():
    zero = fixture("ooni", "aggregation_zero_counts_dim0_oonirun_nonBY.json")
    url = "https://api.ooni.io/api/v1/aggregation?test_name=tor&since=2021-07-09&until=2021-07-10"
    assert ooni.parse(zero, url, [TOR, TOR_COUNT], BY) == []


def test_an_empty_chunk_gives_no_records():
    assert ooni.parse(b'{"dimension_count": 1, "result": [], "v": 0}', DAY_URL, [SHARE, CONFIRMED], BY) == []


def _serve_two_chunks(httpserver, monkeypatch, first: bytes, second: bytes):
    """web_connectivity from 2021-04-10 to 2021-07-09: two chunks of the plan, served locally."""
    monkeypatch.setenv("BAROMETER_OONI_URL", httpserver.url_for("/ooni"))
    for (since, until), body in zip([("2021-04-10", "2021-07-09"), ("2021-07-09", "2021-07-10")], [first, second]):
        httpserver.expect_request("/ooni/api/v1/aggregation", query_string=(
            f"probe_cc=BY&test_name=web_connectivity&since={since}&until={until}"
            "&axis_x=measurement_start_day&time_grain=day")).respond_with_data(body, content_type="application/json")


EMPTY = b'{"dimension_count": 1, "result": [], "v": 0}'


def test_one_empty_chunk_does_not_fail_the_run(httpserver, monkeypatch, store, catalogue):
    _serve_two_chunks(httpserver, monkeypatch, EMPTY,
                      fixture("ooni", "aggregation_CH_AS3303_axis_x_day_2021-07-09.json"))
    (result,) = runner.run_collect(store, only(catalogue, "ooni_anomaly_share"), ["ooni"],
                                   since=date(2021, 4, 10), until=date(2021, 7, 9))
    assert (result.status, result.added, result.payloads) == ("ok", 1, 2)
    (row,) = store.observations("ooni_anomaly_share")
    assert (row["period_start"], row["value"]) == ("2021-07-09", pytest.approx(100 * 187 / 1684))


def test_a_run_whose_every_chunk_is_empty_found_nothing_and_did_not_fail(httpserver, monkeypatch, store, catalogue):
    _serve_two_chunks(httpserver, monkeypatch, EMPTY, EMPTY)
    (result,) = runner.run_collect(store, only(catalogue, "ooni_anomaly_share"), ["ooni"],
                                   since=date(2021, 4, 10), until=date(2021, 7, 9))
    assert (result.status, result.error) == (
        "empty", "ooni: no observations for the catalogue's indicators between 2021-04-10 and 2021-07-09 "
                 "in 2 payload(s)")
    assert counts(store) == (0, 1) and store.runs("ooni")[0]["status"] == "empty"  # one empty answer, twice


def test_the_share_counts_confirmed_blocks_as_anomalies_and_leaves_failed_tests_out():
    doc = {"result": [{"measurement_start_day": "2020-08-10", "anomaly_count": 30, "confirmed_count": 20,
                       "failure_count": 50, "measurement_count": 150, "ok_count": 50}]}
    (row,) = ooni.parse(json.dumps(doc).encode(), DAY_URL, [SHARE], BY)
    assert row["value"] == pytest.approx(50.0)  # (30 + 20) / (150 - 50), not 30 / 150


def test_a_day_with_too_few_usable_measurements_gives_no_share():
    doc = {"result": [{"measurement_start_day": "2020-08-10", "anomaly_count": 9, "confirmed_count": 0,
                       "failure_count": 3, "measurement_count": 12, "ok_count": 0},
                      {"measurement_start_day": "2020-08-11", "anomaly_count": 1, "confirmed_count": 0,
                       "failure_count": 0, "measurement_count": 10, "ok_count": 9}]}
    rows = ooni.parse(json.dumps(doc).encode(), DAY_URL, [SHARE, CONFIRMED], BY)
    assert [(r["indicator_id"], r["period_start"]) for r in rows] == [
        ("ooni_anomaly_share", "2020-08-11"),  # 9 usable on the 10th: too few to compare
        ("ooni_confirmed_blocked", "2020-08-10"), ("ooni_confirmed_blocked", "2020-08-11")]
