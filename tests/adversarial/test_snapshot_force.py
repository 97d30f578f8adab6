"""`snapshot --force` replaces an earlier snapshot and nothing else: any other folder, the working folder,
a file or a folder holding a link is refused naming --out (exit 2), and no temporary folder is left."""
import os

import pytest

from indicators.reports.snapshot import files as exports

from .conftest import refused, run

WEEK = ["snapshot", "--week", "2020-W30"]


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_force_refuses_a_folder_that_is_not_a_snapshot(initialized, tmp_path):
    target = tmp_path / "documents"
    target.mkdir()
    (target / "thesis.docx").write_text("years of work")
    refused(run(initialized, *WEEK, "--out", target, "--force"), "--out")
    assert (target / "thesis.docx").read_text() == "years of work" and leftovers(tmp_path) == []


def test_force_refuses_a_snapshot_with_anything_else_in_it(initialized, tmp_path):
    target = tmp_path / "brief"
    assert run(initialized, *WEEK, "--out", target).exit_code == 0
    (target / "charts" / "notes.txt").write_text("mine")
    refused(run(initialized, *WEEK, "--out", target, "--force"), "--out")
    assert (target / "charts" / "notes.txt").exists()


def test_force_refuses_the_working_folder_and_leaves_no_temporary_folder(initialized, tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    (work / "keep.txt").write_text("kept")
    monkeypatch.chdir(work)
    for out in (".", "./", str(work)):
        refused(run(initialized, *WEEK, "--out", out, "--force"), "--out")
    assert sorted(p.name for p in work.iterdir()) == ["keep.txt"] and leftovers(tmp_path) == []


def test_force_refuses_the_working_folder_even_when_it_is_a_snapshot(initialized, tmp_path, monkeypatch):
    target = tmp_path / "brief"
    assert run(initialized, *WEEK, "--out", target).exit_code == 0
    monkeypatch.chdir(target)
    refused(run(initialized, *WEEK, "--out", ".", "--force"), "current folder")
    assert (target / "snapshot.json").exists() and leftovers(tmp_path) == []


def test_force_refuses_a_parent_of_the_working_folder(initialized, tmp_path, monkeypatch):
    inner = tmp_path / "a" / "b"
    inner.mkdir(parents=True)
    monkeypatch.chdir(inner)
    refused(run(initialized, *WEEK, "--out", "..", "--force"), "--out")
    assert inner.exists()


def test_force_refuses_a_file_and_a_folder_holding_a_link(initialized, tmp_path):
    file = tmp_path / "snapshot.csv"
    file.write_text("not a folder")
    refused(run(initialized, *WEEK, "--out", file, "--force"), "--out")
    target = tmp_path / "brief"
    assert run(initialized, *WEEK, "--out", target).exit_code == 0
    os.symlink(tmp_path / "elsewhere", target / "report.md.bak")
    refused(run(initialized, *WEEK, "--out", target, "--force"), "--out")


def test_force_replaces_an_earlier_snapshot_or_an_empty_folder(initialized, tmp_path):
    target = tmp_path / "brief"
    assert run(initialized, *WEEK, "--out", target, "--zip").exit_code == 0
    (target / "report.md").write_text("stale")
    result = run(initialized, *WEEK, "--out", target, "--force")
    assert result.exit_code == 0, result.output
    assert (target / "report.md").read_text() != "stale" and leftovers(tmp_path) == []
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run(initialized, *WEEK, "--out", empty, "--force").exit_code == 0
    assert (empty / "snapshot.json").exists()


def test_a_failed_swap_puts_the_earlier_snapshot_back(initialized, tmp_path, monkeypatch):
    target = tmp_path / "brief"
    assert run(initialized, *WEEK, "--out", target).exit_code == 0
    (target / "report.md").write_text("earlier")
    real = os.replace
    calls = []

    def failing(src, dst):
        calls.append((src, dst))
        if len(calls) == 2:  # the new folder's move into place
            raise OSError("disk full")
        return real(src, dst)

    monkeypatch.setattr(exports.os, "replace", failing)
    with pytest.raises(OSError, match="disk full"):
        exports.write_files({"snapshot.json": b"{}"}, target, force=True)
    assert (target / "report.md").read_text() == "earlier" and leftovers(tmp_path) == []
