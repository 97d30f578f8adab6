"""The scheduler's weekly snapshot: last week's files, written every Monday morning in the country's time zone."""
from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from ... import settings
from ...model.catalogue import Catalogue, load_catalogue
from ...languages.i18n import default_language
from ...public.database import publish
from ...store import Store
from .compute import IsoWeek, compute_both, last_complete_week, require_complete
from .files import SnapshotExists, write_snapshot

log = logging.getLogger("barometer.snapshots")


def charts_wanted() -> bool:
    """Whether snapshots draw the brief's PNG charts: yes unless $BAROMETER_SNAPSHOT_CHARTS says no."""
    return not settings.SNAPSHOT_CHARTS.is_off(settings.OFF | {"n", "f"})  # click's "no" words too, as --charts


def publishing() -> bool:
    """Whether the weekly job also writes the public database ($BAROMETER_WEEKLY_PUBLISH; off by default)."""
    return not settings.WEEKLY_PUBLISH.is_off()


def public_name(week: IsoWeek) -> str:
    """The week's public database in its snapshot folder, named so that a copy keeps saying which week it is."""
    return f"barometer-public-{week.label}.db"


def publish_week(db_path: str | Path, folder: Path, week: IsoWeek, *, catalogue: Catalogue,
                 lang: str | None = None) -> Path:
    """The public database as the week's Sunday read it (barometer publish --as-of that Sunday), into its
    snapshot folder, with its Datasette metadata beside it."""
    out = folder / public_name(week)
    with Store.open(db_path) as store:
        publish(store, catalogue, out, as_of=week.sunday, lang=lang or default_language())
    return out


def snapshot_root() -> Path:
    """Where the weekly job writes: $BAROMETER_SNAPSHOT_DIR, else ./snapshots."""
    return Path(settings.SNAPSHOT_DIR.text())


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
        catalogue, week = load_catalogue(catalogue_path), last_complete_week(date.today())
        path = export_week(db_path, out_root or snapshot_root(), week, catalogue=catalogue)
    except SnapshotExists as exc:
        log.info("weekly snapshot: %s", exc)
        return None
    except Exception:  # noqa: BLE001 - a failing job must not stop the scheduler
        log.exception("weekly snapshot failed")
        return None
    log.info("weekly snapshot written to %s", path)
    if publishing():
        try:
            public = publish_week(db_path, path, week, catalogue=catalogue)
        except Exception:  # noqa: BLE001 - the snapshot stands without its public database
            log.exception("weekly public database failed")
        else:
            log.info("weekly public database written to %s", public)
    return path
