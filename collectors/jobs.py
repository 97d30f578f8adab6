"""Scheduled collection: which jobs exist (pure `build_jobs`) and a scheduler that runs them while it holds the
database's lease (indicators/store/leadership.py), so that of several schedulers on one database exactly one runs
jobs. Each keeps its jobs in memory: APScheduler 3 must not share a job store between running schedulers."""
from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from indicators import settings
from indicators.reports.alerts import evaluate
from indicators.model.catalogue import load_catalogue
from indicators.reports.snapshot.job import snapshot_root, weekly_job, weekly_job_spec
from indicators.store import EMPTY_RUN, SUCCEEDED_RUN, Store
from indicators.store.leadership import holder_name, scheduler_lease

from .registry import REGISTRY
from .runner import RunResult, run_collect

log = logging.getLogger("barometer.schedule")
JITTER_S = 300
MISFIRE_GRACE_S = 3600
WEEKLY_SNAPSHOT_JOB = "weekly_snapshot"
ALERTS_JOB = "evaluate_alerts"
ALERTS_EVERY_MINUTES = 60  # staleness grows with the clock, and failed webhook deliveries are tried again
LEASE_RETRY_S = 5.0  # a standing-by scheduler asks for the lease this often
LEASE_CHECK_S = 1.0  # the active one makes sure it still holds it this often


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
    if result.status == EMPTY_RUN:
        log.info("%s: found nothing (not a failure): %s", source, result.error)
    elif result.status == "ok":
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
        ok = [r for r in store.runs(spec.source, limit=20) if r["status"] in SUCCEEDED_RUN]
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


def _quiet_logging() -> None:
    if not logging.getLogger().handlers:
        logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(asctime)s %(message)s")
    log.setLevel(logging.INFO)
    for noisy in ("apscheduler", "httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def wait_for_lease(lease, stopping: threading.Event, retry_s: float = LEASE_RETRY_S) -> bool:
    """Stand by until this process holds the lease (True) or is asked to stop (False), saying who is active."""
    said = None
    while not stopping.is_set():
        if lease.acquire():
            return True
        holder = lease.holder() or "another scheduler (or the database cannot be reached)"
        if holder != said:
            log.info("standing by: %s is active; asking again every %g s", holder, retry_s)
            said = holder
        stopping.wait(retry_s)
    return False


def run_scheduler(db_path: str, once: bool = False, catalogue_path: str | None = None) -> list[RunResult | None]:
    """Run jobs at their cadence until SIGTERM or Ctrl-C; with `once`, run the due jobs and return.

    Any number of schedulers may run against one database: the one holding the lease runs the jobs, the others
    stand by and take over when it goes. The active one checks the lease every second and, if it is lost,
    exits at once (status 1) so that no job of its runs beside its successor's."""
    _quiet_logging()
    specs = build_jobs(load_catalogue(catalogue_path))
    lease = scheduler_lease(db_path)
    if once:
        if not lease.acquire():
            log.info("standing by: %s is active; nothing run", lease.holder() or "another scheduler")
            return []
        try:
            return _run_due_once(db_path, specs, catalogue_path)
        finally:
            lease.release()
    stopping = threading.Event()

    def stop(signum, _frame):
        log.info("received %s, stopping", signal.Signals(signum).name)
        stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if not wait_for_lease(lease, stopping):
        log.info("scheduler stopped")
        return []
    log.info("active: this scheduler (%s) holds the lease and runs the jobs", holder_name())
    # A predecessor that lost its session but still lives notices within one check and exits: let it.
    if stopping.wait(2 * LEASE_CHECK_S):
        lease.release()
        log.info("scheduler stopped")
        return []
    interval = settings.SCHEDULE_INTERVAL.number() if settings.SCHEDULE_INTERVAL.text() else None
    sched = make_scheduler(db_path, specs, interval=interval, catalogue_path=catalogue_path,
                           scheduler_cls=BackgroundScheduler)
    log.info("scheduler started with %d job(s): %s", len(specs), ", ".join(s.source for s in specs))
    sched.start()
    while not stopping.wait(LEASE_CHECK_S):
        if not lease.held():
            log.error("lost the lease (its database session or its lock file is gone): stopping every job at "
                      "once; start this scheduler again and it stands by until the lease is free")
            logging.shutdown()
            os._exit(1)  # a job's thread cannot be stopped from outside; the process can
    sched.shutdown(wait=True)  # the running jobs end before the lease goes, so none overlaps a successor's
    lease.release()
    log.info("scheduler stopped")
    return []


def _run_due_once(db_path: str, specs: list[JobSpec], catalogue_path: str | None) -> list[RunResult | None]:
    with Store.open(db_path) as store:
        due = due_jobs(store, specs)
    log.info("running %d due job(s): %s", len(due), ", ".join(s.source for s in due) or "none")
    results = [collect_job(db_path, spec.source, catalogue_path) for spec in due]
    if not due:  # each collection evaluated them; with none, the clock alone may have changed something
        alerts_job(db_path, catalogue_path)
    return results
