"""Guards that check themselves: a trigger dropped, altered or disabled behind the store's back (or a trigger
function replaced, or a trigger added) makes every store opened for writing refuse, with a clear error and
nothing written, `init` included; `barometer check` reports the store's integrity (rules, row counts, payload
sha256s, the schema's version) and exits 1 on any failure."""
import json
import zlib

import pytest

from indicators.store import GuardsBroken, Store, migrations
from tests.backends import connect, execute, table_digest

from .conftest import GOOD, run

pytestmark = pytest.mark.both_backends


def _drop(dialect):
    return ("DROP TRIGGER observations_no_delete" if dialect == "sqlite"
            else "DROP TRIGGER observations_no_delete ON observations")


TAMPERING = {
    "dropped": lambda d: [_drop(d)],
    "altered": lambda d: [_drop(d), "CREATE TRIGGER observations_no_delete BEFORE DELETE ON observations WHEN 0 "
                                    "BEGIN SELECT RAISE(ABORT, 'never'); END" if d == "sqlite" else
                          "CREATE TRIGGER observations_no_delete BEFORE DELETE ON observations FOR EACH ROW "
                          "WHEN (false) EXECUTE FUNCTION refuse_write('never')"],
    "added": lambda d: ["CREATE TRIGGER sneaky AFTER INSERT ON observations BEGIN DELETE FROM alerts; END"
                        if d == "sqlite" else
                        "CREATE TRIGGER sneaky AFTER INSERT ON observations FOR EACH ROW "
                        "EXECUTE FUNCTION store_version_mark()"],
}
PG_ONLY = {
    "disabled": ["ALTER TABLE observations DISABLE TRIGGER observations_no_delete"],
    "all disabled": ["ALTER TABLE observations DISABLE TRIGGER USER"],
    "function replaced": ["CREATE OR REPLACE FUNCTION refuse_write() RETURNS trigger LANGUAGE plpgsql AS "
                          "$$ BEGIN RETURN OLD; END $$"],
}


def dialect_of(target) -> str:
    return "postgresql" if str(target).startswith("postgresql") else "sqlite"


def tamper(target, how):
    statements = TAMPERING[how](dialect_of(target)) if how in TAMPERING else PG_ONLY[how]
    for sql in statements:
        execute(target, sql)


def cases(target):
    return [*TAMPERING, *(PG_ONLY if dialect_of(target) == "postgresql" else [])]


def test_every_writing_open_refuses_a_database_whose_rules_were_changed(initialized):
    for how in cases(initialized):
        tamper(initialized, how)
        tampered = table_digest(initialized)
        for args in (["init"], ["add", "arbitrary_detentions", "5", *GOOD], ["list"]):
            result = run(initialized, *args)
            assert result.exit_code == 1, (how, args, result.output)
            assert "append-only rules are not those its migrations made" in result.output, (how, result.output)
            assert "barometer check" in result.output
        assert table_digest(initialized) == tampered, how  # init re-seeded nothing
        checked = run(initialized, "check")
        assert checked.exit_code == 1 and "FAILED: append-only rule" in checked.output, (how, checked.output)
        _restore(initialized, how)
        assert run(initialized, "check").exit_code == 0, how


def _restore(target, how):
    """Put the rules back as the migrations made them (what a maintainer would do after a tampering)."""
    dialect = dialect_of(target)
    with connect(target) as con:
        if how == "added":
            con.execute("DROP TRIGGER sneaky" + ("" if dialect == "sqlite" else " ON observations"))
            return
        if how in ("disabled", "all disabled"):
            con.execute("ALTER TABLE observations ENABLE TRIGGER USER")
            return
        if how == "function replaced":
            (_, _, first), = [m for m in migrations(dialect) if m[0] == 1]
            start = first.index("CREATE FUNCTION refuse_write()")
            con.execute(first[start:first.index("$$;", start) + 3].replace("CREATE FUNCTION",
                                                                             "CREATE OR REPLACE FUNCTION"))
            return
        if how == "altered":
            con.execute(_drop(dialect))
        (_, _, first), = [m for m in migrations(dialect) if m[0] == 1]
        start = first.index("CREATE TRIGGER observations_no_delete")
        end = first.index("END;", start) + 4 if dialect == "sqlite" else first.index(");", start) + 2
        con.execute(first[start:end])


def test_a_deleted_figure_is_not_reseeded_under_a_new_id(initialized):
    tamper(initialized, "dropped")
    execute(initialized, "DELETE FROM observations WHERE id = 1")
    assert run(initialized, "init").exit_code == 1
    with connect(initialized) as con:
        assert con.execute("SELECT count(*) FROM observations WHERE id = 1").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM observations").fetchone()[0] > 0


def test_the_store_api_refuses_too_and_a_read_only_open_still_reads(initialized, monkeypatch):
    tamper(initialized, "dropped")
    with pytest.raises(GuardsBroken, match="observations_no_delete: missing"):
        Store.open(initialized)
    monkeypatch.setenv("BAROMETER_READONLY", "1")
    with Store.open(initialized) as store:  # the public dashboard keeps showing what is there
        assert store.get(1)


def test_the_scheduler_refuses_to_start(initialized):
    tamper(initialized, "dropped")
    result = run(initialized, "schedule", "--once")
    assert result.exit_code != 0


def test_check_reports_a_sound_store(initialized):
    result = run(initialized, "check", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["ok"] and report["failures"] == []
    assert report["schema_version"] == report["known_version"] == max(v for v, _, _ in migrations("sqlite"))
    assert report["rows"]["observations"] > 1000 and report["rows"]["raw_payloads"] == report["payloads_checked"] > 0
    assert report["rules_checked"] >= 20
    text = run(initialized, "check")
    assert text.exit_code == 0 and "ok: nothing is wrong" in text.output and "observations: " in text.output


def test_check_finds_a_tampered_payload(initialized):
    with connect(initialized) as con:
        (sha,) = con.execute("SELECT sha256 FROM raw_payloads ORDER BY sha256 LIMIT 1").fetchone()
        if dialect_of(initialized) == "sqlite":
            (sql,) = con.execute("SELECT sql FROM sqlite_master WHERE name = 'raw_payloads_no_update'").fetchone()
            con.execute("DROP TRIGGER raw_payloads_no_update")
            con.execute("UPDATE raw_payloads SET body = ? WHERE sha256 = ?", (zlib.compress(b"[1]"), sha))
            con.execute(sql)
        else:
            con.execute("ALTER TABLE raw_payloads DISABLE TRIGGER raw_payloads_no_update")
            con.execute("UPDATE raw_payloads SET body = %s WHERE sha256 = %s", (zlib.compress(b"[1]"), sha))
            con.execute("ALTER TABLE raw_payloads ENABLE TRIGGER raw_payloads_no_update")
    result = run(initialized, "check")
    assert result.exit_code == 1
    assert f"archived payload {sha}: its bytes do not hash to the sha256 it is filed under" in result.output


def test_check_finds_a_database_newer_than_the_code(initialized):
    execute(initialized, "INSERT INTO schema_migrations VALUES (99, 'from_the_future', 't')")
    result = run(initialized, "check")
    assert result.exit_code == 1 and "newer than this barometer knows" in result.output
    assert run(initialized, "init").exit_code == 1


def test_check_writes_nothing(initialized):
    tamper(initialized, "dropped")
    tampered = table_digest(initialized)
    assert run(initialized, "check").exit_code == 1
    assert table_digest(initialized) == tampered


def test_the_recorded_rules_are_those_the_migrations_make(db_target):
    """guards.json is up to date: a fresh database holds exactly its rules, at its version (else run
    `python -m indicators.store.record_guards`, as docs/using.md says)."""
    from indicators.store import guards

    with Store(db_target, guarded=False) as store:
        found = {name: sha for name, (sha, enabled) in guards.current_rules(store.conn, store.dialect).items()}
        assert found == guards.expected_rules(store.dialect)
        assert max(store.applied_versions()) == guards.expected_version(store.dialect)
