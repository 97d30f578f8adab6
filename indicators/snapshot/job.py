"""The scheduler's weekly snapshot: last week's files, written every Monday morning in the country's time zone."""
from __future__ import annotations

import logging
import os
from datetime import date
from pathlib import Path

from ..catalogue import Catalogue, load_catalogue
from ..i18n import default_language
from ..store import Store
from .compute import IsoWeek, compute_both, last_complete_week, require_complete
from .files import SnapshotExists, write_snapshot

log = logging.getLogger("barometer.snapshots")
SNAPSHOT_DIR_ENV = "BAROMETER_SNAPSHOT_DIR"
DEFAULT_SNAPSHOT_DIR = "snapshots"
CHARTS_ENV = "BAROMETER_SNAPSHOT_CHARTS"  # "0", "false" or "no": snapshots without the brief's PNG charts


def charts_wanted() -> bool:
    """Whether snapshots draw the brief's PNG charts: yes unless $BAROMETER_SNAPSHOT_CHARTS says no."""
    return os.environ.get(CHARTS_ENV, "").strip().lower() not in {"0", "false", "no", "off", "n", "f"}


def snapshot_root() -> Path:
    """Where the weekly job writes: $BAROMETER_SNAPSHOT_DIR, else ./snapshots."""
    return Path(os.environ.get(SNAPSHOT_DIR_ENV) or DEFAULT_SNAPSHOT_DIR)


def export_week(db_path: str | Path, out_root: str | Path, week: IsoWeek | str | None = None,
                as_known_then: bool = False, *, today: date | None = None, force: bool = False,
                with_zip: bool = True, catalogue: Catalogue | None = None, lang: str | None = None,
                with_charts: bool | None = None) -> Path:
    """Write the week's snapshot (default: the last complete week) into out_root/<week>, its brief in `lang`
    (default: the deployment's, $BAROMETER_LANG), with its charts unless `with_charts` (default:
    $BAROMETER_SNAPSHOT_CHARTS) says no; returns the folder."""
    today = today or date.today()
    week = IsoWeek.parse(week) if isinstance(week, str) else week or last_complete_week(today)
    require_complete(week, today)
    catalogue = catalogue or load_catalogue()
    with Store.open(db_path) as store:
        snap, brief = compute_both(store, catalogue, week, as_known_then=as_known_then,
                                   lang=lang or default_language())
    return write_snapshot(snap, Path(out_root) / snap.name, brief=brief, with_zip=with_zip, force=force,
                          with_charts=charts_wanted() if with_charts is None else with_charts)


def weekly_job_spec(catalogue: Catalogue) -> dict:
    """When the weekly snapshot runs: Mondays at 06:00 in the country's time zone, for the week that ended
    the night before."""
    return {"day_of_week": "mon", "hour": 6, "minute": 0, "timezone": catalogue.country.timezone}


def weekly_job(db_path: str | Path, out_root: str | Path | None = None,
               catalogue_path: str | None = None) -> Path | None:
    """The scheduler's job: last week's snapshot; an existing one is kept, a failure is logged, not raised."""
    try:
        path = export_week(db_path, out_root or snapshot_root(), catalogue=load_catalogue(catalogue_path))
    except SnapshotExists as exc:
        log.info("weekly snapshot: %s", exc)
        return None
    except Exception:  # noqa: BLE001 - a failing job must not stop the scheduler
        log.exception("weekly snapshot failed")
        return None
    log.info("weekly snapshot written to %s", path)
    return path
