"""Empty answers are not failures: a run whose every window came back empty from the service (IODA's `[[]]`,
OONI's empty `result`, Wikimedia's 404 for a range without data) is logged as a run that found nothing
('empty'), apart from a failed one; it never counts toward the "collector failing" alert (it ends a failing
streak: the service answered), the scheduler counts it as done, and the Sources page says which."""
import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from collectors import runner
from collectors.jobs import JobSpec, due_jobs
from indicators.reports import alert_view as av
from tests.collectors.helpers import fixture

pytestmark = pytest.mark.both_backends
SOURCES_PAGE = Path(__file__).resolve().parents[2] / "dashboard" / "pages" / "sources.py"
IODA_URL = ("https://api.ioda.inetintel.cc.gatech.edu/v2/signals/raw/country/BY"
            "?from=1727740800&until=1727827200&datasource=bgp")
OONI_URL = ("https://api.ooni.io/api/v1/aggregation?probe_cc=BY&test_name=web_connectivity"
            "&since=2021-07-09&until=2021-07-10&axis_x=measurement_start_day&time_grain=day")


def _ioda_empty():
    doc = json.loads(fixture("ioda", "signals_raw_asn_1299_upstream-delay-penult-asns_2024-10-01.json"))
    doc["data"] = [[]]
    return json.dumps(doc)


EMPTY = {"ioda": (_ioda_empty, IODA_URL), "ooni": (lambda: json.dumps({"result": []}), OONI_URL)}


def collect(store, catalogue, tmp_path, source, body, url):
    path = tmp_path / f"{source}.json"
    path.write_text(body, encoding="utf-8")
    (result,) = runner.run_collect(store, catalogue, [source], from_file=path, url=url)
    return result


def collector_alerts(store, source):
    return [a for a in store.alerts(include_resolved=False) if a["rule"] == av.COLLECTOR and a["source"] == source]


@pytest.mark.parametrize("source", sorted(EMPTY))
def test_an_empty_answer_is_a_run_that_found_nothing(store, catalogue, tmp_path, source):
    make, url = EMPTY[source]
    result = collect(store, catalogue, tmp_path, source, make(), url)
    assert (result.status, result.added) == ("empty", 0)
    (logged,) = store.runs(source)
    assert (logged["status"], logged["error"], logged["rows_added"]) == ("empty", None, 0)
    assert logged["finished_at"]


@pytest.mark.parametrize("source", sorted(EMPTY))
def test_empty_runs_never_open_the_collector_failing_alert(store, catalogue, tmp_path, source):
    make, url = EMPTY[source]
    for _ in range(catalogue.alerts["collector_failures"] + 2):
        collect(store, catalogue, tmp_path, source, make(), url)
    assert collector_alerts(store, source) == []


def test_an_empty_run_ends_a_failing_streak(store, catalogue, tmp_path):
    make, url = EMPTY["ooni"]
    for _ in range(catalogue.alerts["collector_failures"]):
        assert collect(store, catalogue, tmp_path, "ooni", "not json", url).status == "failed"
    assert len(collector_alerts(store, "ooni")) == 1
    collect(store, catalogue, tmp_path, "ooni", make(), url)
    assert collector_alerts(store, "ooni") == []  # resolved: the service answers again


def test_a_broken_answer_is_still_a_failure(store, catalogue, tmp_path):
    assert collect(store, catalogue, tmp_path, "ioda", '{"data": 7}', IODA_URL).status == "failed"
    assert store.runs("ioda")[0]["status"] == "failed"


def test_the_scheduler_counts_an_empty_run_as_done(store, catalogue, tmp_path):
    make, url = EMPTY["ooni"]
    collect(store, catalogue, tmp_path, "ooni", make(), url)
    spec = JobSpec("collect:ooni", "ooni", {"hour": 3, "minute": 0})
    assert due_jobs(store, [spec], now=datetime.now(timezone.utc)) == []


def test_the_sources_page_says_which_source_found_nothing(store, catalogue, tmp_path, db_target, monkeypatch):
    make, url = EMPTY["ooni"]
    collect(store, catalogue, tmp_path, "ooni", make(), url)
    collect(store, catalogue, tmp_path, "ioda", '{"data": 7}', IODA_URL)
    monkeypatch.setenv("BAROMETER_DB", str(db_target))
    monkeypatch.setenv("BAROMETER_READONLY", "1")
    at = AppTest.from_file(str(SOURCES_PAGE), default_timeout=60).run()
    infos = [i.value for i in at.info]
    assert any(i.startswith("ooni: the last run found nothing") and "not a failure" in i for i in infos), infos
    assert not any("ooni" in w.value for w in at.warning)  # the failures' warnings are for ioda only
    assert any(w.value.startswith("ioda:") for w in at.warning)
    statuses = dict(zip(at.dataframe[0].value["source"], at.dataframe[0].value["status"]))
    assert (statuses["ooni"], statuses["ioda"]) == ("found nothing, from a file", "failed, from a file")
