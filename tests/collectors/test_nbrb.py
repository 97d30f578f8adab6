"""The NBRB parser reads official rates from a recorded dynamics response."""
from datetime import date

import pytest

from collectors import nbrb, runner
from collectors.base import ParseError
from tests.collectors.helpers import BY, FIXTURES, Ind, by_collector, counts, fixture

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


USD_URL = "https://api.nbrb.by/exrates/rates/dynamics/145?startdate=2017-11-01&enddate=2017-11-10"
USD_2017 = FIXTURES / "nbrb" / "rates_dynamics_145_2017-11-01_2017-11-10.json"
USD_TWICE = FIXTURES / "nbrb" / "rates_dynamics_145_2017-11-01_2017-11-10_2017-11-05_twice.json"


def test_parse_reads_the_belarusian_rouble_per_us_dollar_under_its_2017_id():
    rows = nbrb.parse(USD_2017.read_bytes(), USD_URL, by_collector("nbrb"), BY)
    assert [(r["indicator_id"], r["period_start"], r["value"]) for r in rows][:2] == [
        ("exchange_rate_byn_usd", "2017-11-01", 1.9741), ("exchange_rate_byn_usd", "2017-11-02", 1.976)]
    assert [r["value"] for r in rows if r["period_start"] in ("2017-11-05", "2017-11-10")] == [1.9855, 1.9915]
    assert len(rows) == 10 and {r["source_url"] for r in rows} == {"https://api.nbrb.by/exrates/rates/dynamics/145"}


def test_a_day_given_twice_in_one_payload_fails_the_run_naming_the_key_and_writes_nothing(store, catalogue):
    (ok,) = runner.run_collect(store, catalogue, ["nbrb"], from_file=USD_2017, url=USD_URL)
    assert (ok.status, ok.added) == ("ok", 10)
    before = counts(store)
    (twice,) = runner.run_collect(store, catalogue, ["nbrb"], from_file=USD_TWICE, url=USD_URL)
    assert twice.status == "failed"
    assert twice.error == ("nbrb: one payload gives two figures for exchange_rate_byn_usd 2017-11-05..2017-11-05 "
                           "from https://api.nbrb.by/exrates/rates/dynamics/145 (1.9855 and 1.9806); nothing saved")
    assert counts(store) == before
    (again,) = runner.run_collect(store, catalogue, ["nbrb"], from_file=USD_2017, url=USD_URL)
    assert (again.status, again.added, again.revised) == ("ok", 0, 0)
    assert [(r["value"], r["status"]) for r in store.observations("exchange_rate_byn_usd", include_inactive=True,
                                                                  start="2017-11-05", end="2017-11-05")] == [
        (1.9855, "active")]
