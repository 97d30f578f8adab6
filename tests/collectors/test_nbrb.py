"""The NBRB parser reads official rates from a recorded dynamics response."""
from datetime import date

import pytest

from collectors import nbrb
from collectors.base import ParseError
from tests.collectors.helpers import BY, Ind, fixture

AUD = Ind("exchange_rate_byn_aud", {"currency": "AUD", "cur_id": 170})
URL = "https://api.nbrb.by/exrates/rates/dynamics/170?startdate=2020-08-01&enddate=2020-08-31"


def test_parse_reads_one_rate_per_day_from_recorded_dynamics():
    rows = nbrb.parse(fixture("nbrb", "dynamics_170_2020-08.json"), URL, [AUD], BY)
    assert len(rows) == 31
    assert rows[0] == {
        "indicator_id": "exchange_rate_byn_aud", "value": 1.7531, "qualifier": "exact",
        "period_start": "2020-08-01", "period_end": "2020-08-01",
        "source_url": "https://api.nbrb.by/exrates/rates/dynamics/170",
        "entered_by": "collector:nbrb", "collector": "nbrb", "note": None,
    }
    assert [r["value"] for r in rows if r["period_start"] in ("2020-08-22", "2020-08-31")] == [1.812, 1.947]


def test_parse_ignores_rates_of_currencies_no_indicator_asks_for():
    usd = Ind("exchange_rate_byn_usd", {"currency": "USD"})
    assert nbrb.parse(fixture("nbrb", "dynamics_170_2020-08.json"), URL, [usd], BY) == []


def test_parse_names_a_renamed_field():
    body = fixture("nbrb", "dynamics_170_2020-08.json").replace(b'"Cur_OfficialRate"', b'"Rate"', 1)
    with pytest.raises(ParseError, match=r"nbrb: \[0\]\.Cur_OfficialRate: missing"):
        nbrb.parse(body, URL, [AUD], BY)


def test_parse_refuses_an_empty_result():
    with pytest.raises(ParseError, match="empty result"):
        nbrb.parse(b"[]", URL, [AUD], BY)


def test_plan_uses_both_currency_ids_across_the_july_2021_renumbering(production_urls):
    urls = nbrb.plan([Ind("exchange_rate_byn_usd", {"currency": "USD"})], date(2021, 7, 1), date(2021, 7, 20), BY)
    assert [u.split("/dynamics/")[1] for u in urls] == [
        "145?startdate=2021-07-01&enddate=2021-07-08", "431?startdate=2021-07-09&enddate=2021-07-20"]


def test_plan_splits_long_ranges_into_yearly_requests(production_urls):
    urls = nbrb.plan([Ind("x", {"cur_id": 431})], date(2022, 1, 1), date(2024, 6, 30), BY)
    assert len(urls) == 3 and urls[-1].endswith("startdate=2024-01-01&enddate=2024-06-30")
