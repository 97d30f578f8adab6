"""`barometer init` loads every recorded history file of the catalogue through its source's parser, as a
collection run with the file's bytes archived; a second init adds nothing."""
import hashlib

from click.testing import CliRunner

from indicators.model.catalogue import load_catalogue
from indicators.cli.main import cli
from indicators.store import Store

CATALOGUE = load_catalogue()


def init(db_path):
    result = CliRunner().invoke(cli, ["--db", str(db_path), "init"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_init_loads_every_history_file_once_each_traced_to_its_bytes(db_path):
    files = {hashlib.sha256(h.path.read_bytes()).hexdigest(): h for h in CATALOGUE.history}
    assert len(files) == len(CATALOGUE.history) >= 11  # each file its own bytes
    output = init(db_path)
    assert f"history: {len(files)} file(s) loaded" in output
    with Store.open(db_path) as store:
        runs = store.runs(limit=100)
        assert sorted(r["source"] for r in runs) == sorted(h.source for h in CATALOGUE.history)
        assert all(r["status"] == "ok" and r["rows_added"] > 0 for r in runs), [r for r in runs if r["error"]]
        collected = store.conn.execute(
            "SELECT collector, payload_sha256, run_id, count(*) FROM observations WHERE collector IS NOT NULL "
            "GROUP BY collector, payload_sha256, run_id").fetchall()
        assert {sha for _, sha, _, _ in collected} == set(files)  # every file gave figures, and only files did
        for collector, sha, run_id, n in collected:
            meta, body = store.payload(sha)
            assert body == files[sha].path.read_bytes() and meta["url"] == files[sha].url
            assert collector == meta["source"] == files[sha].source
            assert n == next(r["rows_added"] for r in runs if r["id"] == run_id)
        assert store.conn.execute("SELECT count(*) FROM observations WHERE collector IS NOT NULL "
                                  "AND payload_sha256 IS NULL").fetchone()[0] == 0
        before = (store.conn.execute("SELECT count(*) FROM observations").fetchone()[0], len(runs))

    again = init(db_path)
    assert f"history: 0 file(s) loaded (+0 observations), {len(files)} already loaded" in again
    with Store.open(db_path) as store:
        assert (store.conn.execute("SELECT count(*) FROM observations").fetchone()[0],
                len(store.runs(limit=100))) == before
