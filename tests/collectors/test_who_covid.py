"""The WHO parser on the vendored weekly file for Belarus (indicators/data/history/who_covid) and on the
twelve-row fixture cut from it: one figure per epidemiological week, blanks left out."""
from datetime import date

import pytest

from collectors import who_covid
from collectors.base import ParseError
from tests.collectors.helpers import BY, by_collector, fixture, history

BODY, URL = history("who_covid")
CUT = fixture("who_covid", "WHO-COVID-19-global-data_BY_2020-03_05.csv")
INDICATORS = by_collector("who_covid")


def _values(rows, indicator_id):
    return {r["period_end"]: r["value"] for r in rows if r["indicator_id"] == indicator_id}


def test_the_vendored_file_gives_each_weeks_cases_and_deaths():
    rows = who_covid.parse(BODY, URL, INDICATORS, BY)
    cases, deaths = _values(rows, "covid_cases_reported"), _values(rows, "covid_deaths_reported")
    # the row dated Sunday 2020-04-19: 3063 new cases and 22 new deaths in the week 13–19 April
    assert (cases["2020-04-19"], deaths["2020-04-19"]) == (3063, 22)
    (week,) = [r for r in rows if r["indicator_id"] == "covid_cases_reported" and r["period_end"] == "2020-04-19"]
    assert (week["period_start"], week["source_url"]) == ("2020-04-13", who_covid.CANONICAL)
    # 329 weekly rows; New_cases is filled in 162 of them and New_deaths in 112
    assert (len(cases), len(deaths)) == (162, 112)
    # the weekly figures add up to the cumulative counts of the last row (2026-04-19: 994102 cases, 7118 deaths)
    assert (sum(cases.values()), sum(deaths.values())) == (994102, 7118)


def test_a_blank_count_is_left_out_not_read_as_zero():
    rows = who_covid.parse(CUT, URL, INDICATORS, BY)
    deaths = _values(rows, "covid_deaths_reported")
    assert "2020-03-29" not in deaths and deaths["2020-04-05"] == 4  # New_deaths blank until the week of 5 April
    assert _values(rows, "covid_cases_reported")["2020-03-29"] == 18
    assert len(rows) == 15  # 10 weeks of cases, 5 of deaths; the two Armenian rows are ignored


def test_a_missing_column_is_named():
    body = CUT.replace(b"New_deaths,", b"Deaths,", 1)
    with pytest.raises(ParseError, match=r"who_covid: column New_deaths: missing from the header"):
        who_covid.parse(body, URL, INDICATORS, BY)


def test_a_file_without_rows_for_the_country_is_an_empty_result():
    lines = CUT.splitlines(keepends=True)
    with pytest.raises(ParseError, match="who_covid: Country_code: empty result: no rows for BY"):
        who_covid.parse(b"".join(lines[:1] + lines[-2:]), URL, INDICATORS, BY)


@pytest.mark.parametrize("cell", [b"3,063", b"3063.5", b"n/a", b"-22"])
def test_a_count_that_is_not_a_whole_number_is_refused_naming_column_and_week(cell):
    body = CUT.replace(b"2020-04-19,BY,Belarus,EURO,3063,", b"2020-04-19,BY,Belarus,EURO,\"" + cell + b"\",")
    with pytest.raises(ParseError, match=r"who_covid: New_cases \(2020-04-19\): .* is not a whole number of people"):
        who_covid.parse(body, URL, INDICATORS, BY)


def test_a_date_that_is_not_iso_is_refused_naming_its_row():
    body = CUT.replace(b"2020-04-19,BY", b"19/04/2020,BY")
    with pytest.raises(ParseError, match=r"who_covid: Date_reported \(row 9\): '19/04/2020' is not a date"):
        who_covid.parse(body, URL, INDICATORS, BY)


def test_plan_asks_for_the_whole_file(production_urls):
    assert who_covid.plan(INDICATORS, date(2020, 1, 1), date(2020, 12, 31), BY) == [
        "https://covid19.who.int/WHO-COVID-19-global-data.csv"]
