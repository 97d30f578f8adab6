"""The state of each source, for the dashboard's Sources page: each source's last run, next scheduled time (while a
scheduler runs) and staleness; and collect-now."""
from __future__ import annotations

import json
from datetime import date, datetime, timezone

from apscheduler.triggers.cron import CronTrigger

from indicators.languages.i18n import count, ngettext
from indicators.store import EMPTY_RUN, FAILED_RUN
from indicators.readings.summary import freshness
from indicators.model.text_policy import neutralize
from indicators.model.vocabulary import STALE, freshness_label

from .registry import REGISTRY
from .jobs import build_jobs
from .runner import RunResult, run_collect

COLUMNS = ["source", "indicators", "last_run", "status", "from_file", "rows_added", "rows_revised", "error",
           "next_run", "latest_period", "staleness"]


def next_run(cron: dict, now: datetime) -> datetime | None:
    """When the source's job fires next (jitter aside)."""
    return CronTrigger(timezone="UTC", **cron).get_next_fire_time(None, now)


def staleness(catalogue, indicators, latest: str | None, today: date) -> str:
    """The indicators' freshness rule (indicators.readings.summary.freshness) at the tightest cadence of the
    source's indicators, in the same words and the reader's language; a stale source says how old its latest
    period is."""
    cadence = min((catalogue.cadences[i.cadence] for i in indicators), key=lambda c: c.fresh_days)
    state, age = freshness(cadence, latest, today)
    if state != STALE:
        return freshness_label(state)
    age_text = ngettext("{n} day", "{n} days", age).format(n=count(age))
    return f"{freshness_label(state)} ({age_text})"


def _from_file(run: dict) -> bool:
    """Whether a run read a file (a shipped history file, or `collect --from-file`) rather than the source itself."""
    try:
        return bool(json.loads(run.get("params") or "{}").get("from_file"))
    except (ValueError, AttributeError):
        return False


def source_rows(store, catalogue, now: datetime | None = None, *, scheduled: bool = False) -> list[dict]:
    """One row per source the catalogue uses, read through the store only. `scheduled`: a scheduler holds the
    lease (indicators.store.leadership), so a scheduled source has a next run; else it has none."""
    now = now or datetime.now(timezone.utc)
    schedules = {spec.source: spec.cron for spec in build_jobs(catalogue)}
    rows = []
    for source in REGISTRY:
        indicators = catalogue.by_collector(source)
        if not indicators:
            continue
        runs = store.runs(source, limit=1)
        last = runs[0] if runs else {}
        latest = store.last_period_end([i.id for i in indicators], collector=source, active_only=True)
        nxt = next_run(schedules[source], now) if source in schedules and scheduled else None
        rows.append({
            "source": source,
            "indicators": len(indicators),
            "last_run": last.get("finished_at") or last.get("started_at"),
            "status": last.get("status", "never run"),
            "from_file": _from_file(last) if last else False,
            "rows_added": last.get("rows_added"),
            "rows_revised": last.get("rows_revised"),
            "error": neutralize(last.get("error")),  # remote text: never a formula in the table's CSV
            "next_run": (nxt.isoformat(timespec="minutes") if nxt else None if source in schedules
                         else "from files only"),
            "latest_period": latest,
            "staleness": staleness(catalogue, indicators, latest, now.date()),
        })
    return rows


def failed_rows(rows: list[dict]) -> list[dict]:
    """The sources whose last run saved nothing (failed, or interrupted)."""
    return [r for r in rows if r["status"] in FAILED_RUN]


def empty_rows(rows: list[dict]) -> list[dict]:
    """The sources whose last run reached the service and found nothing for its dates: no failure."""
    return [r for r in rows if r["status"] == EMPTY_RUN]


def collect_now(store, catalogue, source: str) -> RunResult:
    """Run one source at once, as the scheduler would; the caller checks the user may write."""
    (result,) = run_collect(store, catalogue, [source])
    return result
