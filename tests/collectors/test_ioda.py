"""The IODA parser reads the v2 signals envelope recorded from the API: one list of series per entity,
and for upstream-delay datasources a list of objects per time step."""
import json
from datetime import date, timedelta

import pytest

from collectors import ioda, runner
from collectors.base import ParseError
from tests.collectors.helpers import BY, Ind, counts, fixture, only

BODY = fixture("ioda", "signals_raw_asn_1299_upstream-delay-penult-asns_2024-10-01.json")
URL = ("https://api.ioda.inetintel.cc.gatech.edu/v2/signals/raw/asn/1299"
       "?from=1727740800&until=1727827200&datasource=upstream-delay-penult-asns")
PENULT = Ind("penult", {"datasource": "upstream-delay-penult-asns", "field": "penultimate_as_count"})


def _doc():
    return json.loads(BODY)


def test_parse_sums_each_steps_objects_and_averages_the_day():
    (row,) = ioda.parse(BODY, URL, [PENULT], BY)
    # 24 hourly steps; the first 4 are null, the other 20 sum both penultimate ASes (21334 and 2637): 339 / 20
    assert (row["period_start"], row["period_end"], row["value"]) == ("2024-10-01", "2024-10-01", 17)
    assert row["note"] == "20 points, step 3600s"
    assert row["source_url"] == ("https://api.ioda.inetintel.cc.gatech.edu/v2/signals/raw/asn/1299"
                                 "?datasource=upstream-delay-penult-asns")


def test_parse_takes_the_days_minimum_when_asked():
    low = Ind("low", {**PENULT.params, "agg": "min"})
    assert [r["value"] for r in ioda.parse(BODY, URL, [low], BY)] == [12]


def test_parse_skips_series_of_datasources_no_indicator_asks_for():
    assert ioda.parse(BODY, URL, [Ind("internet_bgp_visible_prefixes", {"datasource": "bgp"})], BY) == []


def test_parse_reads_numeric_steps_by_utc_day():
    """bgp and ping-slash24 send one number (or null) per step; the recorded series is turned into one."""
    doc = _doc()
    series = doc["data"][0][0]
    series.update(datasource="bgp", values=[100, None, 102] + [None] * 20 + [90], step=3600)
    rows = ioda.parse(json.dumps(doc).encode(), URL, [Ind("bgp", {"datasource": "bgp"})], BY)
    assert [(r["period_start"], r["value"]) for r in rows] == [("2024-10-01", 97)]
    assert rows[0]["note"] == "3 points, step 3600s"


def test_parse_says_which_field_a_list_of_objects_needs():
    with pytest.raises(ParseError, match=r"ioda: data\[0\]\.values\[0\]: a list of objects per time step"):
        ioda.parse(BODY, URL, [Ind("x", {"datasource": "upstream-delay-penult-asns"})], BY)


def test_parse_names_a_missing_aggregate():
    body = BODY.replace(b'"penultimate_as_count"', b'"as_count"', 1)
    with pytest.raises(ParseError, match=r"data\[0\]\.values\[0\]\[0\]\.agg_values\.penultimate_as_count: missing"):
        ioda.parse(body, URL, [PENULT], BY)


def test_parse_names_a_renamed_series_field():
    body = BODY.replace(b'"step": 3600', b'"interval": 3600', 1)
    with pytest.raises(ParseError, match=r"ioda: data\[0\]\.step: missing"):
        ioda.parse(body, URL, [PENULT], BY)


@pytest.mark.parametrize("body, message", [
    (BODY[: len(BODY) // 2], "ioda: body: invalid or truncated JSON"),
    (b"<html><body>Bad gateway</body></html>", "ioda: body: got an HTML page"), (b"", "ioda: body: empty response"),
])
def test_parse_fails_clearly_on_bodies_that_are_not_the_envelope(body, message):
    with pytest.raises(ParseError, match=message):
        ioda.parse(body, URL, [PENULT], BY)


def test_an_empty_window_gives_no_records():
    doc = _doc()
    doc["data"] = [[]]  # what IODA answers for a window it has no data for
    assert ioda.parse(json.dumps(doc).encode(), URL, [PENULT], BY) == []


def test_data_that_is_not_a_list_of_series_is_refused():
    doc = _doc()
    doc["data"] = {"series": []}
    with pytest.raises(ParseError, match="ioda: data: expected a list of series per entity, got dict"):
        ioda.parse(json.dumps(doc).encode(), URL, [PENULT], BY)


def _serve_two_windows(httpserver, monkeypatch, first: bytes, second: bytes):
    """August–September 2024 and 1 October 2024, as the plan chunks them, from the local server."""
    monkeypatch.setenv("BAROMETER_IODA_URL", httpserver.url_for("/ioda"))
    for (a, b), body in zip([(date(2024, 8, 31), date(2024, 9, 30)), (date(2024, 10, 1), date(2024, 10, 1))],
                            [first, second]):
        httpserver.expect_request("/ioda/v2/signals/raw/country/BY", query_string=(
            f"from={ioda._epoch(a)}&until={ioda._epoch(b + timedelta(days=1))}"
            f"&datasource=upstream-delay-penult-asns")).respond_with_data(body, content_type="application/json")


def test_an_empty_window_does_not_fail_the_run(httpserver, monkeypatch, store, catalogue):
    empty = _doc()
    empty["data"] = [[]]
    _serve_two_windows(httpserver, monkeypatch, json.dumps(empty).encode(), BODY)
    (result,) = runner.run_collect(store, only(catalogue, "test_ioda_penultimate_as_count"), ["ioda"],
                                   since=date(2024, 8, 31), until=date(2024, 10, 1))
    assert (result.status, result.added, result.payloads) == ("ok", 1, 2)
    assert [(r["period_start"], r["value"]) for r in store.observations("test_ioda_penultimate_as_count")] == [
        ("2024-10-01", 17)]


def test_a_run_whose_every_window_is_empty_found_nothing_and_did_not_fail(httpserver, monkeypatch, store, catalogue):
    empty = _doc()
    empty["data"] = [[]]
    _serve_two_windows(httpserver, monkeypatch, json.dumps(empty).encode(), json.dumps(empty).encode())
    (result,) = runner.run_collect(store, only(catalogue, "test_ioda_penultimate_as_count"), ["ioda"],
                                   since=date(2024, 8, 31), until=date(2024, 10, 1))
    assert result.status == "empty" and "no observations for the catalogue's indicators" in result.error
    assert counts(store) == (0, 1)  # no figure; the empty answer (twice the same bytes) kept as evidence
    assert store.runs("ioda")[0]["status"] == "empty" and store.runs("ioda")[0]["error"] is None


def test_plan_asks_one_request_per_datasource_and_month(production_urls):
    urls = ioda.plan([Ind("a", {"datasource": "bgp"}), Ind("b", {"datasource": "ping-slash24"})],
                     date(2020, 8, 1), date(2020, 8, 31), BY)
    assert urls == ["https://api.ioda.inetintel.cc.gatech.edu/v2/signals/raw/country/BY"
                    "?from=1596240000&until=1598918400&datasource=bgp",
                    "https://api.ioda.inetintel.cc.gatech.edu/v2/signals/raw/country/BY"
                    "?from=1596240000&until=1598918400&datasource=ping-slash24"]
