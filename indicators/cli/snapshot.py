"""`barometer snapshot`: write a week's brief and data files."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from ..languages.i18n import _, ngettext
from ..reports.snapshot.compute import IsoWeek, WeekError, compute_both, last_complete_week, require_complete
from ..reports.snapshot.files import SnapshotExists, write_snapshot
from .. import settings
from .base import BadInput, catalogue, lang_option, open_store


def _week(value: str | None, today: date) -> IsoWeek:
    if value is None:
        return last_complete_week(today)
    try:
        week = IsoWeek.parse(value)
        require_complete(week, today)
    except WeekError as exc:
        raise click.BadParameter(str(exc), param_hint="--week") from None
    return week


@click.command()
@click.option("--week", "week_text", default=None, metavar="YYYY-Www",
              help="ISO week, e.g. 2020-W30 (default: the last complete week).")
@click.option("--out", "out_dir", default=None, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write (default: snapshots/<week>, with -as-known-then when so).")
@click.option("--as-known-then", is_flag=True,
              help="Only what had been entered by the end of the week; later corrections undone.")
@click.option("--zip", "with_zip", is_flag=True, help="Also write one zip archive of all the files.")
@click.option("--force", is_flag=True, help="Replace an existing snapshot folder.")
@click.option("--charts/--no-charts", "with_charts", default=True, show_default=True,
              envvar=settings.SNAPSHOT_CHARTS.name, show_envvar=True,
              help="Draw the brief's PNG charts (the slowest part of a snapshot); --no-charts leaves them out.")
@lang_option
@click.pass_context
def snapshot(ctx: click.Context, week_text: str | None, out_dir: Path | None, as_known_then: bool,
             with_zip: bool, force: bool, with_charts: bool) -> None:
    """Write a week's snapshot: CSV, JSON, XLSX, datapackage.json, the brief (Markdown, HTML) and charts.

    The same database and week give the same bytes for snapshot.csv, snapshot.json, datapackage.json
    and report.md. The brief, the workbook and the charts read in the chosen language; the data files are the
    same in every language.

    Example: barometer snapshot --week 2020-W30 --as-known-then --zip
    """
    week = _week(week_text, date.today())
    snap, brief = compute_both(open_store(ctx), catalogue(ctx), week, as_known_then=as_known_then)
    target = out_dir or Path(settings.SNAPSHOT_DIR.default) / snap.name
    try:
        path = write_snapshot(snap, target, brief=brief, with_zip=with_zip, force=force, with_charts=with_charts)
    except SnapshotExists as exc:
        raise BadInput(f"--out: {exc}") from None
    counted = sum(iw.week is not None for iw in snap.indicators)
    indicators = ngettext("{n} indicator ({counted} with a figure this week)",
                          "{n} indicators ({counted} with a figure this week)", len(snap.indicators)).format(
        n=len(snap.indicators), counted=counted)
    events = ngettext("{n} event", "{n} events", len(snap.events)).format(n=len(snap.events))
    click.echo(f"{path}: {snap.name}, {indicators}, {events}")
