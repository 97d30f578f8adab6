"""Read-only mode fails safe: any value of BAROMETER_READONLY but empty, 0, false, no or off means read-only,
and a read-only open never creates, migrates or writes a database."""
import logging
import sqlite3
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from indicators import access
from indicators.store import Store, StoreError, migrations
from tests.backends import table_digest

from .conftest import GOOD, refused, run

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


@pytest.mark.parametrize("value", ["1", "true", "YES", "on", "2", "enabled", "ture", " 1 ", "-1"])
def test_any_other_value_means_read_only(initialized, unchanged, value):
    result = run(initialized, "add", "arbitrary_detentions", "5", *GOOD, env={"BAROMETER_READONLY": value})
    assert "read-only" in refused(result, "BAROMETER_READONLY")
    assert unchanged()


@pytest.mark.parametrize("value", ["", "0", "false", "No", "OFF", " off "])
def test_only_the_writable_values_allow_writes(initialized, value, monkeypatch):
    monkeypatch.setenv("BAROMETER_READONLY", value)
    assert not access.is_readonly()
    result = run(initialized, "add", "arbitrary_detentions", "5", *GOOD, env={"BAROMETER_READONLY": value})
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("command", [["list"], ["show", "arbitrary_detentions"], ["list", "--json"],
                                     ["snapshot", "--week", "2020-W30"]])
def test_a_read_only_read_of_a_missing_database_creates_nothing(tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    missing = tmp_path / "missing.db"
    result = run(missing, *command, env={"BAROMETER_READONLY": "1"})
    assert str(missing) in refused(result, "no such database")
    assert list(tmp_path.iterdir()) == []


def test_a_read_only_open_of_a_file_without_a_schema_leaves_it_alone(tmp_path):
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    not_sqlite = tmp_path / "notes.db"
    not_sqlite.write_bytes(b"these are my notes, not a database" * 10)
    for path in (empty, not_sqlite):
        before = path.read_bytes()
        result = run(path, "list", env={"BAROMETER_READONLY": "1"})
        assert str(path) in refused(result, "not a barometer database")
        assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.db", "notes.db"]  # no -wal, no -shm


def test_a_read_only_open_never_migrates(db_path, monkeypatch):
    first = next(sql for version, _, sql in migrations() if version == 1)
    con = sqlite3.connect(db_path)
    from indicators.store.dialect import split_sql
    for statement in split_sql(first):
        con.execute(statement)
    con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                "applied_at TEXT NOT NULL)")
    con.execute("INSERT INTO schema_migrations VALUES (1, 'initial', 't')")
    con.commit()
    con.close()
    before = table_digest(db_path)
    monkeypatch.setenv("BAROMETER_READONLY", "1")
    with Store.open(db_path) as store:
        assert store.applied_versions() == [1]
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            store.conn.execute("INSERT INTO schema_migrations VALUES (2, 'x', 't')")
    assert table_digest(db_path) == before


def test_the_connection_itself_cannot_write(initialized, unchanged, monkeypatch):
    monkeypatch.setenv("BAROMETER_READONLY", "yes")
    with Store.open(initialized) as store:
        assert store.readonly
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            store.start_run("nbrb")
    assert unchanged()


def test_the_dashboard_on_a_missing_database_in_read_only_mode_says_so_and_creates_nothing(tmp_path, monkeypatch,
                                                                                           caplog):
    missing = tmp_path / "missing.db"
    monkeypatch.setenv("BAROMETER_DB", str(missing))
    monkeypatch.setenv("BAROMETER_READONLY", "1")
    with caplog.at_level(logging.ERROR, logger="barometer.dashboard"):
        at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception and "error id" in at.error[0].value
    assert "no such database" in caplog.text
    assert list(tmp_path.iterdir()) == []


def test_store_errors_name_the_path(tmp_path, monkeypatch):
    monkeypatch.setenv("BAROMETER_READONLY", "1")
    with pytest.raises(StoreError, match=str(tmp_path / "nope.db")):
        Store.open(tmp_path / "nope.db")
