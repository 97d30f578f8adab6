"""Read-only mode fails safe: any value of BAROMETER_READONLY but empty, 0, false, no or off means read-only,
and a read-only open never creates, migrates or writes a database. On PostgreSQL, a role granted only SELECT (as
docs/security.md gives it) reads everything and writes nothing, whatever the application asks."""
import dataclasses
import logging
import re
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from streamlit.testing.v1 import AppTest

from indicators import access
from indicators.store import Store, StoreError
from tests.backends import BACKENDS, at_first_version, connect, execute, table_digest

from .conftest import GOOD, refused, run

SECURITY = Path(__file__).resolve().parents[2] / "docs" / "security.md"
pytestmark = pytest.mark.both_backends

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


def test_a_read_only_open_of_a_database_without_a_schema_leaves_it_alone(db_target):
    execute(db_target, "CREATE TABLE notes (line TEXT)")
    before = table_digest(db_target)
    result = run(db_target, "list", env={"BAROMETER_READONLY": "1"})
    assert "no schema" in refused(result, "not a barometer database")
    assert table_digest(db_target) == before


def test_a_read_only_open_never_migrates(db_target, monkeypatch):
    at_first_version(db_target)
    before = table_digest(db_target)
    monkeypatch.setenv("BAROMETER_READONLY", "1")
    with Store.open(db_target) as store:
        assert store.applied_versions() == [1]
        with pytest.raises(store.sql.database_error, match=READ_ONLY):
            store.conn.execute("INSERT INTO schema_migrations VALUES (2, 'x', 't')")
    assert table_digest(db_target) == before


READ_ONLY = "readonly|read-only"  # SQLite's words, PostgreSQL's


def test_the_connection_itself_cannot_write(initialized, unchanged, monkeypatch):
    monkeypatch.setenv("BAROMETER_READONLY", "yes")
    with Store.open(initialized) as store:
        assert store.readonly
        with pytest.raises(store.sql.database_error, match=READ_ONLY):
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


# -- PostgreSQL: a role that may only read ----------------------------------------------------------------

def readme_sql() -> str:
    """The statements under docs/security.md's "PostgreSQL: a read-only role"."""
    section = SECURITY.read_text(encoding="utf-8").split("## PostgreSQL: a read-only role", 1)[1]
    return re.search(r"```sql\n(.*?)```", section, re.S).group(1)


@pytest.fixture
def reader(initialized, postgres_server):
    """The URL of `initialized` as a role made with docs/security.md's statements (its names swapped for this test's)."""
    role = f"reader_{uuid.uuid4().hex[:12]}"
    database = initialized.rsplit("/", 1)[1]
    with connect(initialized) as con:
        owner = con.execute("SELECT current_user").fetchone()[0]
        sql = readme_sql().replace("barometer_reader", role).replace("'a long random password'", "'secret'")
        sql = re.sub(r"\bDATABASE barometer\b", f'DATABASE "{database}"', sql)
        con.execute(re.sub(r"\bFOR ROLE barometer\b", f'FOR ROLE "{owner}"', sql))
    where = urlsplit(initialized)
    yield f"postgresql://{role}:secret@{where.hostname}:{where.port or 5432}{where.path}"
    with connect(initialized) as con:
        con.execute(f"DROP OWNED BY {role}")
    postgres_server.admin.execute(f"DROP ROLE {role}")


@pytest.mark.parametrize("backend", BACKENDS[1:], indirect=True)
def test_a_read_only_role_reads_everything_the_public_site_shows(reader, monkeypatch):
    for command in (["list", "--json"], ["show", "arbitrary_detentions"], ["changes", "--since", "2020-W32"]):
        result = run(reader, *command, env={"BAROMETER_READONLY": "1"})
        assert result.exit_code == 0, (command, result.output)
    monkeypatch.setenv("BAROMETER_READONLY", "1")
    with Store.open(reader) as store:
        assert store.data_version() and store.observations("arbitrary_detentions")


@pytest.mark.parametrize("backend", BACKENDS[1:], indirect=True)
def test_a_read_only_role_cannot_write_even_when_the_application_tries(reader, initialized, unchanged, catalogue):
    """Without BAROMETER_READONLY the application believes it may write: the server refuses every write."""
    renamed = dataclasses.replace(catalogue, indicators={k: dataclasses.replace(i, name=f"{i.name}, renamed")
                                                         for k, i in catalogue.indicators.items()})
    with Store.open(reader) as store:  # opening migrates nothing: the schema is current
        assert not store.readonly
        writes = [
            lambda: store.start_run("nbrb"),
            lambda: store.retract(store.observations("arbitrary_detentions")[0]["id"], "no"),
            lambda: store.sync_catalogue(renamed),
            lambda: store.conn.execute("INSERT INTO events (date_start, date_end, label, source_url, entered_by, "
                                       "entered_at) VALUES ('2030-01-01', '2030-01-01', 'x', 'https://x/', 'x', 't')"),
            lambda: store.conn.execute("DELETE FROM alert_deliveries"),
            lambda: store.conn.execute("CREATE TABLE mine (x integer)"),
        ]
        for refusal in ("read-only", "permission denied"):  # the role's default, then its grants once that is off
            for write in writes:
                with pytest.raises(store.sql.database_error, match=refusal):
                    write()
            store.conn.execute("SET default_transaction_read_only = off")
    assert unchanged()


@pytest.mark.parametrize("backend", BACKENDS[1:], indirect=True)
@pytest.mark.parametrize("readonly", ["1", ""])
def test_a_missing_postgresql_database_is_named_and_never_created(db_target, postgres_server, monkeypatch, readonly):
    missing = db_target.rsplit("/", 1)[0] + "/no_such_database"
    monkeypatch.setenv("BAROMETER_READONLY", readonly)
    with pytest.raises(StoreError, match=f"{re.escape(missing)}: no such database"):
        Store.open(missing)
    assert postgres_server.admin.execute("SELECT count(*) FROM pg_database WHERE datname = 'no_such_database'"
                                         ).fetchone() == (0,)
