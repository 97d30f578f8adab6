import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from indicators.input import imports
from indicators.model.validation import ValidationError

pytestmark = pytest.mark.both_backends

HEADER = ",".join(imports.COLUMNS)
ROW = "arbitrary_detentions,1140,2020-05-06,2020-07-20,at_least,,,http://spring96.org/be/news/98359,,analyst"


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def xlsx(tmp_path, rows, name="figures.xlsx"):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def refused(source, name=None) -> str:
    with pytest.raises(ValidationError) as info:
        imports.read_lines(source, name)
    assert info.value.fields == ["file"]
    return str(info.value)


def test_csv_rows_come_with_their_line_in_the_file(tmp_path):
    text = f'{HEADER}\n{ROW}\n\narbitrary_detentions,5,2021-01-01,,,,,https://a.org/x,"two\nlines",ann\n{ROW}\n'
    got = imports.read_lines(write(tmp_path, "f.csv", text))
    assert [n for n, _ in got] == [2, 4, 6]
    assert got[0][1] == {"indicator_id": "arbitrary_detentions", "value": "1140", "period_start": "2020-05-06",
                         "period_end": "2020-07-20", "qualifier": "at_least", "value_low": "", "value_high": "",
                         "source_url": "http://spring96.org/be/news/98359", "note": "", "entered_by": "analyst"}
    assert got[1][1]["note"] == "two\nlines"


def test_columns_may_come_in_any_order_with_a_byte_order_mark_and_crlf(tmp_path):
    columns = list(reversed(imports.COLUMNS))
    values = list(reversed(ROW.split(",")))
    text = "\ufeff" + ",".join(columns) + "\r\n" + ",".join(values) + "\r\n"
    ((number, record),) = imports.read_lines(write(tmp_path, "f.csv", text))
    assert number == 2 and record["indicator_id"] == "arbitrary_detentions" and record["entered_by"] == "analyst"


def test_notes_come_through_verbatim(tmp_path):
    note = 'Свидетель «<script>alert(1)</script>» "q" =1+1; DROP TABLE x; --'
    text = f'{HEADER}\narbitrary_detentions,1,2021-01-01,,,,,https://a.org,"{note.replace(chr(34), chr(34) * 2)}",a\n'
    ((_, record),) = imports.read_lines(write(tmp_path, "f.csv", text))
    assert record["note"] == note


def test_optional_confidential_columns_are_read(tmp_path):
    text = f"{HEADER},note_confidential,source_confidential\n{ROW},yes,no\n"
    ((_, record),) = imports.read_lines(write(tmp_path, "f.csv", text))
    assert (record["note_confidential"], record["source_confidential"]) == ("yes", "no")


def test_a_missing_or_unknown_column_is_named_on_line_1(tmp_path):
    text = HEADER.replace(",note,", ",notes,") + "\n" + ROW + "\n"
    message = refused(write(tmp_path, "f.csv", text))
    assert message.startswith("file: line 1: missing column note; unknown column 'notes'")


def test_a_semicolon_separated_file_is_refused_with_the_expected_header(tmp_path):
    assert "the header must be indicator_id,value," in refused(write(tmp_path, "f.csv", HEADER.replace(",", ";")))


def test_a_row_longer_than_the_header_is_named(tmp_path):
    assert "line 3: 11 cells" in refused(write(tmp_path, "f.csv", f"{HEADER}\n{ROW}\n{ROW},extra\n"))


def test_text_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(f"{HEADER}\n".encode() + "arbitrary_detentions,1,2021-01-01,,,,,https://a.org,Минск,a\n".encode("cp1251"))
    assert "not UTF-8" in refused(path)


def test_an_empty_file_or_other_format_is_refused(tmp_path):
    assert "is empty" in refused(write(tmp_path, "f.csv", ""))
    assert "neither .csv nor .xlsx" in refused(write(tmp_path, "f.json", "{}"))
    assert "not a readable .xlsx" in refused(write(tmp_path, "f.xlsx", "not a zip"))


def test_xlsx_rows_come_with_their_sheet_row_and_typed_cells(tmp_path):
    path = xlsx(tmp_path, [list(imports.COLUMNS),
                           ["arbitrary_detentions", 1140, datetime(2020, 5, 6), datetime(2020, 7, 20), "at_least",
                            None, None, "http://spring96.org/be/news/98359", "<b>x</b>", "analyst"],
                           [None] * 10,
                           ["trust_president_minsk", None, date(2021, 1, 1), None, "range", 15, 20.5,
                            "https://a.org", None, "ann"]])
    got = imports.read_lines(path)
    assert [n for n, _ in got] == [2, 4]
    assert got[0][1]["period_start"] == date(2020, 5, 6) and got[0][1]["value"] == 1140
    assert got[0][1]["note"] == "<b>x</b>"
    assert (got[1][1]["value_low"], got[1][1]["value_high"]) == (15, 20.5)


def test_an_upload_is_read_from_its_bytes_by_its_name(tmp_path):
    got = imports.read_lines(io.BytesIO(f"{HEADER}\n{ROW}\n".encode()), "upload.CSV")
    assert [n for n, _ in got] == [2]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_template_is_the_header_alone(tmp_path, suffix):
    path = imports.write_template(tmp_path / f"template{suffix}")
    assert imports.read_lines(path) == []
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left behind
    if suffix == ".csv":
        assert path.read_text() == HEADER + "\n"


def test_the_template_never_replaces_an_existing_file(tmp_path):
    path = write(tmp_path, "mine.csv", "precious")
    with pytest.raises(ValidationError, match="already exists"):
        imports.write_template(path)
    assert path.read_text() == "precious"


def test_lines_come_one_at_a_time_and_an_upload_can_be_read_again(tmp_path):
    upload = io.BytesIO(f"{HEADER}\n{ROW}\n\n{ROW}\n".encode())
    first = imports.iter_lines(upload, "upload.csv")
    assert next(first)[0] == 2
    assert [n for n, _ in imports.iter_lines(upload, "upload.csv")] == [2, 4]
    assert not upload.closed
