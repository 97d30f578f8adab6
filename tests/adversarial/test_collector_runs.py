"""Collector runs: a key repeated inside a payload fails the run (nothing saved, a clear error logged), parsers
refuse fractions where counts belong, a killed run is marked interrupted by the next one, and the logged
error of a run is bounded."""
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from collectors import runner
from indicators.store import STALE_RUN_HOURS
from tests.collectors.conftest import catalogue, catalogue_file, no_internet  # noqa: F401 - fixtures
from tests.collectors.helpers import FIXTURES, counts, only

NBRB = json.loads((FIXTURES / "nbrb" / "dynamics_170_2020-08.json").read_text())
OONI_URL = ("https://api.ooni.io/api/v1/aggregation?probe_cc=BY&test_name=web_connectivity"
            "&since=2021-07-09&until=2021-07-10&axis_x=measurement_start_day&time_grain=day")
SOURCES_PAGE = Path(__file__).resolve().parents[2] / "dashboard" / "pages" / "sources.py"


def collect(store, catalogue, source, payload, tmp_path, url=None):
    path = tmp_path / f"{source}.json"
    path.write_text(json.dumps(payload) if not isinstance(payload, str) else payload, encoding="utf-8")
    (result,) = runner.run_collect(store, catalogue, [source], from_file=path, url=url)
    return result


@pytest.mark.parametrize("rate", [NBRB[0]["Cur_OfficialRate"], 9.99], ids=["same figure", "other figure"])
def test_a_date_given_twice_in_one_payload_fails_the_run_and_saves_nothing(store, catalogue, tmp_path, rate):
    catalogue = only(catalogue, "test_exchange_rate_byn_aud")
    before = counts(store)
    result = collect(store, catalogue, "nbrb", [*NBRB, {**NBRB[0], "Cur_OfficialRate": rate}], tmp_path)
    assert result.status == "failed"
    assert "gives two figures for test_exchange_rate_byn_aud 2020-08-01..2020-08-01" in result.error
    assert "nothing saved" in result.error and counts(store) == before
    assert store.runs("nbrb")[0]["status"] == "failed"
    assert store.runs("nbrb")[0]["error"] == runner.file_failure("nbrb")  # a local file's text stays local


def test_the_same_date_written_two_ways_is_still_one_key(store, catalogue, tmp_path):
    catalogue = only(catalogue, "test_exchange_rate_byn_aud")
    twice = [*NBRB, {**NBRB[0], "Date": "2020-08-01"}]  # the fixture says 2020-08-01T00:00:00
    result = collect(store, catalogue, "nbrb", twice, tmp_path)
    assert result.status == "failed" and "gives two figures" in result.error


def test_a_clean_payload_run_twice_adds_no_revision(store, catalogue, tmp_path):
    catalogue = only(catalogue, "test_exchange_rate_byn_aud")
    first = collect(store, catalogue, "nbrb", NBRB, tmp_path)
    again = collect(store, catalogue, "nbrb", NBRB, tmp_path)
    assert (first.status, first.added, again.added, again.revised) == ("ok", len(NBRB), 0, 0)


@pytest.mark.parametrize("field, value", [("confirmed_count", 0.5), ("anomaly_count", "187"),
                                          ("measurement_count", True), ("anomaly_count", 2.5)])
def test_ooni_counts_must_be_whole_numbers(store, catalogue, tmp_path, field, value):
    row = {"anomaly_count": 187, "confirmed_count": 0, "measurement_count": 1689,
           "measurement_start_day": "2021-07-09", field: value}
    before = counts(store)
    result = collect(store, catalogue, "ooni", {"result": [row]}, tmp_path, url=OONI_URL)
    assert result.status == "failed" and f"result[0].{field}" in result.error and "whole number" in result.error
    assert counts(store) == before


def test_nan_is_not_json(store, catalogue, tmp_path):
    catalogue = only(catalogue, "test_exchange_rate_byn_aud")
    text = json.dumps([{**NBRB[0], "Cur_OfficialRate": float("nan")}])
    assert "NaN" in text
    result = collect(store, catalogue, "nbrb", text, tmp_path)
    assert result.status == "failed" and "NaN is not a JSON number" in result.error


def test_a_long_remote_error_is_logged_cut(store, catalogue, tmp_path):
    result = collect(store, catalogue, "ooni", {"error": "x" * 50_000}, tmp_path, url=OONI_URL)
    assert result.status == "failed" and len(result.error) == runner.ERROR_MAX


def _running_since(store, hours: float, source="nbrb") -> int:
    started = (datetime.now(timezone.utc) - timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return store.conn.execute("INSERT INTO collector_runs (source, started_at, status, params) "
                              "VALUES (?, ?, 'running', '{}')", (source, started)).lastrowid


def test_a_killed_run_is_marked_interrupted_by_the_next_one(store, catalogue, tmp_path):
    store.conn.commit()
    killed = _running_since(store, STALE_RUN_HOURS + 1)
    recent = _running_since(store, 0.5, source="ooni")  # another process may still be at it
    store.conn.commit()
    collect(store, only(catalogue, "test_exchange_rate_byn_aud"), "nbrb", NBRB, tmp_path)
    runs = {r["id"]: r for r in store.runs(limit=10)}
    assert runs[killed]["status"] == "interrupted" and runs[killed]["finished_at"]
    assert "interrupted" in runs[killed]["error"] and "nothing it fetched was saved" in runs[killed]["error"]
    assert runs[recent]["status"] == "running"
    with pytest.raises(Exception, match="never rewritten"):  # and it stays as marked
        store.conn.execute("UPDATE collector_runs SET status = 'ok' WHERE id = ?", (killed,))


def test_the_sources_page_shows_an_interrupted_run_as_plain_text(store, catalogue, db_path, tmp_path, monkeypatch):
    store.conn.commit()
    _running_since(store, STALE_RUN_HOURS + 1, source="ooni")
    store.conn.commit()
    store.start_run("nbrb")  # marks the ooni run interrupted
    monkeypatch.setenv("BAROMETER_DB", str(db_path))
    monkeypatch.setenv("BAROMETER_READONLY", "1")
    at = AppTest.from_file(str(SOURCES_PAGE), default_timeout=30).run()
    assert not at.exception
    table = at.dataframe[0].value
    assert table[table["source"] == "ooni"].iloc[0]["status"] == "interrupted"
    assert any("interrupted" in w.value for w in at.warning)


def test_a_run_finishing_after_it_was_marked_interrupted_keeps_the_mark(store):
    store.conn.commit()
    slow = _running_since(store, STALE_RUN_HOURS + 1)
    store.conn.commit()
    store.start_run("ooni")  # another process gives up on it
    store.finish_run(slow, status="ok", rows_added=3)  # no error: the log row is not rewritten
    (row,) = [r for r in store.runs("nbrb") if r["id"] == slow]
    assert (row["status"], row["rows_added"]) == ("interrupted", 0)
