"""OWID's vaccination file for Belarus, vendored whole (indicators/data/history/owid_vaccinations/Belarus.csv):
cumulative people vaccinated on the dates OWID recorded, each with the official source OWID cites."""
import dataclasses

import pytest

from collectors import owid_vaccinations
from collectors.base import ParseError
from tests.collectors.helpers import BY, by_collector, history

BODY, URL = history("owid_vaccinations")
INDICATORS = by_collector("owid_vaccinations")


def _series(rows, indicator_id):
    return {r["period_start"]: r for r in rows if r["indicator_id"] == indicator_id}


def test_the_vendored_file_gives_people_vaccinated_by_date_with_the_cited_source():
    rows = owid_vaccinations.parse(BODY, URL, INDICATORS, BY)
    first, full = _series(rows, "covid_people_vaccinated"), _series(rows, "covid_people_fully_vaccinated")
    assert (first["2021-02-18"]["value"], full["2021-02-18"]["value"]) == (20944, 0)
    assert (first["2021-03-12"]["value"], full["2021-03-12"]["value"]) == (20944, 10000)
    assert (first["2023-09-03"]["value"], full["2023-09-03"]["value"]) == (6440777, 6356035)
    assert first["2021-02-18"]["source_url"].startswith("https://tkm.by/2021/02/immunizaciya-medrabotnikov")
    assert first["2023-09-03"]["source_url"] == "https://covid19.who.int/"
    # 70 dates; each column is blank on 14 of them
    assert (len(first), len(full)) == (56, 56)


def test_a_blank_count_is_left_out_not_read_as_zero():
    rows = owid_vaccinations.parse(BODY, URL, INDICATORS, BY)
    first, full = _series(rows, "covid_people_vaccinated"), _series(rows, "covid_people_fully_vaccinated")
    assert "2022-01-30" not in first and full["2022-01-30"]["value"] == 4233740
    assert first["2022-03-20"]["value"] == 5801653 and "2022-03-20" not in full


def test_a_missing_column_is_named():
    with pytest.raises(ParseError, match="owid_vaccinations: column people_fully_vaccinated: missing"):
        owid_vaccinations.parse(BODY.replace(b",people_fully_vaccinated,", b",fully,", 1), URL, INDICATORS, BY)


def test_no_rows_for_the_country_is_an_empty_result():
    with pytest.raises(ParseError, match="owid_vaccinations: location: empty result: no rows for Ukraine"):
        owid_vaccinations.parse(BODY, URL, INDICATORS, dataclasses.replace(BY, name="Ukraine"))


def test_a_count_that_is_not_a_whole_number_is_refused_naming_column_and_row():
    body = BODY.replace(b",20944,20944,0,", b",20944,20944.5,0,", 1)
    with pytest.raises(ParseError, match=r"people_vaccinated \(row 3\): '20944.5' is not a whole number"):
        owid_vaccinations.parse(body, URL, INDICATORS, BY)
