"""Jobs: one per scheduled source; a real APScheduler runs them, survives a failing source and stops cleanly."""
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest
from apscheduler.schedulers.background import BackgroundScheduler

from collectors import jobs
from collectors.registry import REGISTRY
from indicators.model.catalogue import load_catalogue
from indicators.store import Store, timestamp
from indicators.store.leadership import scheduler_lease
from tests.backends import connect
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


def test_once_runs_nothing_while_another_scheduler_is_active(served, db_path, caplog):
    Store.open(db_path).close()
    active = scheduler_lease(db_path)
    assert active.acquire()
    try:
        with caplog.at_level(logging.INFO, logger="barometer.schedule"):
            assert jobs.run_scheduler(str(db_path), once=True) == []
    finally:
        active.release()
    assert f"standing by: barometer schedule on {socket.gethostname()}, pid {os.getpid()} is active; nothing run" \
        in caplog.text
    with Store.open(db_path) as store:
        assert store.runs("who_covid") == []


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


class Scheduler:
    """A real `barometer schedule` process whose output lines are kept with the moment each was read."""

    def __init__(self, target, interval: str = "0.4"):
        env = {**os.environ, "PYTHONPATH": str(ROOT), "BAROMETER_SCHEDULE_INTERVAL": interval,
               "BAROMETER_DB": str(target)}
        self.proc = subprocess.Popen([sys.executable, "-m", "indicators.cli", "schedule"], cwd=ROOT, env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: list[tuple[datetime, str]] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append((datetime.now(timezone.utc), line))

    def said(self, *texts: str) -> datetime | None:
        """When the process first printed a line containing every one of `texts`."""
        return next((at for at, line in self.lines if all(t in line for t in texts)), None)

    def runs(self, source: str) -> list[datetime]:
        return [at for at, line in self.lines if line.split(" ", 2)[-1].startswith(f"{source}: ")]

    @property
    def output(self) -> str:
        return "".join(line for _, line in self.lines)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self.reader.join(timeout=5)


@pytest.mark.both_backends
def test_one_of_several_schedulers_runs_the_jobs_and_another_takes_over_when_it_is_killed(served, db_target):
    """Three `barometer schedule` processes on one database: the first is active, the others stand by naming it;
    killed with SIGKILL, it is replaced by exactly one of them within the minute, and no run overlaps another
    or goes unaccounted for."""
    target = db_target
    Store.open(target).close()
    first = Scheduler(target)
    others = []
    try:
        assert _wait_for(lambda: first.said("who_covid: ok"), timeout=45), first.output
        others = [Scheduler(target), Scheduler(target)]
        assert _wait_for(lambda: all(o.said("standing by: ", f"pid {first.proc.pid}") for o in others), timeout=45), \
            [o.output for o in others]
        time.sleep(2)
        assert all(not o.runs("who_covid") and not o.said("active: ") for o in others)
        first.proc.send_signal(signal.SIGKILL)
        first.proc.wait(timeout=10)
        killed = datetime.now(timezone.utc)
        assert _wait_for(lambda: any(o.said("active: ") for o in others), timeout=60), [o.output for o in others]
        (successor,) = [o for o in others if o.said("active: ")]
        (bystander,) = [o for o in others if o is not successor]
        took = (successor.said("active: ") - killed).total_seconds()
        assert took < 60, took
        assert _wait_for(lambda: len(successor.runs("who_covid")) >= 2, timeout=45), successor.output
        assert _wait_for(lambda: bystander.said("standing by: ", f"pid {successor.proc.pid}"), timeout=30), bystander.output
        for scheduler in others:
            scheduler.proc.send_signal(signal.SIGTERM)
        assert [o.proc.wait(timeout=30) for o in others] == [0, 0], [o.output for o in others]
    finally:
        for scheduler in [first, *others]:
            scheduler.stop()
    assert not bystander.runs("who_covid") and not bystander.runs("nbrb")
    assert all(at < killed for at in first.runs("who_covid"))
    assert all(at > successor.said("active: ") for at in successor.runs("who_covid"))
    with Store.open(target) as store:
        for source in ("who_covid", "nbrb"):
            runs = sorted(store.runs(source, limit=100_000), key=lambda r: r["started_at"])
            before = [r for r in runs if r["started_at"] < timestamp(killed)]
            unfinished = [r for r in runs if r["status"] == "running"]
            # Every run since the kill is one the successor logged; before it, the killed scheduler may have
            # committed one more run than it lived to log (SIGKILL between the commit and the log line), or have
            # left one unfinished.
            assert len(runs) - len(before) == len(successor.runs(source)), (source, runs)
            assert len(first.runs(source)) <= len(before) <= len(first.runs(source)) + 1, (source, runs)
            assert len(unfinished) <= 1 and all(r in before for r in unfinished), (source, runs)
            ends = [r["finished_at"] or timestamp(killed) for r in runs]
            overlaps = [(a, b) for a, end, b in zip(runs, ends, runs[1:]) if b["started_at"] < end]
            assert overlaps == [], source


@pytest.mark.both_backends
def test_an_active_scheduler_that_loses_its_lease_stops_at_once(served, db_target, backend):
    """Its lock file removed (SQLite) or its lease's session ended by the server (PostgreSQL): the scheduler
    exits with status 1 within seconds, saying why, rather than run jobs beside a successor."""
    Store.open(db_target).close()
    scheduler = Scheduler(db_target)
    try:
        assert _wait_for(lambda: scheduler.said("who_covid: ok"), timeout=45), scheduler.output
        if backend == "sqlite":
            scheduler_lease(db_target).path.unlink()
        else:
            with connect(db_target) as admin:
                admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              f"WHERE application_name LIKE '%pid {scheduler.proc.pid}'")
        lost = datetime.now(timezone.utc)
        assert scheduler.proc.wait(timeout=15) == 1, scheduler.output
    finally:
        scheduler.stop()
    assert (scheduler.said("lost the lease") - lost).total_seconds() < 5, scheduler.output
    assert "scheduler stopped" not in scheduler.output
