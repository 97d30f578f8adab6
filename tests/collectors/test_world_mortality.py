"""Excess deaths from the vendored World Mortality rows for Belarus (indicators/data/history/world_mortality):
each month against the mean of the same month in 2015–2019."""
import dataclasses

import pytest

from collectors import world_mortality
from collectors.base import ParseError
from tests.collectors.helpers import BY, Ind, by_collector, history

BODY, URL = history("world_mortality")
INDICATORS = by_collector("world_mortality")


def _by_month(rows):
    return {r["period_start"][:7]: r for r in rows}


def test_december_2020_is_its_deaths_less_the_2015_2019_mean_of_decembers():
    rows = _by_month(world_mortality.parse(BODY, URL, INDICATORS, BY))
    # Decembers in the file: 2015 10015, 2016 10207, 2017 9916, 2018 10326, 2019 10365 (mean 10165.8); 2020 17531
    dec = rows["2020-12"]
    assert (dec["indicator_id"], dec["period_start"], dec["period_end"]) == ("excess_deaths", "2020-12-01", "2020-12-31")
    assert dec["value"] == pytest.approx(17531 - 10165.8)
    assert dec["note"] == "17531 deaths against a 2015–2019 average of 10165.8"
    # Belarus's rows run to 2021-03: fifteen months after the reference years, none before 2020
    assert sorted(rows) == [f"2020-{m:02d}" for m in range(1, 13)] + ["2021-01", "2021-02", "2021-03"]


def test_a_month_missing_a_reference_year_is_skipped():
    body = BODY.replace(b"BLR,Belarus,2017,3,monthly,", b"BLR,Belarus,2017,3,quarterly,", 1)
    assert body != BODY
    months = _by_month(world_mortality.parse(body, URL, INDICATORS, BY))
    assert "2020-03" not in months and "2021-03" not in months and len(months) == 13


def test_a_blank_count_is_not_reported_not_zero():
    lines = BODY.splitlines(keepends=True)
    march_2017 = next(i for i, ln in enumerate(lines) if ln.startswith(b"BLR,Belarus,2017,3,"))
    lines[march_2017] = b"BLR,Belarus,2017,3,monthly,\n"
    months = _by_month(world_mortality.parse(b"".join(lines), URL, INDICATORS, BY))
    assert "2020-03" not in months and "2020-04" in months


def test_the_reference_years_come_from_the_indicator():
    only_2019 = Ind("x", {"baseline_from": 2019, "baseline_to": 2019})
    (jan,) = [r for r in world_mortality.parse(BODY, URL, [only_2019], BY) if r["period_start"] == "2020-01-01"]
    assert jan["value"] == 10725 - 11904  # January 2020 against January 2019


def test_a_missing_column_is_named():
    with pytest.raises(ParseError, match="world_mortality: column deaths: missing from the header"):
        world_mortality.parse(BODY.replace(b",deaths", b",all_deaths", 1), URL, INDICATORS, BY)


def test_no_rows_for_the_country_is_an_empty_result():
    ukraine = dataclasses.replace(BY, iso3="UKR")
    with pytest.raises(ParseError, match="world_mortality: iso3c: empty result: no monthly rows for UKR"):
        world_mortality.parse(BODY, URL, INDICATORS, ukraine)


def test_a_count_that_is_not_a_whole_number_is_refused_naming_its_row():
    body = BODY.replace(b"BLR,Belarus,2020,12,monthly,17531", b"BLR,Belarus,2020,12,monthly,17 531", 1)
    with pytest.raises(ParseError, match=r"world_mortality: row 73: year, time and deaths must be whole numbers"):
        world_mortality.parse(body, URL, INDICATORS, BY)


def test_a_month_given_twice_is_refused():
    lines = BODY.splitlines(keepends=True)
    with pytest.raises(ParseError, match="2021-03 is reported twice"):
        world_mortality.parse(BODY + lines[-1], URL, INDICATORS, BY)
