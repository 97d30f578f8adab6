"""Append-only, whatever client writes: each forbidden write is tried through a raw connection (Python's sqlite3,
or psycopg) and through the database's own command-line program (`sqlite3`, `psql`), and must be refused by the
database itself with the data unchanged."""
import re
import shutil
import subprocess
from importlib import resources

import pytest

from indicators.model.catalogue import load_catalogue
from indicators.model.observation import Observation
from indicators.store import Store, migrations
from tests.backends import BACKENDS, at_first_version, connect, execute, table_digest

SRC = "https://example.org/report/1"
REFUSAL = r"append-only|kept untouched|collector runs are a log"  # the triggers' own words, not another error
OBS_COLUMNS = "indicator_id, period_start, period_end, value, qualifier, source_url, entered_by, entered_at"
OBS_VALUES = "'arbitrary_detentions', '2021-01-01', '2021-01-01', 1, 'exact', 'https://x.example/', 'x', 't'"


def obs(value=10.0, start="2021-03-01"):
    return Observation("arbitrary_detentions", start, start, "exact", SRC, "analyst", value=value)


@pytest.fixture
def ids(store):
    """A store holding each kind of row: active, superseded and retracted observations, an event, an archived
    payload, a finished and a running collector run."""
    sha = store.archive_payload(source="nbrb", url="https://api.nbrb.by/x", status=200,
                                fetched_at="2021-03-02T00:00:00+00:00", body=b"[]")
    done = store.start_run("nbrb")
    store.finish_run(done, status="ok", rows_added=1)
    running = store.start_run("ooni")
    (active,) = store.append([obs(1)], payload_sha256=sha, run_id=done)
    (old,) = store.append([obs(2, "2021-03-02")])
    store.correct(old, obs(3, "2021-03-02"), reason="typo")
    (gone,) = store.append([obs(4, "2021-03-03")])
    store.retract(gone, "withdrawn")
    store.add_events([{"date_start": "2020-08-09", "label": "Election", "source_url": SRC, "entered_by": "a"}])
    event = store.events()[0]["id"]
    return {"active": active, "superseded": old, "retracted": gone, "event": event, "sha": sha, "done": done,
            "running": running}


FORBIDDEN = {
    # observations: the status moves once, with its reason and time, and nothing else changes
    "reason alone": "UPDATE observations SET status_reason = 'rewritten' WHERE id = {active}",
    "time alone": "UPDATE observations SET status_changed_at = '2030-01-01' WHERE id = {active}",
    "reason of a superseded row": "UPDATE observations SET status_reason = 'rewritten' WHERE id = {superseded}",
    "time of a retracted row": "UPDATE observations SET status_changed_at = '1999' WHERE id = {retracted}",
    "status without reason": "UPDATE observations SET status = 'retracted', status_changed_at = 't' WHERE id = {active}",
    "status without time": "UPDATE observations SET status = 'retracted', status_reason = 'r' WHERE id = {active}",
    "status with a blank reason": ("UPDATE observations SET status = 'retracted', status_changed_at = 't', "
                                   "status_reason = '  ' WHERE id = {active}"),
    "status with a figure": ("UPDATE observations SET status = 'retracted', status_changed_at = 't', "
                             "status_reason = 'r', value = 99 WHERE id = {active}"),
    "second move": ("UPDATE observations SET status = 'superseded', status_changed_at = 't', status_reason = 'r' "
                    "WHERE id = {retracted}"),
    "back to active": ("UPDATE observations SET status = 'active', status_changed_at = NULL, status_reason = NULL "
                       "WHERE id = {retracted}"),
    "figure": "UPDATE observations SET value = 99 WHERE id = {active}",
    "provenance": "UPDATE observations SET payload_sha256 = NULL, run_id = NULL WHERE id = {active}",
    "delete": "DELETE FROM observations WHERE id = {active}",
    "upsert": (f"INSERT INTO observations (id, {OBS_COLUMNS}) VALUES ({{active}}, {OBS_VALUES}) "
               "ON CONFLICT (id) DO UPDATE SET value = 99"),
    "insert already retracted": (f"INSERT INTO observations ({OBS_COLUMNS}, status, status_changed_at, "
                                 f"status_reason) VALUES ({OBS_VALUES}, 'retracted', 't', 'r')"),
    # events
    "event update": "UPDATE events SET label = 'Rewritten' WHERE id = {event}",
    "event delete": "DELETE FROM events",
    "event upsert": ("INSERT INTO events (id, date_start, date_end, label, source_url, entered_by, entered_at) "
                     "VALUES ({event}, '2020-01-01', '2020-01-01', 'Other', 'https://x/', 'x', 't') "
                     "ON CONFLICT (id) DO UPDATE SET label = 'Other'"),
    # archived payloads
    "payload source": "UPDATE raw_payloads SET source = 'other' WHERE sha256 = '{sha}'",
    "payload delete": "DELETE FROM raw_payloads",
    # collector runs: a finished run is never rewritten
    "finished run status": "UPDATE collector_runs SET status = 'failed' WHERE id = {done}",
    "finished run counts": "UPDATE collector_runs SET rows_added = 999 WHERE id = {done}",
    "finished run error": "UPDATE collector_runs SET error = 'hidden' WHERE id = {done}",
    "running run source": ("UPDATE collector_runs SET source = 'nbrb', status = 'ok', finished_at = 't' "
                           "WHERE id = {running}"),
    "run finished without a time": "UPDATE collector_runs SET status = 'ok' WHERE id = {running}",
    "run delete": "DELETE FROM collector_runs",
    "run upsert": ("INSERT INTO collector_runs (id, source, started_at, status) VALUES ({done}, 'nbrb', 't', 'running') "
                   "ON CONFLICT (id) DO UPDATE SET status = 'running'"),
    "run inserted finished": ("INSERT INTO collector_runs (source, started_at, finished_at, status) "
                              "VALUES ('nbrb', 't', 't', 'ok')"),
}
# What only one of the two databases can be asked: SQLite's REPLACE (which deletes without firing delete
# triggers), PostgreSQL's TRUNCATE (which deletes without row triggers) and its own literals.
ONLY = {
    "sqlite": {
        "insert or replace": f"INSERT OR REPLACE INTO observations (id, {OBS_COLUMNS}) VALUES ({{active}}, {OBS_VALUES})",
        "replace": f"REPLACE INTO observations (id, {OBS_COLUMNS}) VALUES ({{superseded}}, {OBS_VALUES})",
        "event replace by id": ("INSERT OR REPLACE INTO events (id, date_start, date_end, label, source_url, "
                                "entered_by, entered_at) VALUES ({event}, '2020-01-01', '2020-01-01', 'Other', "
                                "'https://x/', 'x', 't')"),
        "event replace by key": ("REPLACE INTO events (date_start, date_end, label, source_url, entered_by, "
                                 "entered_at) VALUES ('2020-08-09', '2020-08-10', 'Election', 'https://x/', 'x', 't')"),
        "payload update": "UPDATE raw_payloads SET body = x'00' WHERE sha256 = '{sha}'",
        "payload replace": ("INSERT OR REPLACE INTO raw_payloads (sha256, source, fetched_at, size, compression, body) "
                            "VALUES ('{sha}', 'nbrb', 't', 1, 'none', x'00')"),
        "payload replace by rowid": ("INSERT OR REPLACE INTO raw_payloads (rowid, sha256, source, fetched_at, size, "
                                     "compression, body) VALUES (1, 'other', 'nbrb', 't', 1, 'none', x'00')"),
        "run replace": ("INSERT OR REPLACE INTO collector_runs (id, source, started_at, status) "
                        "VALUES ({done}, 'nbrb', 't', 'running')"),
    },
    "postgresql": {
        "truncate observations": "TRUNCATE observations",
        "truncate through the catalogue": "TRUNCATE indicators CASCADE",
        "truncate events": "TRUNCATE events",
        "truncate payloads": "TRUNCATE raw_payloads CASCADE",
        "truncate runs": "TRUNCATE collector_runs CASCADE",
        "payload update": "UPDATE raw_payloads SET body = '\\x00'::bytea WHERE sha256 = '{sha}'",
        "payload upsert": ("INSERT INTO raw_payloads (sha256, source, fetched_at, size, compression, body) "
                           "VALUES ('{sha}', 'nbrb', 't', 1, 'none', '\\x00'::bytea) "
                           "ON CONFLICT (sha256) DO UPDATE SET body = excluded.body"),
    },
}

CASES = [pytest.param(backend.values[0], name, id=f"{backend.id}-{name}", marks=backend.marks)
         for backend in BACKENDS for name in [*FORBIDDEN, *ONLY[backend.values[0]]]]


def forbidden(backend: str, name: str, ids: dict) -> str:
    return {**FORBIDDEN, **ONLY[backend]}[name].format(**ids)


@pytest.mark.parametrize("backend, name", CASES, indirect=["backend"])
def test_a_raw_connection_is_refused(store, ids, db_target, backend, name):
    before = table_digest(db_target)
    with connect(db_target) as con, pytest.raises(store.sql.database_error, match=REFUSAL):
        con.execute(forbidden(backend, name, ids))
    assert table_digest(db_target) == before


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="the sqlite3 command-line program is not installed")
@pytest.mark.parametrize("name", [*FORBIDDEN, *ONLY["sqlite"]])
def test_the_sqlite3_program_is_refused(store, ids, db_target, name):
    before = table_digest(db_target)
    done = subprocess.run(["sqlite3", "-bail", str(db_target), forbidden("sqlite", name, ids) + ";"],
                          capture_output=True, text=True, timeout=30)
    assert done.returncode != 0 and re.search(REFUSAL, done.stderr), (done.returncode, done.stderr)
    assert table_digest(db_target) == before


@pytest.mark.skipif(shutil.which("psql") is None, reason="the psql command-line program is not installed")
@pytest.mark.parametrize("backend", BACKENDS[1:], indirect=True)
@pytest.mark.parametrize("name", [*FORBIDDEN, *ONLY["postgresql"]])
def test_the_psql_program_is_refused(store, ids, db_target, name):
    before = table_digest(db_target)
    done = subprocess.run(["psql", "--no-psqlrc", "-v", "ON_ERROR_STOP=1", "-d", db_target,
                           "-c", forbidden("postgresql", name, ids)], capture_output=True, text=True, timeout=30)
    assert done.returncode != 0 and re.search(REFUSAL, done.stderr), (done.returncode, done.stderr)
    assert table_digest(db_target) == before


@pytest.mark.both_backends
def test_the_one_allowed_move_and_every_code_path_still_work(store, ids, db_target):
    execute(db_target, "UPDATE observations SET status = 'retracted', status_changed_at = 't', status_reason = 'r' "
                       f"WHERE id = {ids['active']}")
    execute(db_target, f"UPDATE collector_runs SET status = 'interrupted', finished_at = 't' WHERE id = {ids['running']}")
    (new,) = store.append([obs(5, "2021-03-05")])
    store.correct(new, obs(6, "2021-03-05"), reason="again")
    assert store.upsert([obs(7, "2021-03-06")]) == (1, 0)
    assert store.upsert([obs(8, "2021-03-06")]) == (0, 1)  # a revision: the old row superseded once
    assert store.add_events([{"date_start": "2020-08-09", "label": "Election", "source_url": SRC,
                              "entered_by": "a"}]) == 0  # idempotent, without replacing
    assert store.archive_payload(source="nbrb", url=None, status=200, fetched_at="t", body=b"[]") == ids["sha"]
    run_id = store.start_run("nbrb")
    store.finish_run(run_id, status="failed", error="boom")
    assert store.runs("nbrb")[0]["status"] == "failed"


@pytest.mark.both_backends
def test_a_database_of_the_first_schema_is_migrated_with_its_runs_and_references(db_target):
    """SQLite rebuilds the runs table to take 'interrupted', and the indicators' to take 'up_fall_ambiguous'
    (PostgreSQL changes their checks in place); observations keep pointing at their runs and their indicators."""
    at_first_version(db_target)
    execute(db_target, "INSERT INTO indicators (id, name, family, unit, kind, worse_when, cadence, definition) "
                       "VALUES ('arbitrary_detentions', 'n', 'f', 'count', 'flow', 'up', 'daily', 'd')")
    execute(db_target, "INSERT INTO collector_runs (source, started_at, finished_at, status) "
                       "VALUES ('nbrb', 's', 'f', 'ok')")
    execute(db_target, "INSERT INTO collector_runs (source, started_at, status) VALUES ('ooni', 's', 'running')")
    execute(db_target, f"INSERT INTO observations ({OBS_COLUMNS}, run_id) VALUES ({OBS_VALUES}, 1)")
    with Store.open(db_target) as store:
        assert store.applied_versions() == [v for v, _, _ in migrations(store.dialect)]
        assert store.conn.execute("SELECT id, basis FROM indicators").fetchall() == [("arbitrary_detentions",
                                                                                       "per_30_days")]
        assert [r["status"] for r in store.runs()] == ["running", "ok"]
        if store.dialect == "sqlite":  # PostgreSQL never lets a reference dangle
            assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert store.get(1)["run_id"] == 1
        with pytest.raises(store.sql.integrity_error):
            store.conn.execute("UPDATE collector_runs SET error = 'x' WHERE id = 1")
        store.sync_catalogue(load_catalogue())  # 'up_fall_ambiguous' is taken now


@pytest.mark.parametrize("dialect, folder", [("sqlite", "migrations"), ("postgresql", "migrations/postgresql")])
def test_the_migration_ships_as_a_file_of_its_own(dialect, folder):
    names = sorted(p.name for p in resources.files("indicators").joinpath(*folder.split("/")).iterdir()
                   if p.name.endswith(".sql"))
    assert names[:2] == ["0001_initial.sql", "0002_append_only.sql"]
    assert [f"{v:04d}_{name}.sql" for v, name, _ in migrations(dialect)] == names
