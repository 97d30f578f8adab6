"""A full disk says so: an import (or any write) that runs out of space ends with "the disk is full", exit 1,
and the data already stored intact — never SQLite's follow-up "cannot rollback - no transaction is active"."""
import csv
import os
import shutil
import sqlite3
import subprocess
import tempfile

import pytest

from indicators.model.observation import Observation
from indicators.store import DiskFull, Store
from tests.backends import table_digest

from .conftest import run

HEADER = "indicator_id,value,period_start,period_end,qualifier,value_low,value_high,source_url,note,entered_by"


def sheet(path, rows):
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(HEADER.split(","))
        for i in range(rows):
            out.writerow(["arbitrary_detentions", i, "2021-01-01", "2021-01-01", "exact", "", "",
                          f"https://e.example/{i}", "n" * 200, "analyst"])
    return path


@pytest.fixture
def tiny_disk(tmp_path):
    """A 3 MB file system of its own (tmpfs, mounted as root), removed after the test."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root")
    where = tmp_path / "tiny"
    where.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(where)]).returncode != 0:
        pytest.skip("tmpfs cannot be mounted here")
    yield where
    subprocess.run(["umount", "--lazy", str(where)])


def test_an_import_onto_a_full_disk_says_disk_full_and_keeps_the_data(tmp_path, tiny_disk):
    made = tmp_path / "made.db"
    assert run(made, "init").exit_code == 0
    db = tiny_disk / "data.db"
    shutil.copy(made, db)
    before = table_digest(db)
    result = run(db, "import", sheet(tmp_path / "big.csv", 20_000))
    assert result.exit_code == 1, result.output
    assert "the disk is full" in result.output and "nothing of it was saved" in result.output
    assert "cannot rollback" not in result.output and "no transaction is active" not in result.output
    assert table_digest(db) == before
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()
    assert run(db, "check").exit_code == 0


def _obs(i):
    return Observation("arbitrary_detentions", "2021-01-01", "2021-01-01", "exact", f"https://e.example/{i}", "a",
                       value=float(i), note="n" * 500)


def test_a_database_at_its_size_limit_says_so_through_the_api(store):
    """SQLite's own page limit (PRAGMA max_page_count) gives the same SQLITE_FULL as a full disk."""
    store.append([_obs(0)])
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages + 2}")
    before = len(store.observations("arbitrary_detentions"))
    with pytest.raises(DiskFull, match="the disk is full"):
        store.append([_obs(i) for i in range(1, 5000)])
    with pytest.raises(DiskFull):  # a nested write (a savepoint) too
        with store.transaction():
            store.append([_obs(i) for i in range(5000, 10000)])
    assert len(store.observations("arbitrary_detentions")) == before
    store.conn.execute("PRAGMA max_page_count = 1073741823")
    store.append([_obs(10_001)])  # the store goes on once there is room
    assert len(store.observations("arbitrary_detentions")) == before + 1



def test_an_import_whose_spool_fills_the_disk_says_so_too(tmp_path, tiny_disk, monkeypatch):
    """The rows are spooled to a temporary file before they are written: that disk filling up says the same."""
    db = tmp_path / "data.db"
    assert run(db, "init").exit_code == 0
    before = table_digest(db)
    big = sheet(tmp_path / "big.csv", 60_000)
    monkeypatch.setattr(tempfile, "tempdir", str(tiny_disk))  # where the spool goes
    result = run(db, "import", big)
    assert result.exit_code == 1, result.output
    assert "the disk is full" in result.output and "nothing was saved" in result.output
    assert table_digest(db) == before
