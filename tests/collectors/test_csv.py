"""The generic CSV collector reads a configured date and value column from a real CSV file."""
import pytest

from collectors import csv as csv_collector
from collectors.base import ParseError
from tests.collectors.helpers import BY, Ind, fixture

URL = "https://raw.githubusercontent.com/owid/covid-19-data/master/public/data/owid-covid-data.csv"
CASES = Ind("covid_cases_generic", {"url": URL, "date_column": "date", "value_column": "new_cases",
                                    "filter": {"iso_code": "BLR"}})
BODY = fixture("csv", "owid-covid-data_BLR_2020-04-03_09.csv")


def test_parse_reads_the_configured_columns_of_matching_rows():
    rows = csv_collector.parse(BODY, URL, [CASES], BY)
    assert [(r["period_start"], r["value"]) for r in rows][:3] == [
        ("2020-04-03", 102), ("2020-04-04", 97), ("2020-04-05", 43)]
    assert len(rows) == 7 and rows[0]["source_url"] == URL


def test_parse_can_bucket_values_into_weeks():
    weekly = Ind("w", dict(CASES.params, period="week"))
    rows = csv_collector.parse(BODY, URL, [weekly], BY)
    assert (rows[0]["period_start"], rows[0]["period_end"]) == ("2020-03-30", "2020-04-05")


def test_parse_names_a_missing_value_column():
    with pytest.raises(ParseError, match="column new_cases: missing"):
        csv_collector.parse(BODY.replace(b"new_cases", b"cases_new", 1), URL, [CASES], BY)
