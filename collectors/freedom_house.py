"""Freedom House, Freedom in the World: the country's total score (0–100, higher is freer) per edition, read
from Freedom House's all-data workbook (sheet FIW13-24 and its successors: one row per country and edition).

An edition is published early in its year and covers the year before, so a figure is dated by the year it
measures (the 2021 edition's score is the state of 2020) and its note names the edition.
"""
from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook

from indicators.model.catalogue import Country

from .base import ParseError, RawPayload, record
from .source import Source

ID = "freedom_house"
SCHEDULE = None  # the workbook is downloaded by hand from Freedom House's site
CANONICAL = "https://freedomhouse.org/report/freedom-world"
NOTE = "Freedom in the World {edition} edition, covering {year}"
HEADER = ("Country/Territory", "Edition")


def plan(indicators, since: date, until: date, country: Country) -> list[str]:
    return []


def fetch(url: str, client=None) -> RawPayload:
    raise RuntimeError("freedom_house: download the all-data workbook from Freedom House, then run "
                       "`barometer collect freedom_house --from-file FILE.xlsx`")


def _rows(body: bytes) -> tuple[list[str], list[dict]]:
    """The data sheet's header and rows as dicts: the first sheet whose rows include the FIW header."""
    try:
        book = load_workbook(io.BytesIO(body), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is one clear parse error
        raise ParseError(ID, "body", f"not a readable .xlsx workbook ({type(exc).__name__})") from None
    try:
        for sheet in book.worksheets:
            header, rows = None, []
            for values in sheet.iter_rows(values_only=True):
                if header is None:
                    if values and tuple(values[:1]) == HEADER[:1] and "Edition" in values:
                        header = [str(v) if v is not None else "" for v in values]
                    continue
                rows.append(dict(zip(header, values)))
            if header is not None:
                return header, rows
    finally:
        book.close()
    raise ParseError(ID, "sheet", "no sheet with the Country/Territory and Edition columns")


def parse(body: bytes, url: str, indicators, country: Country) -> list[dict]:
    """One score per edition and indicator (params.column, such as Total); a blank score is left out."""
    header, rows = _rows(body)
    for column in sorted({ind.params["column"] for ind in indicators}):
        if column not in header:
            raise ParseError(ID, f"column {column}", f"missing from the header ({', '.join(header[:8])}…)")
    mine = [row for row in rows if row.get("Country/Territory") == country.name]
    if indicators and not mine:
        raise ParseError(ID, "Country/Territory", f"empty result: no rows for {country.name}")
    out = []
    for ind in indicators:
        column = ind.params["column"]
        for row in mine:
            edition, value = row.get("Edition"), row.get(column)
            if not isinstance(edition, int) or isinstance(edition, bool):
                raise ParseError(ID, f"Edition ({country.name})", f"{edition!r} is not a year")
            if value is None:
                continue  # not scored in that edition
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                raise ParseError(ID, f"{column} ({country.name} {edition})", f"{value!r} is not a score")
            out.append(record(ID, ind.id, date(edition - 1, 1, 1), date(edition - 1, 12, 31), value, CANONICAL,
                              note=NOTE.format(edition=edition, year=edition - 1)))
    return out


SOURCE = Source(ID, SCHEDULE, plan, fetch, parse)
