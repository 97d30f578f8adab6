"""Dates and numbers: extreme or loosely written input is refused naming the field (exit 2), never changed on
the way in, never an overflow (exit 1) later; spreadsheet cells that cannot be read are bad input too."""
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from streamlit.testing.v1 import AppTest

from indicators.input import imports
from indicators.store import Store
from indicators.model.validation import MAX_MAGNITUDE, ValidationError, validate

from .conftest import GOOD, SRC, refused, run

PAGE = Path(__file__).resolve().parents[2] / "dashboard" / "pages" / "indicator.py"


def add(db, value="5", *more):
    return run(db, "add", "arbitrary_detentions", value, *GOOD, *more)


@pytest.mark.parametrize("option, text, field", [
    ("--end", "9999-12-31", "period_end"),
    ("--start", "0001-01-01", "period_start"),
    ("--start", "1899-12-31", "period_start"),
    ("--end", "2101-01-01", "period_end"),
    ("--start", "2020-05-06 garbage text", "period_start"),
    ("--start", "2020-05-06Tnoon", "period_start"),
    ("--start", "2020-W19-3", "period_start"),
    ("--start", "20200506", "period_start"),
    ("--start", "２０２０-05-06", "period_start"),
    ("--start", "2020-02-30", "period_start"),
])
def test_dates_outside_the_range_or_loosely_written_are_refused(initialized, unchanged, option, text, field):
    refused(add(initialized, "5", option, text), field)
    assert unchanged()


def test_a_whole_timestamp_is_read_as_its_day(catalogue):
    record = {"indicator_id": "arbitrary_detentions", "value": "5", "source_url": SRC, "entered_by": "a"}
    for stamp in ("2020-05-06T00:00:00", "2020-05-06 13:45:00", "2020-05-06T00:00:00Z", "2020-05-06T23:59:59+03:00"):
        assert validate({**record, "period_start": stamp}, catalogue).period_start == "2020-05-06"


@pytest.mark.parametrize("week", ["0001-W01", "1899-W52", "0000-W01", "2020-W54", "２０２０-W01"])
def test_snapshot_weeks_outside_the_range_are_bad_input(initialized, tmp_path, week):
    result = run(initialized, "snapshot", "--week", week, "--out", tmp_path / "s")
    refused(result, "--week")
    assert not (tmp_path / "s").exists()


def test_the_indicator_page_draws_a_figure_at_the_last_date_allowed(initialized, monkeypatch):
    assert add(initialized, "5", "--end", "2100-12-31").exit_code == 0
    monkeypatch.setenv("BAROMETER_DB", str(initialized))
    at = AppTest.from_file(str(PAGE), default_timeout=60)
    at.query_params["indicator"] = "arbitrary_detentions"
    at.run()
    assert not at.exception


@pytest.mark.parametrize("text, why", [
    ("1_140", "is not a number"),
    ("1,14", "is not a number"),  # in English a comma separates thousands only
    ("1 140", "is not a number"),  # and a space not at all
    ("1.140", "is ambiguous"),  # a thousand and more, or one and a bit
    ("٣", "is not a number"),  # an Arabic-Indic digit, which float() would take
    ("0x10", "is not a number"),
    ("nan", "finite"),
    ("Infinity", "finite"),
    ("99999999999999999999999", "largest magnitude"),
    ("1e308", "largest magnitude"),
    ("1" + "0" * 400, "largest magnitude"),
    ("0.30000000000000001", "stored exactly"),
    ("123456789.123456789", "stored exactly"),
])
def test_numbers_are_read_strictly_and_never_silently_changed(initialized, unchanged, text, why):
    assert why in refused(add(initialized, text), "value")
    assert unchanged()


@pytest.mark.parametrize("text, stored", [("1140", 1140.0), ("1e3", 1000.0), ("+7", 7.0), ("12.00", 12.0),
                                          ("999999999999999", 999999999999999.0)])
def test_plain_numbers_are_stored_as_written(initialized, text, stored):
    result = add(initialized, text)
    assert result.exit_code == 0, result.output
    with Store.open(initialized) as store:
        assert store.get(int(result.output))["value"] == stored


@pytest.mark.parametrize("raw", [10 ** 400, -(10 ** 16), 1e308, float("nan"), float("-inf"), True])
def test_numbers_from_files_and_parsers_are_checked_without_overflow(catalogue, raw):
    record = {"indicator_id": "arbitrary_detentions", "value": raw, "period_start": "2020-05-06",
              "source_url": SRC, "entered_by": "a"}
    with pytest.raises(ValidationError) as info:
        validate(record, catalogue)
    assert info.value.fields == ["value"]


def test_a_huge_count_cannot_reach_the_baseline(catalogue):
    """1e308 once turned the baseline into '≥ 0 per 30 days'; the magnitude limit stops it at the door."""
    ok = {"indicator_id": "arbitrary_detentions", "value": MAX_MAGNITUDE, "period_start": "2020-05-06",
          "source_url": SRC, "entered_by": "a"}
    assert validate(ok, catalogue).value == MAX_MAGNITUDE
    with pytest.raises(ValidationError):
        validate({**ok, "value": MAX_MAGNITUDE * 2}, catalogue)


@pytest.mark.parametrize("command", [["correct", 2 ** 64, "7"], ["correct", 10 ** 30, "7"],
                                     ["retract", 2 ** 63, "--reason", "x"], ["correct", "--", -1, "7"]])
def test_ids_beyond_64_bits_are_not_found(initialized, unchanged, command):
    refused(run(initialized, *command), "no observation")
    assert unchanged()


def _xlsx(path, value_xml: bytes | None = None, cut: float | None = None, note="n"):
    """A one-row observations workbook, its value cell or sheet XML then edited by hand as a hostile or
    broken file would be (openpyxl itself refuses to write such cells)."""
    book = Workbook()
    book.active.append(list(imports.COLUMNS))
    book.active.append(["arbitrary_detentions", 424242, "2020-05-06", None, None, None, None, SRC, note, "a"])
    buf = io.BytesIO()
    book.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                if value_xml is not None:
                    data = data.replace(b"<v>424242</v>", value_xml)
                if cut is not None:
                    data = data[:int(len(data) * cut)]
            zout.writestr(info, data)
    path.write_bytes(out.getvalue())
    return path


@pytest.mark.parametrize("kind, edit, expected", [
    ("400 digits", {"value_xml": b"<v>" + b"9" * 400 + b"</v>"}, "line 2: value"),
    ("5,000 digits", {"value_xml": b"<v>" + b"9" * 5000 + b"</v>"}, "line 2"),
    ("NaN", {"value_xml": b"<v>NaN</v>"}, "line 2"),
    ("infinity", {"value_xml": b"<v>1e999</v>"}, "line 2: value"),
    ("cut short", {"cut": 0.8}, "line 2"),
    ("cut in the header", {"cut": 0.5}, "line 1"),
])
def test_unreadable_xlsx_cells_are_bad_input_naming_the_line(initialized, unchanged, tmp_path, kind, edit,
                                                             expected):
    result = run(initialized, "import", _xlsx(tmp_path / "in.xlsx", **edit))
    assert expected in refused(result, "line")
    assert unchanged()


def test_a_formula_in_a_cell_is_refused_naming_line_and_field(initialized, unchanged, tmp_path):
    result = run(initialized, "import", _xlsx(tmp_path / "in.xlsx", note="=HYPERLINK(\"http://x\",\"y\")"))
    assert "line 2: note: holds a formula" in refused(result, "note")
    assert unchanged()
