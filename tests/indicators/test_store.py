import threading
import zlib

import pytest

from indicators.model.observation import Observation
from indicators.store import SchemaTooNew, Store, StoreError, migrations
from tests.backends import connect, execute

pytestmark = pytest.mark.both_backends
SRC = "https://spring96.org/en/news/1"


def obs(value=10.0, start="2021-03-01", end="2021-03-31", source=SRC, indicator="arbitrary_detentions",
        qualifier="exact", by="analyst", collector=None, note=None):
    return Observation(indicator, start, end, qualifier, source, by, value=value, collector=collector, note=note)


# -- schema and migrations -------------------------------------------------------------------------

def test_a_new_database_gets_every_migration_recorded(db_target, backend):
    with Store.open(db_target) as s:
        assert s.dialect == backend
        every = [v for v, _, _ in migrations(backend)]
        assert s.applied_versions() == every == list(range(1, len(every) + 1)) and len(every) >= 6
        assert {"indicators", "observations", "events", "collector_runs", "raw_payloads"} <= set(s.table_names())


def test_both_backends_ship_the_same_migration_versions():
    assert [(v, name) for v, name, _ in migrations("sqlite")] == [(v, name) for v, name, _ in migrations("postgresql")]


def test_a_sqlite_file_is_opened_with_wal_and_foreign_keys(db_path):
    with Store.open(db_path) as s:
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_opening_again_applies_nothing(db_target):
    Store.open(db_target).close()
    with Store.open(db_target) as s:
        assert s.migrate() == []


def test_a_database_from_a_newer_version_is_refused_with_a_clear_error(db_target):
    Store.open(db_target).close()
    execute(db_target, "INSERT INTO schema_migrations VALUES (999, 'future', '2030-01-01T00:00:00Z')")
    with pytest.raises(SchemaTooNew, match="schema version 999.*upgrade barometer"):
        Store.open(db_target)


def test_an_older_database_is_migrated_forward(db_target, backend):
    """A database that has only part of the history gets the rest, in order."""
    execute(db_target, "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                       "applied_at TEXT NOT NULL)")
    with Store.open(db_target) as s:
        assert s.applied_versions() == [v for v, _, _ in migrations(backend)]


def test_processes_opening_a_new_database_at_once_migrate_it_once(db_target, backend):
    """Two stores opened on an empty database at the same moment: one migrates, the other waits and finds the
    work done (on SQLite the write lock queues them; on PostgreSQL an advisory lock)."""
    done, errors = [], []

    def open_it():
        try:
            with Store.open(db_target) as s:
                done.append(s.applied_versions())
        except Exception as exc:  # noqa: BLE001 - collected, then asserted on
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    every = [v for v, _, _ in migrations(backend)]
    assert errors == [] and done == [every] * 4
    with connect(db_target) as con:
        assert con.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == len(every)


# -- append-only -----------------------------------------------------------------------------------

def test_append_returns_ids_and_keeps_provenance(store):
    ids = store.append([obs(1), obs(2, start="2021-04-01", end="2021-04-30")], entered_at="2021-05-01T00:00:00.000000Z")
    rows = [store.get(i) for i in ids]
    assert [r["value"] for r in rows] == [1, 2]
    assert all(r["entered_by"] == "analyst" and r["entered_at"] == "2021-05-01T00:00:00.000000Z"
               and r["status"] == "active" for r in rows)


def test_no_code_path_can_change_a_figure_or_delete_a_row(store, db_target):
    (oid,) = store.append([obs()])
    with connect(db_target) as con:
        for sql in ("UPDATE observations SET value = 99 WHERE id = {}", "DELETE FROM observations WHERE id = {}",
                    "UPDATE observations SET source_url = 'https://x.example/' WHERE id = {}"):
            with pytest.raises(store.sql.integrity_error, match="append-only"):
                con.execute(sql.format(oid))
    assert store.get(oid)["value"] == 10


def test_a_correction_is_a_new_row_superseding_the_old_one(store):
    (old,) = store.append([obs(10)])
    new = store.correct(old, obs(12), reason="typo in the report")
    old_row, new_row = store.get(old), store.get(new)
    assert old_row["value"] == 10 and old_row["status"] == "superseded"
    assert old_row["status_reason"] == "typo in the report" and old_row["status_changed_at"]
    assert new_row["supersedes"] == old and new_row["status"] == "active"
    assert [r["id"] for r in store.history(old)] == [old, new] == [r["id"] for r in store.history(new)]
    assert [r["value"] for r in store.observations("arbitrary_detentions")] == [12]
    assert len(store.observations("arbitrary_detentions", include_inactive=True)) == 2


def test_a_superseded_or_retracted_row_cannot_change_again(store):
    (old,) = store.append([obs()])
    store.correct(old, obs(11))
    with pytest.raises(StoreError, match=f"^observation {old} has been corrected already: only an active one can be "
                                         "corrected$"):
        store.correct(old, obs(12))
    with pytest.raises(StoreError, match="has been corrected already: only an active one can be retracted"):
        store.retract(old, "wrong")
    (other,) = store.append([obs(13)])
    store.retract(other, "wrong")
    with pytest.raises(StoreError, match="has been retracted already: only an active one can be corrected"):
        store.correct(other, obs(14))


def test_a_retraction_is_a_status_with_reason_and_time(store):
    (oid,) = store.append([obs()])
    store.retract(oid, "the report was withdrawn")
    row = store.get(oid)
    assert (row["status"], row["status_reason"], row["value"]) == ("retracted", "the report was withdrawn", 10)
    assert store.observations("arbitrary_detentions") == []
    with pytest.raises(StoreError, match="reason"):
        store.retract(store.append([obs(5)])[0], "  ")


def test_a_failed_transaction_writes_nothing(store):
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.append([obs(1)])
            store.append([obs(2)])
            raise RuntimeError("boom")
    assert store.observations("arbitrary_detentions", include_inactive=True) == []


def test_an_observation_must_name_a_catalogued_indicator(store):
    with pytest.raises(store.sql.integrity_error):
        store.append([obs(indicator="not_in_catalogue")])


# -- known then ------------------------------------------------------------------------------------

def test_as_of_undoes_later_entries_corrections_and_retractions(store):
    (a,) = store.append([obs(10)], entered_at="2021-05-01T00:00:00.000000Z")
    (b,) = store.append([obs(7, start="2021-04-01", end="2021-04-30")], entered_at="2021-05-01T00:00:00.000000Z")
    store.correct(a, obs(12), entered_at="2021-06-01T00:00:00.000000Z")
    store.retract(b, "withdrawn", at="2021-06-01T00:00:00.000000Z")
    store.append([obs(3, start="2021-05-01", end="2021-05-31")], entered_at="2021-06-02T00:00:00.000000Z")
    values = lambda **kw: sorted(r["value"] for r in store.observations("arbitrary_detentions", **kw))  # noqa: E731
    assert values(as_of="2021-05-15T00:00:00.000000Z") == [7, 10]
    assert values() == [3, 12]


# -- idempotent loads ------------------------------------------------------------------------------

def test_upsert_adds_once_revises_changes_and_respects_retractions(store):
    load = [obs(1, collector="nbrb", by="collector:nbrb"), obs(2, start="2021-04-01", end="2021-04-30",
                                                              collector="nbrb", by="collector:nbrb")]
    assert store.upsert(load) == (2, 0)
    assert store.upsert(load) == (0, 0)
    changed = [load[0], obs(5, start="2021-04-01", end="2021-04-30", collector="nbrb", by="collector:nbrb")]
    assert store.upsert(changed) == (0, 1)
    april = store.observations("arbitrary_detentions", include_inactive=True, start="2021-04-01")
    assert [(r["value"], r["status"]) for r in april] == [(2, "superseded"), (5, "active")]
    store.retract(april[1]["id"], "bad day")
    assert store.upsert(changed) == (0, 0)


def test_other_sources_for_the_same_period_stay_side_by_side(store):
    store.upsert([obs(27, source="https://a.example/", by="paper")])
    store.upsert([obs(28.5, source="https://b.example/", by="paper")])
    assert sorted(r["value"] for r in store.observations("arbitrary_detentions")) == [27, 28.5]


def test_find_duplicates_matches_indicator_period_figure_and_source(store):
    (oid,) = store.append([obs(10)])
    assert store.find_duplicates([obs(10, by="someone else"), obs(11), obs(10, source="https://other.example/")]
                                 ) == [oid, None, None]


# -- payloads, runs, events, change token ----------------------------------------------------------

def test_payloads_are_content_addressed_and_compressed(store):
    body = b'{"rates": [1, 2, 3]}' * 100
    sha = store.archive_payload(source="nbrb", url="https://api.nbrb.by/x", status=200,
                                fetched_at="2021-01-01T00:00:00Z", body=body, content_type="application/json")
    assert sha == store.archive_payload(source="nbrb", url="https://api.nbrb.by/x", status=200,
                                        fetched_at="2021-01-02T00:00:00Z", body=body)
    meta, raw = store.payload(sha)
    assert raw == body and meta["size"] == len(body) and meta["fetched_at"] == "2021-01-01T00:00:00Z"
    stored = store.conn.execute("SELECT body FROM raw_payloads WHERE sha256 = ?", (sha,)).fetchone()[0]
    assert zlib.decompress(stored) == body and len(stored) < len(body)
    assert [p["sha256"] for p in store.payloads("nbrb")] == [sha]


def test_runs_are_logged_from_start_to_finish(store):
    run = store.start_run("nbrb", {"since": "2021-01-01"})
    assert store.runs("nbrb")[0]["status"] == "running"
    store.finish_run(run, status="failed", error="HTTP 500")
    (logged,) = store.runs("nbrb")
    assert (logged["status"], logged["error"]) == ("failed", "HTTP 500") and logged["finished_at"]


def test_events_are_added_once(store):
    event = {"date_start": "2020-08-09", "label": "Election day", "source_url": "https://x.example/",
             "entered_by": "paper"}
    assert store.add_events([event]) == 1
    assert store.add_events([event]) == 0
    (row,) = store.events(start="2020-08-01", end="2020-08-31")
    assert row["date_end"] == "2020-08-09"


def test_the_change_token_moves_with_every_kind_of_write(store):
    tokens = [store.data_version()]
    (oid,) = store.append([obs()])
    tokens.append(store.data_version())
    store.retract(oid, "x")
    tokens.append(store.data_version())
    store.finish_run(store.start_run("nbrb"), status="ok")
    tokens.append(store.data_version())
    assert len(set(tokens)) == len(tokens)


def test_the_change_token_moves_when_a_write_is_committed_not_before(store, db_target):
    """A reader keys its cache on the token: it must not see a new token before it can see the new rows."""
    before = store.data_version()
    with Store.open(db_target) as writer:
        with writer.transaction():
            writer.append([obs()])
            assert store.data_version() == before and store.observations("arbitrary_detentions") == []
    assert store.data_version() != before and len(store.observations("arbitrary_detentions")) == 1


def test_a_write_that_rolls_back_leaves_the_change_token_alone(store):
    before = store.data_version()
    with pytest.raises(RuntimeError), store.transaction():
        store.append([obs()])
        raise RuntimeError("boom")
    assert store.data_version() == before


def test_summaries_read_only_what_is_in_force(store):
    store.append([obs(30, start="2020-01-01", end="2020-01-30"), obs(60, start="2021-01-01", end="2021-01-30")])
    window = store.window_rows("2020-01-01", "2020-08-08")
    assert [r["value"] for r in window["arbitrary_detentions"]] == [30]
    recent = store.recent_rows(30)
    assert [r["value"] for r in recent["arbitrary_detentions"]] == [60]
    assert store.source_counts() == {"arbitrary_detentions": 1}
    earlier = store.latest_rows_before("2021-01-01")
    assert [r["value"] for r in earlier["arbitrary_detentions"]] == [30]


# -- the two dialects ------------------------------------------------------------------------------

def test_the_same_sql_text_runs_on_both_with_marks_in_quotes_and_comments_left_alone(store):
    assert tuple(store.conn.execute("SELECT '?', '50 %', ? -- what? 100%\n", ["x"]).fetchone()) == ("?", "50 %", "x")
    assert tuple(store.conn.execute("SELECT :a, ':b', '::c'", {"a": "y"}).fetchone()) == ("y", ":b", "::c")


def test_a_url_is_shown_without_its_password():
    with pytest.raises(StoreError) as refused:
        Store.open("postgresql://me:hunter2@127.0.0.1:1/barometer")
    assert "hunter2" not in str(refused.value) and "postgresql://me:***@127.0.0.1:1/barometer" in str(refused.value)
