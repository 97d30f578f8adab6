"""`barometer publish`: a public copy of the database that holds every public figure as the public sees it, each
indicator's reading from the summary, and nothing confidential; the same data and date give the same bytes, from
SQLite or PostgreSQL."""
import json
import sqlite3
import time
from datetime import date

import pytest
from click.testing import CliRunner

from indicators.cli.main import cli
from indicators.confidentiality import public_view
from indicators.model.observation import Observation
from indicators.seed import initialize
from indicators.public.database import SCHEMA, metadata_path, publish
from indicators.reports.snapshot.compute import IsoWeek
from indicators import settings
from indicators.reports.snapshot.job import public_name, weekly_job
from indicators.store import Store
from indicators.readings.summary import summarize

from ..backends import BACKENDS
from ..conftest import paper_only

pytestmark = pytest.mark.both_backends

AS_OF = date(2021, 6, 30)
ENTERED = "2021-05-01T10:00:00.000000Z"
SECRET_NOTE = "told by witness Zhenya K. by phone"
SECRET_SOURCE = "https://t.me/private_chat_4242"
SECRET_CITATION = "the admin of the closed chat Kupalinka wrote"
PUBLIC_NOTE = "counted by Viasna volunteers from court records"
SECRETS = (SECRET_NOTE, "Zhenya", SECRET_SOURCE, "private_chat_4242", SECRET_CITATION, "Kupalinka")


def with_secrets(store: Store) -> Store:
    """The paper's figures, a public figure with a note, one with a confidential note, one with a confidential
    source and its passage, a correction and a retraction."""
    ids = store.append([
        Observation("arbitrary_detentions", "2021-03-01", "2021-03-31", "exact", "https://spring96.org/en/news/1",
                    "analyst", value=120.0, citation="Viasna: 120 detained in March", note=PUBLIC_NOTE),
        Observation("arbitrary_detentions", "2021-04-01", "2021-04-30", "exact", "https://spring96.org/en/news/2",
                    "analyst", value=90.0, note=SECRET_NOTE, note_confidential=True),
        Observation("arbitrary_detentions", "2021-05-01", "2021-05-31", "at_least", SECRET_SOURCE, "analyst",
                    value=75.0, citation=SECRET_CITATION, source_confidential=True),
        Observation("political_prisoners", "2021-05-31", "2021-05-31", "exact", "https://spring96.org/en/news/3",
                    "analyst", value=450.0),
        Observation("political_prisoners", "2021-12-31", "2021-12-31", "exact", "https://spring96.org/en/news/4",
                    "analyst", value=900.0),
    ], entered_at=ENTERED)
    store.correct(ids[3], Observation("political_prisoners", "2021-05-31", "2021-05-31", "exact",
                                      "https://spring96.org/en/news/3", "analyst", value=460.0),
                  reason="the list was updated", entered_at="2021-06-02T09:00:00.000000Z")
    store.retract(ids[0] - 1, "a duplicate of the paper's figure", at="2021-06-03T09:00:00.000000Z")
    return store


@pytest.fixture
def secret(seeded):
    return with_secrets(seeded)


def rows(path, sql: str) -> list[dict]:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql)]
    finally:
        conn.close()


def test_every_public_observation_is_in_the_copy_as_the_public_view_shows_it(secret, catalogue, tmp_path):
    out = tmp_path / "public.db"
    publish(secret, catalogue, out, as_of=AS_OF)
    copied = {r["id"]: r for r in rows(out, "SELECT * FROM observations")}
    expected = [public_view(r) for r in secret.public_observations(ending_by=AS_OF.isoformat())]
    assert sorted(copied) == [r["id"] for r in expected] and len(expected) > 10
    for r in expected:
        got = copied[r["id"]]
        assert (got["indicator_id"], got["period_start"], got["period_end"], got["value"], got["status"],
                got["supersedes"], got["source_url"], got["citation"], got["note_en"]) == \
            (r["indicator_id"], r["period_start"], r["period_end"], r["value"], r["status"], r["supersedes"],
             r["source_url"], r["citation"], r["note"])
    assert {r["status"] for r in copied.values()} == {"active", "superseded", "retracted"}
    assert all(r["period_end"] <= AS_OF.isoformat() for r in copied.values())  # December's figure waits


def test_nothing_confidential_is_anywhere_in_the_file(secret, catalogue, tmp_path):
    out = tmp_path / "public.db"
    publish(secret, catalogue, out, as_of=AS_OF)
    data = out.read_bytes() + metadata_path(out).read_bytes()
    assert PUBLIC_NOTE.encode() in data  # the test can see text when it is there
    assert [s for s in SECRETS if s.encode() in data] == []
    withheld = rows(out, "SELECT note, note_en, source_url, citation, note_confidential FROM observations "
                         "WHERE note_confidential = 1 OR source_confidential = 1 ORDER BY id")
    assert withheld == [
        {"note": None, "note_en": None, "source_url": "https://spring96.org/en/news/2", "citation": None,
         "note_confidential": 1},
        {"note": None, "note_en": None, "source_url": None, "citation": None, "note_confidential": 0}]


def test_the_copy_holds_the_public_tables_and_none_of_the_audit_trail(secret, catalogue, tmp_path):
    out = tmp_path / "public.db"
    publish(secret, catalogue, out, as_of=AS_OF)
    tables = {r["name"] for r in rows(out, "SELECT name FROM sqlite_master WHERE type = 'table' "
                                           "AND name NOT LIKE '%_fts%'")}
    assert tables == set(SCHEMA)
    assert not tables & {"raw_payloads", "collector_runs", "alerts", "alert_deliveries", "schema_migrations"}
    assert rows(out, "PRAGMA foreign_key_check") == []
    assert rows(out, "PRAGMA integrity_check") == [{"integrity_check": "ok"}]
    keys = {(r["from"], r["table"]) for r in rows(out, "SELECT * FROM pragma_foreign_key_list('observations')")}
    assert keys == {("indicator_id", "indicators"), ("supersedes", "observations"), ("payload_sha256", "payloads")}
    found = rows(out, "SELECT o.id FROM observations o JOIN observations_fts f ON f.rowid = o.rowid "
                      "WHERE observations_fts MATCH 'Viasna volunteers'")
    assert len(found) == 1


def test_each_reading_is_the_summarys_on_the_date(secret, catalogue, tmp_path):
    out = tmp_path / "public.db"
    publish(secret, catalogue, out, as_of=AS_OF)
    readings = {r["indicator_id"]: r for r in rows(out, "SELECT * FROM readings")}
    summaries = summarize(secret, catalogue, today=AS_OF, until=AS_OF.isoformat())
    assert len(readings) == len(catalogue.indicators) == len(summaries)
    for s in summaries:
        got = readings[s.indicator.id]
        assert (got["verdict"], got["freshness"], got["age_days"], got["as_of"]) == \
            (s.verdict, s.freshness, s.age_days, AS_OF.isoformat())
    prisoners = readings["political_prisoners"]
    assert prisoners["latest_period_end"] == "2021-05-31" and prisoners["latest_low"] == 460  # the correction


def test_the_same_data_and_date_give_the_same_bytes_and_another_date_other_bytes(secret, catalogue, tmp_path):
    first, second, later = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "c.db"
    publish(secret, catalogue, first, as_of=AS_OF)
    publish(secret, catalogue, second, as_of=AS_OF)
    publish(secret, catalogue, later, as_of=date(2022, 1, 31))
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() != later.read_bytes()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


@pytest.mark.parametrize("backend", [BACKENDS[1]], indirect=True)  # a PostgreSQL copy against its SQLite original
def test_publishing_from_postgresql_gives_the_file_sqlite_gives(backend, catalogue, tmp_path, request):
    source = tmp_path / "source.db"
    with Store.open(source) as s:
        initialize(s, paper_only(catalogue))
        with_secrets(s)
    server = request.getfixturevalue("postgres_server")
    url = server.create()
    try:
        Store.copy(str(source), url)
        with Store.open(source) as s:
            publish(s, catalogue, tmp_path / "from-sqlite.db", as_of=AS_OF, lang="be")
        with Store.open(url) as s:
            publish(s, catalogue, tmp_path / "from-postgresql.db", as_of=AS_OF, lang="be")
    finally:
        server.drop(url)
    assert (tmp_path / "from-sqlite.db").read_bytes() == (tmp_path / "from-postgresql.db").read_bytes()


def test_texts_come_in_the_language_asked_and_in_english(secret, catalogue, tmp_path):
    out = tmp_path / "public.db"
    publish(secret, catalogue, out, as_of=AS_OF, lang="be")
    (ind,) = rows(out, "SELECT name, name_en FROM indicators WHERE id = 'political_prisoners'")
    assert ind["name_en"] == catalogue.get("political_prisoners").name and ind["name"] != ind["name_en"]
    assert rows(out, "SELECT value FROM about WHERE key = 'language'") == [{"value": "be"}]
    meta = json.loads(metadata_path(out).read_text(encoding="utf-8"))
    assert set(meta["databases"]["public"]["tables"]) == set(SCHEMA)


def test_the_command_writes_the_copy_and_says_how_to_serve_it(secret, db_target, tmp_path):
    out = tmp_path / "barometer-public.db"
    result = CliRunner().invoke(cli, ["--db", str(db_target), "publish", str(out), "--as-of", "2021-06-30"])
    assert result.exit_code == 0, result.output
    assert "as of 2021-06-30" in result.output and f"datasette {out} -m {metadata_path(out)}" in result.output
    again = tmp_path / "again.db"
    CliRunner().invoke(cli, ["--db", str(db_target), "publish", str(again), "--as-of", "2021-06-30"])
    assert out.read_bytes() == again.read_bytes()


@pytest.mark.parametrize("args, named", [
    (["--as-of", "30.06.2021"], "--as-of"), (["--as-of", "2021-02-30"], "--as-of"),
    (["--as-of", "2999-01-01"], "--as-of"), (["--lang", "de"], "--lang"),
])
def test_bad_options_exit_2_naming_the_option_and_write_nothing(secret, db_target, tmp_path, args, named):
    out = tmp_path / "public.db"
    result = CliRunner().invoke(cli, ["--db", str(db_target), "publish", str(out), *args])
    assert result.exit_code == 2 and named in result.output
    assert not out.exists()


def test_a_bad_out_path_exits_2_naming_out(secret, db_target, tmp_path, backend):
    runner = CliRunner()
    missing = runner.invoke(cli, ["--db", str(db_target), "publish", str(tmp_path / "no" / "x.db")])
    folder = runner.invoke(cli, ["--db", str(db_target), "publish", str(tmp_path)])
    (tmp_path / "old.db").write_bytes(b"kept")
    exists = runner.invoke(cli, ["--db", str(db_target), "publish", str(tmp_path / "old.db")])
    for result in (missing, folder, exists):
        assert result.exit_code == 2 and "OUT: " in result.output, result.output
    assert (tmp_path / "old.db").read_bytes() == b"kept"
    if backend == "sqlite":
        itself = runner.invoke(cli, ["--db", str(db_target), "publish", str(db_target), "--force"])
        assert itself.exit_code == 2 and "is the database being published" in itself.output
        assert Store.open(db_target).get(1)  # still the barometer's database


def test_the_weekly_job_publishes_the_weeks_copy_only_when_set(secret, db_target, tmp_path, monkeypatch):
    monkeypatch.delenv(settings.WEEKLY_PUBLISH.name, raising=False)
    plain = weekly_job(str(db_target), tmp_path / "plain")
    assert plain is not None and not list(plain.glob("*.db"))
    monkeypatch.setenv(settings.WEEKLY_PUBLISH.name, "1")
    folder = weekly_job(str(db_target), tmp_path / "published")
    week = IsoWeek.parse(folder.name)
    out = folder / public_name(week)
    assert out.exists() and metadata_path(out).exists()
    assert rows(out, "SELECT value FROM about WHERE key = 'as_of'") == [{"value": week.sunday.isoformat()}]


def test_the_shipped_data_publishes_in_under_five_seconds_with_each_recorded_datasets_licence(shipped_db, catalogue,
                                                                                             tmp_path):
    out = tmp_path / "public.db"
    started = time.perf_counter()
    with Store.open(shipped_db) as store:
        publish(store, catalogue, out, as_of=date(2026, 12, 1))
        expected = len(store.public_observations(ending_by="2026-12-01"))
    assert time.perf_counter() - started < 5
    assert rows(out, "SELECT count(*) AS n FROM observations") == [{"n": expected}] and expected > 1000
    licences = {r["source"]: r["licence"] for r in rows(out, "SELECT source, licence FROM payloads")}
    assert "CC-BY-4.0" in licences["worldbank"] and "CC BY-NC-SA 4.0" in licences["citizenlab"]
    assert licences["nbrb"] == "not stated: the publisher's terms of use apply"
    assert all(r["url"].startswith("https://") for r in rows(out, "SELECT url FROM payloads"))
