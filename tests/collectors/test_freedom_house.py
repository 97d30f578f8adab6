"""Freedom in the World scores for Belarus from Freedom House's all-data workbook, vendored whole
(indicators/data/history/freedom_house/All_data_FIW_2013-2024.xlsx)."""
import dataclasses
import io

import pytest
from openpyxl import Workbook

from collectors import freedom_house
from collectors.base import ParseError
from tests.collectors.helpers import BY, Ind, by_collector, history

BODY, URL = history("freedom_house")
INDICATORS = by_collector("freedom_house")
HEADER = ["Country/Territory", "Region", "C/T", "Edition", "Status", "PR", "CL", "Total"]


def _workbook(*rows, header=HEADER) -> bytes:
    """A workbook laid out as the FIW data sheet: a title row, the header, then the rows."""
    book = Workbook()
    sheet = book.active
    sheet.title = "FIW13-24"
    sheet.append(["Freedom in the World 2013-2024 Raw Data"])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_edition_is_dated_by_the_year_it_measures_and_its_note_names_the_edition():
    rows = {r["period_start"][:4]: r for r in freedom_house.parse(BODY, URL, INDICATORS, BY)}
    fiw_2021 = rows["2020"]  # the 2021 edition measures 2020: the election and its aftermath
    assert (fiw_2021["indicator_id"], fiw_2021["value"], fiw_2021["period_start"], fiw_2021["period_end"]) == (
        "freedom_in_world_score", 11, "2020-01-01", "2020-12-31")
    assert fiw_2021["note"] == "Freedom in the World 2021 edition, covering 2020"
    # twelve editions, 2013–2024, covering 2012–2023; the score fell from 19 (2019) to 11 (2020) and 8 after
    assert {year: r["value"] for year, r in rows.items()} == {
        "2012": 14, "2013": 14, "2014": 14, "2015": 17, "2016": 20, "2017": 21, "2018": 19, "2019": 19,
        "2020": 11, "2021": 8, "2022": 8, "2023": 8}


def test_any_column_of_the_sheet_can_be_read():
    rows = freedom_house.parse(BODY, URL, [Ind("pr", {"column": "PR"})], BY)
    assert {r["period_start"][:4]: r["value"] for r in rows}["2019"] == 5


def test_a_missing_column_is_named():
    body = _workbook(["Belarus", "Eurasia", "c", 2020, "NF", 5, 14], header=HEADER[:-1])
    with pytest.raises(ParseError, match="freedom_house: column Total: missing from the header"):
        freedom_house.parse(body, URL, INDICATORS, BY)


def test_no_rows_for_the_country_is_an_empty_result():
    with pytest.raises(ParseError, match="freedom_house: Country/Territory: empty result: no rows for Belarus"):
        freedom_house.parse(BODY, URL, INDICATORS, dataclasses.replace(BY, name="Belarus (Minsk)"))


def test_a_score_that_is_not_a_number_is_refused_and_a_blank_one_left_out():
    body = _workbook(["Belarus", "Eurasia", "c", 2021, "NF", 2, 9, "N/A"])
    with pytest.raises(ParseError, match=r"freedom_house: Total \(Belarus 2021\): 'N/A' is not a score"):
        freedom_house.parse(body, URL, INDICATORS, BY)
    blank = _workbook(["Belarus", "Eurasia", "c", 2021, "NF", 2, 9, None],
                      ["Belarus", "Eurasia", "c", 2020, "NF", 5, 14, 19])
    assert [(r["period_start"], r["value"]) for r in freedom_house.parse(blank, URL, INDICATORS, BY)] == [
        ("2019-01-01", 19)]


def test_a_file_that_is_not_a_workbook_fails_clearly():
    with pytest.raises(ParseError, match=r"freedom_house: body: not a readable .xlsx workbook"):
        freedom_house.parse(b"Country/Territory,Edition\n", URL, INDICATORS, BY)
