"""Every CSV the tool writes keeps one record per row, whatever line breaks a stored text holds: a lone
carriage return once ended the record and started a new row whose first cell was a formula."""
from __future__ import annotations

import csv
import io

import pytest

from indicators.input.imports import template_bytes
from indicators.model.text_policy import csv_line

from .conftest import run

BREAKS = ["\r=1+1", "ok\r=1+1", "\n=1+1", "a\r\n@SUM(A1)", "\u2028=1+1", '"\r,=2', "x\r\r-3"]


def records(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def test_the_issue_repro_keeps_the_note_in_its_own_cell_in_both_files(initialized, tmp_path):
    added = run(initialized, "add", "protest_rallies", 9, "--start", "2026-11-01", "--source",
                "https://e.example/n9", "--note", "\r=1+1", "--by", "analyst")
    assert added.exit_code == 0, added.output
    assert run(initialized, "snapshot", "--week", "2026-W44", "--out", tmp_path / "s").exit_code == 0
    for name in ("snapshot.csv", "changes.csv"):
        rows = records((tmp_path / "s" / name).read_bytes())
        assert {len(r) for r in rows} == {len(rows[0])}, name  # no row broken off
        assert not [c for r in rows for c in r if c.startswith(("=", "@", "\r"))], name
    rows = records((tmp_path / "s" / "snapshot.csv").read_bytes())
    assert [c for r in rows for c in r if "=1+1" in c] == ["'\r=1+1"]  # neutralized, in the notes cell


@pytest.mark.parametrize("text", BREAKS)
def test_a_cell_with_any_line_break_reads_back_whole(text):
    rows = records(csv_line(["a", text, "b"]).encode())
    assert rows == [["a", text, "b"]]


def test_plain_cells_are_written_bare_and_the_template_is_its_header():
    assert csv_line(["id", 1, "x y", ""]) == "id,1,x y,\n"
    assert records(template_bytes(".csv"))[0][0] == "indicator_id"
