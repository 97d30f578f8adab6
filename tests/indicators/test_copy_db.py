"""`barometer copy-db`: a whole database into an empty one, on either backend, through the target's own rules,
verified row by row before it is committed."""
import hashlib
from datetime import date

import pytest
from click.testing import CliRunner

from indicators.input import entry
from indicators.cli.main import cli
from indicators.reports.snapshot.compute import IsoWeek, last_complete_week
from indicators.store import Store, StoreError
from indicators.store.copying import TABLES, Checksum
from tests.backends import execute, table_digest

pytestmark = pytest.mark.both_backends


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)))


def rows_of(target) -> dict[str, list[tuple]]:
    """Every table's rows in key order, read through the store."""
    with Store.open(target) as store, store.read_snapshot():
        return {t.name: list(store.rows_in_key_order(t, sorted(store.columns(t.name)))) for t in TABLES}


def snapshot_files(target, week: str, out) -> dict[str, bytes]:
    result = run("--db", target, "snapshot", "--week", week, "--out", out, "--zip")
    assert result.exit_code == 0, result.output
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """The database `barometer init` makes on a new SQLite file."""
    path = tmp_path_factory.mktemp("shipped") / "data.db"
    assert run("--db", path, "init").exit_code == 0
    return path


@pytest.fixture
def other_target(backend, tmp_path, request):
    """A second fresh database on the same backend as db_target."""
    if backend == "sqlite":
        yield tmp_path / "other.db"
        return
    server = request.getfixturevalue("postgres_server")
    url = server.create()
    yield url
    server.drop(url)


def test_the_shipped_database_round_trips_and_a_weeks_snapshot_files_come_out_byte_identical(
        shipped, db_target, tmp_path):
    """SQLite → the backend → SQLite: every row as it was, and the snapshot files of 2020-W32 and of the latest
    week with a figure byte for byte the same (charts, workbook and zip included)."""
    back = tmp_path / "back.db"
    there = run("copy-db", shipped, db_target)
    assert there.exit_code == 0, there.output
    again = run("copy-db", db_target, back)
    assert again.exit_code == 0, again.output
    total = sum(len(rows) for rows in rows_of(shipped).values())
    assert f"copied and verified: {total:,} rows in 8 tables" in again.output and total > 1_000
    assert rows_of(back) == rows_of(db_target) == rows_of(shipped)
    with Store.open(shipped) as store:
        latest = store.latest_period_end_by(last_complete_week(date.today()).sunday.isoformat())
    for week in ("2020-W32", IsoWeek.containing(date.fromisoformat(latest)).label):
        before = snapshot_files(shipped, week, tmp_path / f"before-{week}")
        after = snapshot_files(back, week, tmp_path / f"after-{week}")
        assert "snapshot.csv" in before and any(name.startswith("charts/") for name in before)
        assert after == before, [name for name in before if after.get(name) != before[name]]


def test_every_table_prints_its_rows_and_checksum(shipped, db_target):
    result = run("copy-db", shipped, db_target)
    lines = result.output.splitlines()[1:]
    assert result.output.startswith(f"copying {shipped} into ")
    assert lines[0].split() == ["table", "rows", "checksum", "(sha256", "of", "every", "row)", "copy"]
    observations = next(line.split() for line in lines if line.startswith("observations "))
    with Store.open(shipped) as store:
        stored = store.conn.execute("SELECT count(*) FROM observations").fetchone()[0]
    assert observations[1] == f"{stored:,}" and len(observations[2]) == 64 and observations[3] == "ok"
    assert [line.split()[0] for line in lines[1:9]] == [t.name for t in TABLES]


def test_history_statuses_runs_and_alerts_arrive_as_they_left_and_new_rows_follow_them(
        seeded, catalogue, db_target, other_target, tmp_path):
    """A correction, a retraction, a failed and a still-running collector run, a resolved and acknowledged
    alert, a webhook delivery: each row inserted as a new row must start, then moved as the source says; copied
    within the backend, then out to SQLite. The copy's next ids follow the copied ones."""
    first = entry.add(seeded, catalogue, {"indicator_id": "arbitrary_detentions", "value": "5",
                                          "period_start": "2021-03-01", "source_url": "https://spring96.org/en/1",
                                          "entered_by": "anna"})
    entry.correct(seeded, catalogue, first, {**entry.record_of(seeded.get(first)), "value": "6"}, reason="misread")
    retracted = entry.add(seeded, catalogue, {"indicator_id": "arbitrary_detentions", "value": "7",
                                              "period_start": "2021-04-01",
                                              "source_url": "https://spring96.org/en/2", "entered_by": "anna"})
    entry.retract(seeded, retracted, "withdrawn", catalogue=catalogue)
    seeded.finish_run(seeded.start_run("nbrb", {"since": "2021-01-01"}), status="failed", error="HTTP 500")
    seeded.start_run("ooni")
    alert = seeded.open_alert(key="stale:x", rule="stale", indicator_id="arbitrary_detentions", source=None,
                              title="Stale", explanation="No figure", detail={})
    seeded.record_delivery(alert, "opened", channel="webhook", attempts=2, status="failed", error="refused")
    seeded.resolve_alert(alert, "a new figure")
    seeded.acknowledge_alert(alert, "anna")
    seeded.close()
    out = tmp_path / "out.db"
    for source, target in ((db_target, other_target), (other_target, out)):
        result = run("copy-db", source, target)
        assert result.exit_code == 0, result.output
        assert rows_of(target) == rows_of(db_target)
    with Store.open(other_target) as copy:
        assert [r["status"] for r in copy.history(first)] == ["superseded", "active"]
        assert copy.get(retracted)["status"] == "retracted" and copy.get(retracted)["status_reason"] == "withdrawn"
        assert {r["source"]: r["status"] for r in copy.runs(None)} == {"nbrb": "failed", "ooni": "running"}
        (highest,) = [r["id"] for r in copy.last_observations(1)]
        assert entry.add(copy, catalogue, {"indicator_id": "arbitrary_detentions", "value": "8",
                                           "period_start": "2021-05-01", "source_url": "https://spring96.org/en/3",
                                           "entered_by": "anna"}) == highest + 1
        assert copy.open_alert(key="stale:y", rule="stale", indicator_id=None, source=None, title="Stale",
                               explanation="No figure", detail={}) == alert + 1


def test_the_source_is_not_written(seeded, tmp_path, db_target):
    seeded.close()
    before = table_digest(db_target)
    assert run("copy-db", db_target, tmp_path / "copy.db").exit_code == 0
    assert table_digest(db_target) == before


def test_a_target_that_holds_rows_is_refused_and_left_as_it_was(shipped, seeded, db_target, catalogue):
    seeded.close()
    before = table_digest(db_target)
    result = run("copy-db", shipped, db_target)
    assert result.exit_code == 2
    n = len(catalogue.indicators)
    assert "TARGET:" in result.output and f"is not empty (indicators ({n} rows), observations (38 rows)" \
        in result.output
    assert table_digest(db_target) == before


def test_copying_onto_itself_is_refused(seeded, db_target):
    seeded.close()
    result = run("copy-db", db_target, db_target)
    assert result.exit_code == 2 and "TARGET: it is SOURCE itself" in result.output


ALTERING = {
    "sqlite": ["CREATE TRIGGER alter_names AFTER INSERT ON indicators BEGIN "
               "UPDATE indicators SET name = name || ' (altered)' WHERE id = NEW.id; END"],
    "postgresql": ["CREATE FUNCTION alter_name() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                   "NEW.name := NEW.name || ' (altered)'; RETURN NEW; END $$",
                   "CREATE TRIGGER alter_names BEFORE INSERT ON indicators FOR EACH ROW EXECUTE FUNCTION alter_name()"],
}


def test_a_target_whose_database_would_alter_rows_is_refused_before_anything_is_copied(shipped, db_target, backend):
    """A target with a rule of its own (a trigger renaming indicators on the way in) is refused by its guards
    (indicators/store/guards.py) before a row is copied, naming the rule; nothing is committed."""
    Store.open(db_target).close()
    for statement in ALTERING[backend]:
        execute(db_target, statement)
    result = run("copy-db", shipped, db_target)
    assert result.exit_code == 1
    assert "alter_names: not made by the migrations" in result.output and "nothing was written" in result.output
    with Store(db_target, guarded=False) as store:
        assert store.nonempty_tables() == {}


def test_a_source_on_an_older_schema_is_refused_and_a_new_target_file_is_not_left_behind(tmp_path):
    source = tmp_path / "old.db"
    execute(source, "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)")
    execute(source, "INSERT INTO schema_migrations VALUES (1, 'initial', '2020-01-01T00:00:00.000000Z')")
    result = run("copy-db", source, tmp_path / "new.db")
    assert result.exit_code == 2 and "SOURCE:" in result.output and "migrate it first" in result.output
    assert not (tmp_path / "new.db").exists()


def test_a_read_only_deployment_copies_nothing(shipped, tmp_path, monkeypatch):
    monkeypatch.setenv("BAROMETER_READONLY", "1")
    result = run("copy-db", shipped, tmp_path / "copy.db")
    assert result.exit_code == 2 and "read-only" in result.output
    assert not (tmp_path / "copy.db").exists()


def test_a_password_in_a_url_is_never_printed(shipped, db_target, backend):
    if backend == "sqlite":
        pytest.skip("a file has no password")
    with_password = db_target.replace("://", "://barometer:s3cret@", 1) if "@" not in db_target else \
        db_target.replace("@", ":s3cret@", 1)
    result = run("copy-db", shipped, with_password)
    assert result.exit_code == 0, result.output
    assert "s3cret" not in result.output and ":***@" in result.output.splitlines()[0]
    again = run("copy-db", shipped, with_password)
    assert again.exit_code == 2 and "s3cret" not in again.output and ":***@" in again.output


def test_a_checksum_is_of_every_row_and_column_in_key_order():
    def digest(rows):
        c = Checksum("t")
        for row in rows:
            c.add(row[0], row)
        return c.hexdigest()

    rows = [(1, "a", 1.5, None, b"x"), (2, "b", 2.0, 3, b"y")]
    assert digest(rows) == digest(list(rows))
    assert digest(rows) != digest([(1, "a", 1.5, None, b"x"), (2, "b", 2.0, 3, b"z")])
    assert digest(rows) != digest([(1, "a", 1.5, None, b"x"), (2, "b", 2.0, None, b"y")])
    assert digest(rows) != digest([(1, "a", 1.5, None, b"x"), (2, "b", 2.0, 3.0, b"y")]), "an integer is no float"
    assert digest(rows) != digest(rows[:1])
    assert hashlib.sha256().hexdigest() == digest([])
    with pytest.raises(StoreError, match="t: key 1 came after 2"):
        digest(list(reversed(rows)))
