"""The OONI parser turns aggregation rows into anomaly shares and confirmed counts per day."""
from datetime import date

import pytest

from collectors import ooni
from collectors.base import ParseError
from tests.collectors.helpers import BY, Ind, fixture

SHARE = Ind("ooni_anomaly_share", {"test_name": "web_connectivity", "measure": "anomaly_share"})
CONFIRMED = Ind("ooni_confirmed_blocked", {"test_name": "web_connectivity", "measure": "confirmed_count"})
TELEGRAM = Ind("ooni_messaging_anomaly_share", {"test_name": "telegram", "measure": "anomaly_share"})
DAY_URL = ("https://api.ooni.io/api/v1/aggregation?probe_cc=CH&probe_asn=AS3303&test_name=web_connectivity"
           "&since=2021-07-09&until=2021-07-11&time_grain=day&axis_x=measurement_start_day")


def test_parse_computes_the_share_of_anomalous_measurements():
    rows = ooni.parse(fixture("ooni", "aggregation_CH_AS3303_axis_x_day_2021-07-09.json"), DAY_URL,
                      [SHARE, CONFIRMED, TELEGRAM], BY)
    assert [(r["indicator_id"], r["period_start"], r["value"]) for r in rows] == [
        ("ooni_anomaly_share", "2021-07-09", pytest.approx(100 * 187 / 1689)),
        ("ooni_confirmed_blocked", "2021-07-09", 0),
    ]
    assert rows[0]["source_url"] == ("https://api.ooni.io/api/v1/aggregation?probe_cc=CH"
                                     "&test_name=web_connectivity&axis_x=measurement_start_day")
    assert rows[0]["note"] == "1689 measurements"


def test_parse_sums_hourly_rows_into_days():
    url = "https://api.ooni.io/api/v1/aggregation?test_name=web_connectivity&since=2021-07-09&until=2021-07-11"
    rows = ooni.parse(fixture("ooni", "aggregation_axis_x_hour_2021-07-09.json"), url, [SHARE, CONFIRMED], BY)
    assert [(r["period_start"], r["value"]) for r in rows] == [
        ("2021-07-09", pytest.approx(100 * 686 / 9991)), ("2021-07-09", 42)]


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
