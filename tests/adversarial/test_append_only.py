"""Append-only, whatever client writes: each forbidden write is tried through Python's sqlite3 and through
the `sqlite3` command-line program, and must be refused with the data unchanged."""
import re
import shutil
import sqlite3
import subprocess
from importlib import resources

import pytest

from indicators.observation import Observation
from indicators.store import Store
from indicators.store.dialect import split_sql
from tests.backends import table_digest

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
    "insert or replace": f"INSERT OR REPLACE INTO observations (id, {OBS_COLUMNS}) VALUES ({{active}}, {OBS_VALUES})",
    "replace": f"REPLACE INTO observations (id, {OBS_COLUMNS}) VALUES ({{superseded}}, {OBS_VALUES})",
    "upsert": (f"INSERT INTO observations (id, {OBS_COLUMNS}) VALUES ({{active}}, {OBS_VALUES}) "
               "ON CONFLICT (id) DO UPDATE SET value = 99"),
    "insert already retracted": (f"INSERT INTO observations ({OBS_COLUMNS}, status, status_changed_at, "
                                 f"status_reason) VALUES ({OBS_VALUES}, 'retracted', 't', 'r')"),
    # events
    "event update": "UPDATE events SET label = 'Rewritten' WHERE id = {event}",
    "event delete": "DELETE FROM events",
    "event replace by id": ("INSERT OR REPLACE INTO events (id, date_start, date_end, label, source_url, entered_by, "
                            "entered_at) VALUES ({event}, '2020-01-01', '2020-01-01', 'Other', 'https://x/', 'x', 't')"),
    "event replace by key": ("REPLACE INTO events (date_start, date_end, label, source_url, entered_by, entered_at) "
                             "VALUES ('2020-08-09', '2020-08-10', 'Election', 'https://x/', 'x', 't')"),
    # archived payloads
    "payload update": "UPDATE raw_payloads SET body = x'00' WHERE sha256 = '{sha}'",
    "payload delete": "DELETE FROM raw_payloads",
    "payload replace": ("INSERT OR REPLACE INTO raw_payloads (sha256, source, fetched_at, size, compression, body) "
                        "VALUES ('{sha}', 'nbrb', 't', 1, 'none', x'00')"),
    "payload replace by rowid": ("INSERT OR REPLACE INTO raw_payloads (rowid, sha256, source, fetched_at, size, "
                                 "compression, body) VALUES (1, 'other', 'nbrb', 't', 1, 'none', x'00')"),
    # collector runs: a finished run is never rewritten
    "finished run status": "UPDATE collector_runs SET status = 'failed' WHERE id = {done}",
    "finished run counts": "UPDATE collector_runs SET rows_added = 999 WHERE id = {done}",
    "finished run error": "UPDATE collector_runs SET error = 'hidden' WHERE id = {done}",
    "running run source": ("UPDATE collector_runs SET source = 'nbrb', status = 'ok', finished_at = 't' "
                           "WHERE id = {running}"),
    "run finished without a time": "UPDATE collector_runs SET status = 'ok' WHERE id = {running}",
    "run delete": "DELETE FROM collector_runs",
    "run replace": ("INSERT OR REPLACE INTO collector_runs (id, source, started_at, status) "
                    "VALUES ({done}, 'nbrb', 't', 'running')"),
    "run inserted finished": ("INSERT INTO collector_runs (source, started_at, finished_at, status) "
                              "VALUES ('nbrb', 't', 't', 'ok')"),
}


@pytest.mark.parametrize("name", list(FORBIDDEN))
def test_python_sqlite3_is_refused(store, ids, db_path, name):
    before = table_digest(db_path)
    con = sqlite3.connect(db_path)
    with pytest.raises(sqlite3.DatabaseError, match=REFUSAL):
        con.execute(FORBIDDEN[name].format(**ids))
        con.commit()
    con.close()
    assert table_digest(db_path) == before


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="the sqlite3 command-line program is not installed")
@pytest.mark.parametrize("name", list(FORBIDDEN))
def test_the_sqlite3_program_is_refused(store, ids, db_path, name):
    before = table_digest(db_path)
    done = subprocess.run(["sqlite3", "-bail", str(db_path), FORBIDDEN[name].format(**ids) + ";"],
                          capture_output=True, text=True, timeout=30)
    assert done.returncode != 0 and re.search(REFUSAL, done.stderr), (done.returncode, done.stderr)
    assert table_digest(db_path) == before


def test_the_one_allowed_move_and_every_code_path_still_work(store, ids, db_path):
    con = sqlite3.connect(db_path)
    con.execute("UPDATE observations SET status = 'retracted', status_changed_at = 't', status_reason = 'r' "
                f"WHERE id = {ids['active']}")
    con.execute(f"UPDATE collector_runs SET status = 'interrupted', finished_at = 't' WHERE id = {ids['running']}")
    con.commit()
    con.close()
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


def test_a_database_of_the_first_schema_is_migrated_with_its_runs_and_references(db_path):
    """The runs table is rebuilt to take 'interrupted', and the indicators' to take 'up_fall_ambiguous';
    observations keep pointing at their runs and their indicators."""
    (version, name, sql) = next(m for m in _migrations() if m[0] == 1)
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA foreign_keys = ON")
    for statement in split_sql(sql):
        con.execute(statement)
    con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                "applied_at TEXT NOT NULL)")
    con.execute("INSERT INTO schema_migrations VALUES (1, 'initial', 't')")
    con.execute("INSERT INTO indicators (id, name, family, unit, kind, worse_when, cadence, definition) "
                "VALUES ('arbitrary_detentions', 'n', 'f', 'count', 'flow', 'up', 'daily', 'd')")
    con.execute("INSERT INTO collector_runs (source, started_at, finished_at, status) VALUES ('nbrb', 's', 'f', 'ok')")
    con.execute("INSERT INTO collector_runs (source, started_at, status) VALUES ('ooni', 's', 'running')")
    con.execute(f"INSERT INTO observations ({OBS_COLUMNS}, run_id) VALUES ({OBS_VALUES}, 1)")
    con.commit()
    con.close()
    with Store.open(db_path) as store:
        assert store.applied_versions() == [1, 2, 3, 4, 5]
        assert store.conn.execute("SELECT id FROM indicators").fetchall() == [("arbitrary_detentions",)]
        assert [r["status"] for r in store.runs()] == ["running", "ok"]
        assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert store.get(1)["run_id"] == 1
        with pytest.raises(sqlite3.IntegrityError):
            store.conn.execute("UPDATE collector_runs SET error = 'x' WHERE id = 1")


def _migrations():
    from indicators.store import migrations
    return migrations()


def test_the_migration_ships_as_a_file_of_its_own():
    names = sorted(p.name for p in resources.files("indicators").joinpath("migrations").iterdir()
                   if p.name.endswith(".sql"))
    assert names[:2] == ["0001_initial.sql", "0002_append_only.sql"]
