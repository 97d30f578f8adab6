"""Observation files (.csv, .xlsx) read into records with their line numbers, and the empty template.

Reading only turns cells into records; indicators.input.entry validates and saves them.
"""
from __future__ import annotations

import codecs
import csv
import io
import os
import tempfile
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from .. import local_files
from .entry import RowsRejected  # the error every bad row of a file gives
from ..languages.i18n import _, ngettext
from ..model.text_policy import csv_line
from ..model.validation import FieldError, ValidationError

COLUMNS = ("indicator_id", "value", "period_start", "period_end", "qualifier", "value_low", "value_high",
           "source_url", "note", "entered_by")
OPTIONAL_COLUMNS = ("note_confidential", "source_confidential", "citation")
FORMATS = (".csv", ".xlsx")
TEMPLATE_NAME = "observations-template.csv"

Line = tuple[int, dict]


def _refuse(message: str) -> ValidationError:
    return ValidationError([FieldError("file", message)])


def _format_of(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix not in FORMATS:
        raise _refuse(_("{name} is neither .csv nor .xlsx").format(name=repr(name)))
    return suffix


def _header(cells: Iterable) -> list[str]:
    header = [("" if c is None else str(c)).strip().lower() for c in cells]
    while header and not header[-1]:
        header.pop()
    missing = [c for c in COLUMNS if c not in header]
    unknown = [c for c in header if c not in COLUMNS and c not in OPTIONAL_COLUMNS]
    if missing or unknown:
        parts = []
        if missing:
            parts.append(ngettext("missing column {columns}", "missing columns {columns}", len(missing)).format(
                columns=", ".join(missing)))
        if unknown:
            parts.append(ngettext("unknown column {columns}", "unknown columns {columns}", len(unknown)).format(
                columns=", ".join(map(repr, unknown))))
        raise _refuse(_("line 1: {problems} (the header must be {header})").format(problems="; ".join(parts),
                                                                                 header=",".join(COLUMNS)))
    repeated = sorted({c for c in header if header.count(c) > 1})
    if repeated:
        raise _refuse(_("line 1: column {columns} appears twice").format(columns=", ".join(repeated)))
    return header


def _record(header: list[str], cells: list, number: int) -> dict | None:
    """The record of one row, or None for a blank row; extra cells beyond the header are refused."""
    if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
        return None
    if len(cells) == len(header):
        return dict(zip(header, cells))
    if any(c not in (None, "") for c in cells[len(header):]):
        raise _refuse(_("line {line}: {cells} cells but the header has {columns} columns").format(
            line=number, cells=len(cells), columns=len(header)))
    return {key: cells[i] if i < len(cells) else None for i, key in enumerate(header)}


def _bad_byte(stream: BinaryIO) -> int:
    """Where the first byte that is not UTF-8 sits (after any byte order mark), found without holding the file."""
    stream.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = -3 if stream.read(3) == codecs.BOM_UTF8 else 0
    stream.seek(0)
    while chunk := stream.read(1 << 20):
        pending = len(decoder.getstate()[0])
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError as exc:
            return offset - pending + exc.start
        offset += len(chunk)
    return offset


def _csv_lines(stream: BinaryIO) -> Iterator[Line]:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    reader = csv.reader(text)
    header: list[str] | None = None
    next_line = 1
    try:
        for cells in reader:
            number, next_line = next_line, reader.line_num + 1
            if header is None:
                header = _header(cells)
                continue
            record = _record(header, cells, number)
            if record is not None:
                yield number, record
    except UnicodeDecodeError:
        raise _refuse(_("is not UTF-8 text (byte {at}); save it as CSV UTF-8").format(at=_bad_byte(stream))) from None
    except csv.Error as exc:
        raise _refuse(_("line {line}: {problem}").format(line=next_line, problem=exc)) from None
    finally:
        text.detach()  # the caller's stream stays open for another reading
    if header is None:
        raise _refuse(_("is empty: it needs the header line {header}").format(header=",".join(COLUMNS)))


def _cell(value):
    """Spreadsheet cells as validation expects them: dates as dates, the rest untouched."""
    return value.date() if isinstance(value, datetime) else value


def _sheet_rows(rows: Iterator) -> Iterator[tuple[int, tuple]]:
    """(line number, cells) of a sheet; a sheet that cannot be read on (cut short, a number no cell can
    hold) is bad input naming the line where reading stopped."""
    number = 0
    while True:
        try:
            cells = next(rows)
        except StopIteration:
            return
        except Exception as exc:  # noqa: BLE001 - whatever the XML reader trips on is bad input
            raise _refuse(_("line {line}: the sheet cannot be read from here on ({problem}); save the workbook again "
                            "from the spreadsheet program").format(line=number + 1,
                                                                    problem=f"{type(exc).__name__}: {str(exc)[:120]}"),
                          ) from None
        number += 1
        yield number, cells


def _values(header: list[str] | None, cells: tuple, number: int) -> list:
    """A row's values; a formula is refused, naming its line and field (its result is not in the file
    as typed, and a stored formula would be text that runs in the next spreadsheet)."""
    values = []
    for i, cell in enumerate(cells):
        if getattr(cell, "data_type", None) == "f":
            where = header[i] if header is not None and i < len(header) else f"column {i + 1}"
            raise RowsRejected([(number, FieldError(where, _("holds a formula ({formula}); type the value itself, "
                                                             "formulas are not imported").format(
                formula=repr(str(cell.value)[:60]))))])
        values.append(_cell(cell.value))
    return values


def _xlsx_lines(stream: BinaryIO) -> Iterator[Line]:
    from openpyxl import load_workbook  # only .xlsx files need it

    try:
        book = load_workbook(stream, read_only=True, data_only=False)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is bad input
        raise _refuse(_("is not a readable .xlsx workbook ({problem})").format(problem=type(exc).__name__)) from None
    try:
        rows = _sheet_rows(book.worksheets[0].iter_rows())
        first = next(rows, (1, ()))[1]
        header = _header(_values(None, first, 1))
        for number, cells in rows:
            record = _record(header, _values(header, cells, number), number)
            if record is not None:
                yield number, record
    finally:
        book.close()


def iter_lines(source: str | Path | BinaryIO, name: str | None = None) -> Iterator[Line]:
    """(line number in the file, record) for every non-blank row, one at a time, so that a large file
    is never held whole; the header is line 1. An upload is read from its start each time."""
    if isinstance(source, (str, Path)):
        suffix = _format_of(name or str(source))
        with local_files.checked(source, limit=None, option="FILE").open("rb") as stream:
            yield from (_csv_lines if suffix == ".csv" else _xlsx_lines)(stream)
        return
    suffix = _format_of(name or getattr(source, "name", "upload"))
    if source.seekable():
        source.seek(0)
        stream = source
    else:
        stream = io.BytesIO(source.read())
    yield from (_csv_lines if suffix == ".csv" else _xlsx_lines)(stream)


def read_lines(source: str | Path | BinaryIO, name: str | None = None) -> list[Line]:
    """Every (line number, record) of the file at once, for callers that want a list."""
    return list(iter_lines(source, name))


def template_bytes(suffix: str = ".csv") -> bytes:
    """An empty observations file: the header row only."""
    if _format_of(f"template{suffix}") == ".csv":
        return csv_line(COLUMNS).encode("utf-8")
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "observations"
    sheet.append(list(COLUMNS))
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def write_template(path: str | Path) -> Path:
    """Write the empty template atomically (temp file + rename); an existing file is never replaced."""
    path = Path(path)
    if path.exists():
        raise _refuse(_("{name} already exists; choose another name").format(name=repr(str(path))))
    data = template_bytes(_format_of(path.name))
    fd, tmp = tempfile.mkstemp(dir=path.parent or ".", prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path

