"""Leaked Minsk cases beside the official national count (indicators/data/history/minsk_cases/minsk.csv): the daily
Minsk series, and per full ISO week the ratio of Minsk's cases to the whole country's."""
from datetime import date

import pytest

from collectors import minsk_cases
from collectors.base import ParseError
from tests.collectors.helpers import BY, by_collector, history

BODY, URL = history("minsk_cases")
INDICATORS = by_collector("minsk_cases")


def _series(rows, indicator_id):
    return {r["period_start"]: r for r in rows if r["indicator_id"] == indicator_id}


def test_the_ratio_of_one_full_week_is_minsks_cases_over_the_countrys():
    ratio = _series(minsk_cases.parse(BODY, URL, INDICATORS, BY), "covid_minsk_to_national_ratio")
    week = ratio["2020-06-08"]  # Monday 8 – Sunday 14 June 2020
    # Minsk 1250+1069+1251+1236+1046+1087+401 = 7340; Belarus 823+812+801+750+704+721+732 = 5343
    assert (week["period_end"], week["value"]) == ("2020-06-14", round(7340 / 5343, 3))
    assert week["note"] == "7340 leaked Minsk cases, 5343 official national"
    # weeks with a day missing from the file (17, 18 and 30 June, 31 August, 4–5 November) and the partial
    # first week (from Sunday 7 June) are left out: 21 full weeks remain
    assert "2020-06-15" not in ratio and "2020-06-01" not in ratio and "2020-08-31" not in ratio
    assert len(ratio) == 21


def test_the_daily_minsk_series_has_every_day_of_the_file():
    daily = _series(minsk_cases.parse(BODY, URL, INDICATORS, BY), "covid_cases_minsk_leaked")
    assert len(daily) == 170
    assert (daily["2020-06-07"]["value"], daily["2020-11-29"]["value"]) == (1201, 1602)


def test_a_blank_count_leaves_the_day_out_and_its_week_without_a_ratio():
    body = BODY.replace(b"2020-06-10,1251,801", b"2020-06-10,,801")
    rows = minsk_cases.parse(body, URL, INDICATORS, BY)
    assert "2020-06-10" not in _series(rows, "covid_cases_minsk_leaked")
    assert "2020-06-08" not in _series(rows, "covid_minsk_to_national_ratio")


def test_a_missing_column_is_named():
    body = BODY.replace(b"new cases in Belarus (Johns Hopkins)", b"new cases in Belarus", 1)
    with pytest.raises(ParseError, match=r"minsk_cases: column new cases in Belarus \(Johns Hopkins\): missing"):
        minsk_cases.parse(body, URL, INDICATORS, BY)


def test_a_count_that_is_not_a_whole_number_is_refused_naming_its_row():
    body = BODY.replace(b"2020-06-08,1250,823", b"2020-06-08,1250,8.23")
    with pytest.raises(ParseError, match=r"Johns Hopkins\) \(row 3\): '8.23' is not a whole number of cases"):
        minsk_cases.parse(body, URL, INDICATORS, BY)


def test_an_empty_file_is_an_empty_result():
    with pytest.raises(ParseError, match="minsk_cases: body: empty result"):
        minsk_cases.parse(BODY.splitlines(keepends=True)[0], URL, INDICATORS, BY)


def test_a_recorded_compilation_is_loaded_from_its_file_only():
    assert minsk_cases.plan(INDICATORS, date(2020, 1, 1), date(2020, 12, 31), BY) == []
    with pytest.raises(RuntimeError, match="--from-file"):
        minsk_cases.fetch("https://example.org/minsk.csv")
