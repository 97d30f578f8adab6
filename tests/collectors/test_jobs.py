"""Jobs: one per scheduled source; a real APScheduler runs them, survives a failing source and stops cleanly."""
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest
from apscheduler.schedulers.background import BackgroundScheduler

from collectors import REGISTRY, jobs
from indicators.catalogue import load_catalogue
from indicators.store import Store
from tests.collectors.helpers import fixture

ROOT = Path(__file__).resolve().parents[2]


def test_build_jobs_makes_one_job_per_scheduled_source_the_catalogue_uses():
    specs = jobs.build_jobs(load_catalogue())
    assert [s.source for s in specs] == ["ooni", "ioda", "nbrb", "worldbank", "wikipedia", "gdelt", "who_covid",
                                         "world_mortality", "citizenlab"]
    assert specs[2] == jobs.JobSpec("collect:nbrb", "nbrb", {"hour": 10, "minute": 30})
    assert all(load_catalogue().by_collector(s.source) for s in specs)


def test_last_fire_is_the_latest_scheduled_time_before_now():
    spec = jobs.JobSpec("collect:worldbank", "worldbank", {"day_of_week": "mon", "hour": 4, "minute": 10})
    now = datetime(2024, 5, 15, 12, 0, tzinfo=timezone.utc)  # a Wednesday
    assert jobs.last_fire(spec, now) == datetime(2024, 5, 13, 4, 10, tzinfo=timezone.utc)


@pytest.fixture
def served(httpserver, monkeypatch, catalogue_file):
    """Every source pointed at the local server; who_covid serves its recorded file, nbrb answers 500."""
    for source in REGISTRY:
        monkeypatch.setenv(f"BAROMETER_{source.upper()}_URL", httpserver.url_for(f"/{source}"))
    monkeypatch.setenv("BAROMETER_CATALOGUE", str(catalogue_file))
    monkeypatch.setenv("BAROMETER_HTTP_RETRIES", "0")
    monkeypatch.setattr("collectors.http.RETRIES", 0)
    httpserver.expect_request("/who_covid/WHO-COVID-19-global-data.csv").respond_with_data(
        fixture("who_covid", "WHO-COVID-19-global-data_BY_2020-03_05.csv"))
    monkeypatch.setenv("BAROMETER_CSV_URL_TEST_CSV_CASES", httpserver.url_for("/csv/owid.csv"))
    httpserver.expect_request("/csv/owid.csv").respond_with_data(
        fixture("csv", "owid-covid-data_BLR_2020-04-03_09.csv"))
    return httpserver


def _wait_for(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_a_real_scheduler_runs_jobs_on_an_interval_survives_a_failing_source_and_stops(served, db_path):
    Store.open(db_path).close()
    specs = [jobs.JobSpec("collect:who_covid", "who_covid"), jobs.JobSpec("collect:nbrb", "nbrb")]
    sched = jobs.make_scheduler(str(db_path), specs, interval=0.2)
    thread = threading.Thread(target=sched.start, daemon=True)
    thread.start()

    def runs(source, status):
        with Store.open(db_path) as store:
            return [r for r in store.runs(source) if r["status"] == status]

    try:
        assert _wait_for(lambda: len(runs("who_covid", "ok")) >= 2 and len(runs("nbrb", "failed")) >= 2)
    finally:
        sched.shutdown(wait=True)
        thread.join(timeout=5)
    assert not thread.is_alive()
    assert sched.state == 0  # STATE_STOPPED
    first = runs("who_covid", "ok")[-1]
    assert first["rows_added"] == 15 and runs("who_covid", "ok")[0]["rows_added"] == 0
    assert "HTTP 500" in runs("nbrb", "failed")[0]["error"]


def test_jobs_are_coalesced_one_instance_at_a_time_with_grace_and_jitter(db_path):
    sched = jobs.make_scheduler(str(db_path), jobs.build_jobs(load_catalogue()), scheduler_cls=BackgroundScheduler)
    sched.start(paused=True)
    try:
        job = sched.get_job("collect:ooni")
        assert (job.coalesce, job.max_instances, job.misfire_grace_time) == (True, 1, jobs.MISFIRE_GRACE_S)
        assert job.trigger.jitter == jobs.JITTER_S and str(job.trigger.timezone) == "UTC"
        assert job.args == (str(db_path), "ooni", None)  # no --catalogue: the default one
    finally:
        sched.shutdown(wait=False)


def test_once_runs_the_due_jobs_and_then_only_those_still_due(served, db_path):
    first = jobs.run_scheduler(str(db_path), once=True)
    assert {r.source: r.status for r in first} == {
        "ooni": "failed", "ioda": "failed", "nbrb": "failed", "worldbank": "failed",
        "wikipedia": "failed", "gdelt": "failed", "who_covid": "ok", "world_mortality": "failed",
        "citizenlab": "failed", "csv": "ok"}
    second = jobs.run_scheduler(str(db_path), once=True)
    assert {r.source for r in second} == {"ooni", "ioda", "nbrb", "worldbank", "wikipedia", "gdelt", "world_mortality",
                                          "citizenlab"}


def test_schedule_stops_cleanly_on_sigterm(served, db_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BAROMETER_SCHEDULE_INTERVAL": "0.3", "BAROMETER_DB": str(db_path)}
    proc = subprocess.Popen([sys.executable, "-m", "indicators.cli", "schedule"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)
    reader.start()
    try:
        assert _wait_for(lambda: any("who_covid: ok" in line for line in lines)
                         and any("nbrb: failed" in line for line in lines), timeout=45), "".join(lines)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0, "".join(lines)
    finally:
        if proc.poll() is None:
            proc.kill()
    reader.join(timeout=5)
    output = "".join(lines)
    assert "scheduler started with 10 job(s)" in output
    assert "nbrb: failed: nbrb: HTTP 500" in output
    assert "received SIGTERM, stopping" in output and "scheduler stopped" in output
