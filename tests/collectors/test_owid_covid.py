"""The OWID parser reads Belarus's daily reported figures and weekly excess deaths."""
from datetime import date

import pytest

from collectors import owid_covid
from collectors.base import ParseError
from tests.collectors.helpers import BY, Ind, fixture

DEATHS = Ind("covid_deaths_reported", {"column": "new_deaths"})
CASES = Ind("covid_cases_reported", {"column": "new_cases"})
DAILY = fixture("owid_covid", "owid-covid-data_BLR_2020-04-03_09.csv")
DAILY_URL = "https://raw.githubusercontent.com/owid/covid-19-data/master/public/data/owid-covid-data.csv"
EXCESS_URL = ("https://raw.githubusercontent.com/owid/covid-19-data/master/public/data/"
              "excess_mortality/excess_mortality.csv")


def test_parse_reads_belarus_daily_new_deaths_and_cases():
    rows = owid_covid.parse(DAILY, DAILY_URL, [DEATHS, CASES], BY)
    deaths = [(r["period_start"], r["value"]) for r in rows if r["indicator_id"] == "covid_deaths_reported"]
    assert deaths == [("2020-04-03", 4), ("2020-04-04", 0), ("2020-04-05", 1), ("2020-04-06", 3),
                      ("2020-04-07", 5), ("2020-04-08", 0), ("2020-04-09", 0)]
    assert sum(r["value"] for r in rows if r["indicator_id"] == "covid_cases_reported") == 1066 - 152
    assert rows[0]["source_url"].endswith("/public/data/owid-covid-data.csv")


def test_parse_reads_weekly_excess_as_deaths_minus_baseline():
    ind = Ind("excess_deaths", {"dataset": "excess_mortality", "column": "deaths_2020_all_ages",
                                "baseline_column": "avg_deaths_2015_2019", "country": "Austria"})
    rows = owid_covid.parse(fixture("owid_covid", "excess_mortality_AUT_2020.csv"), EXCESS_URL, [ind], BY)
    assert [(r["period_start"], r["period_end"], r["value"]) for r in rows] == [
        ("2020-03-16", "2020-03-22", pytest.approx(238.0)), ("2020-03-23", "2020-03-29", pytest.approx(119.2)),
        ("2020-03-30", "2020-04-05", pytest.approx(242.6)), ("2020-04-06", "2020-04-12", pytest.approx(246.8))]


def test_parse_names_a_missing_column():
    with pytest.raises(ParseError, match="owid_covid: column new_deaths: missing"):
        owid_covid.parse(DAILY.replace(b",new_deaths,", b",deaths_new,", 1), DAILY_URL, [DEATHS], BY)


def test_parse_refuses_a_file_without_belarus():
    lines = DAILY.splitlines(keepends=True)
    with pytest.raises(ParseError, match="no rows for Belarus"):
        owid_covid.parse(lines[0] + lines[-1], DAILY_URL, [DEATHS], BY)


def test_plan_fetches_each_needed_file_once(production_urls):
    excess = Ind("excess_deaths", {"dataset": "excess_mortality", "column": "excess_proj_all_ages"})
    urls = owid_covid.plan([DEATHS, CASES, excess], date(2020, 1, 1), date(2020, 12, 31), BY)
    assert [u.rsplit("/data/", 1)[1] for u in urls] == ["owid-covid-data.csv", "excess_mortality/excess_mortality.csv"]
