"""Scheduled collection: which jobs exist (pure `build_jobs`) and a blocking scheduler that runs them."""
from __future__ import annotations

import logging
import os
import signal
import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from indicators.alerts import evaluate
from indicators.catalogue import load_catalogue
from indicators.snapshot.job import snapshot_root, weekly_job, weekly_job_spec
from indicators.store import Store

from . import REGISTRY
from .runner import RunResult, run_collect

log = logging.getLogger("barometer.schedule")
JITTER_S = 300
MISFIRE_GRACE_S = 3600
INTERVAL_ENV = "BAROMETER_SCHEDULE_INTERVAL"  # seconds; replaces every cron trigger (tests, debugging)
WEEKLY_SNAPSHOT_JOB = "weekly_snapshot"
ALERTS_JOB = "evaluate_alerts"
ALERTS_EVERY_MINUTES = 60  # staleness grows with the clock, and failed webhook deliveries are tried again


@dataclass(frozen=True)
class JobSpec:
    id: str
    source: str
    cron: dict = field(default_factory=dict)


def build_jobs(catalogue, registry=REGISTRY) -> list[JobSpec]:
    """One job per source that the catalogue uses and that has a schedule; ids are source ids."""
    return [JobSpec(f"collect:{source}", source, dict(spec.schedule))
            for source, spec in registry.items()
            if spec.schedule is not None and catalogue.by_collector(source)]


def collect_job(db_path: str, source: str, catalogue_path: str | None = None) -> RunResult | None:
    """Run one source; a failure is logged, never raised, so the scheduler keeps going."""
    try:
        with Store.open(db_path) as store:
            (result,) = run_collect(store, load_catalogue(catalogue_path), [source])
    except Exception:  # noqa: BLE001
        log.exception("%s: the run could not start", source)
        return None
    if result.status == "ok":
        log.info("%s: ok, %d added, %d revised from %d payload(s)", source, result.added, result.revised,
                 result.payloads)
    else:
        log.warning("%s: failed: %s", source, result.error)
    return result


def alerts_job(db_path: str, catalogue_path: str | None = None):
    """Evaluate the alert rules (and deliver to the webhook); a failure is logged, never raised."""
    try:
        with Store.open(db_path) as store:
            result = evaluate(store, load_catalogue(catalogue_path))
    except Exception:  # noqa: BLE001 - a failing job must not stop the scheduler
        log.exception("alerts: the evaluation failed")
        return None
    if result.opened or result.resolved:
        log.info("alerts: %d opened, %d resolved", len(result.opened), len(result.resolved))
    if result.failed:
        log.warning("alerts: %d event(s) not delivered to the webhook", result.failed)
    return result


def last_fire(spec: JobSpec, now: datetime) -> datetime | None:
    """The most recent time the job's cron schedule fired before `now` (looking back up to 400 days)."""
    trigger = CronTrigger(timezone="UTC", **spec.cron)
    t, last = trigger.get_next_fire_time(None, now - timedelta(days=400)), None
    while t is not None and t <= now:
        last, t = t, trigger.get_next_fire_time(t, t + timedelta(seconds=1))
    return last


def due_jobs(store, specs: list[JobSpec], now: datetime | None = None) -> list[JobSpec]:
    """Jobs whose schedule has fired since their source's last successful run."""
    now = now or datetime.now(timezone.utc)
    due = []
    for spec in specs:
        ok = [r for r in store.runs(spec.source, limit=20) if r["status"] == "ok"]
        fired = last_fire(spec, now)
        if not ok or (fired and datetime.fromisoformat(ok[0]["finished_at"]) < fired):
            due.append(spec)
    return due


def make_scheduler(db_path: str, specs: list[JobSpec], *, interval: float | None = None,
                   catalogue_path: str | None = None,
                   scheduler_cls=BlockingScheduler):
    """A scheduler with one job per spec: coalesced, one instance at a time, with grace and jitter."""
    sched = scheduler_cls(timezone="UTC", job_defaults={
        "coalesce": True, "max_instances": 1, "misfire_grace_time": MISFIRE_GRACE_S})
    for spec in specs:
        trigger = (IntervalTrigger(seconds=interval) if interval
                   else CronTrigger(timezone="UTC", jitter=JITTER_S, **spec.cron))
        sched.add_job(collect_job, trigger, id=spec.id, name=spec.id, replace_existing=True,
                      args=[db_path, spec.source, catalogue_path])
    # Last week's snapshot, on its own calendar (Mondays 06:00, the country's time) even when collection runs on an interval.
    sched.add_job(weekly_job, CronTrigger(**weekly_job_spec(load_catalogue(catalogue_path))), id=WEEKLY_SNAPSHOT_JOB,
                  name=WEEKLY_SNAPSHOT_JOB, replace_existing=True, args=[db_path, snapshot_root(), catalogue_path])
    # The alert rules, every hour (each collection evaluates them too).
    sched.add_job(alerts_job, IntervalTrigger(minutes=ALERTS_EVERY_MINUTES), id=ALERTS_JOB, name=ALERTS_JOB,
                  replace_existing=True, args=[db_path, catalogue_path])
    return sched


def run_scheduler(db_path: str, once: bool = False, catalogue_path: str | None = None) -> list[RunResult | None]:
    """Run jobs at their cadence until SIGTERM or Ctrl-C; with `once`, run the due jobs and return."""
    if not logging.getLogger().handlers:
        logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(asctime)s %(message)s")
    log.setLevel(logging.INFO)
    for noisy in ("apscheduler", "httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    specs = build_jobs(load_catalogue(catalogue_path))
    if once:
        with Store.open(db_path) as store:
            due = due_jobs(store, specs)
        log.info("running %d due job(s): %s", len(due), ", ".join(s.source for s in due) or "none")
        results = [collect_job(db_path, spec.source, catalogue_path) for spec in due]
        if not due:  # each collection evaluated them; with none, the clock alone may have changed something
            alerts_job(db_path, catalogue_path)
        return results
    interval = float(os.environ[INTERVAL_ENV]) if os.environ.get(INTERVAL_ENV) else None
    sched = make_scheduler(db_path, specs, interval=interval, catalogue_path=catalogue_path)

    def stop(signum, _frame):
        log.info("received %s, stopping", signal.Signals(signum).name)
        sched.shutdown(wait=False)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log.info("scheduler started with %d job(s): %s", len(specs), ", ".join(s.source for s in specs))
    sched.start()
    log.info("scheduler stopped")
    return []
