"""`barometer add | correct | retract | import`: manual observations from the command line.

Thin commands over indicators.input.entry; the `barometer` group maps bad input to exit 2 (nothing written).
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click

from ..input import entry, imports
from .. import settings
from ..access import require_writable
from ..languages.i18n import _, count, ngettext
from ..model.observation import QUALIFIERS
from . import base
from .base import open_store

PROGRESS_MIN_ROWS = 5000
RANGE_VALUE = "-"


def default_enterer() -> str | None:
    """Who is entering when --by is not given: $BAROMETER_USER, set on purpose; never the login name, which
    would record a machine's account as a person without anyone saying so (then validation asks for --by)."""
    return settings.USER.text()


def figure_options(command: Callable) -> Callable:
    """The options `add` and `correct` share."""
    options = [
        click.option("--start", help="First day the figure covers (YYYY-MM-DD)."),
        click.option("--end", help="Last day it covers (default: the start)."),
        click.option("--source", help="http(s) URL of the report or data."),
        click.option("--qualifier", type=click.Choice(QUALIFIERS),
                     help="How the source puts the figure (default exact; '-' as VALUE means range)."),
        click.option("--low", help="Low bound of a range."),
        click.option("--high", help="High bound of a range."),
        click.option("--note", help="Free text, stored verbatim (up to 2,000 characters)."),
        click.option("--note-confidential/--note-public", default=None,
                     help="Keep the note from read-only views and exports."),
        click.option("--source-confidential/--source-public", default=None,
                     help="Keep the source URL from read-only views and exports."),
        click.option("--by", "entered_by", help=f"Who enters it (required, unless ${settings.USER.name} is set)."),
        click.option("--allow-duplicate", is_flag=True,
                     help="Save even if the same figure, period and source is already recorded."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _given(**fields) -> dict:
    return {k: v for k, v in fields.items() if v is not None}


def _figure(value: str | None, low, high, qualifier) -> dict:
    """VALUE '-' (or a low and high without a value or qualifier) means a range."""
    if value == RANGE_VALUE:
        value, qualifier = "", qualifier or "range"
    elif qualifier is None and value is None and (low is not None or high is not None):
        qualifier = "range"
    return _given(value=value, qualifier=qualifier, value_low=low, value_high=high)


def _duplicate_hint(exc: entry.DuplicateObservation) -> click.ClickException:
    error = click.ClickException(_("{problem}: use {option} to save it anyway").format(problem=exc,
                                                                                     option="--allow-duplicate"))
    error.exit_code = 2
    return error


@click.command()
@click.argument("indicator_id")
@click.argument("value")
@figure_options
@click.pass_context
def add(ctx, indicator_id, value, start, end, source, qualifier, low, high, note, note_confidential,
        source_confidential, entered_by, allow_duplicate):
    """Add one observation; prints its id. VALUE may be '-' for a range (--low, --high).

    Example: barometer add arbitrary_detentions 1140 --qualifier at_least
    --start 2020-05-06 --end 2020-07-20 --source http://spring96.org/be/news/98359
    """
    require_writable()
    record = {"indicator_id": indicator_id, "period_start": start, "period_end": end, "source_url": source,
              "note": note, "note_confidential": bool(note_confidential),
              "source_confidential": bool(source_confidential), "entered_by": entered_by or default_enterer(),
              **_figure(value, low, high, qualifier)}
    try:
        new_id = entry.add(open_store(ctx), base.catalogue(ctx), record, allow_duplicate=allow_duplicate)
    except entry.DuplicateObservation as exc:
        raise _duplicate_hint(exc) from exc
    click.echo(new_id)


@click.command()
@click.argument("obs_id", type=int)
@click.argument("value", required=False)
@figure_options
@click.option("--reason", help="Why the old figure was wrong (kept on the old row).")
@click.pass_context
def correct(ctx, obs_id, value, start, end, source, qualifier, low, high, note, note_confidential,
            source_confidential, entered_by, allow_duplicate, reason):
    """Correct an observation: a new row supersedes OBS_ID; prints the new id.

    Whatever is not given is taken from the old row. Example: barometer correct 17 1200
    """
    require_writable()
    store = open_store(ctx)
    old = entry.record_of(store.get(obs_id))
    figure = _figure(value, low, high, qualifier)
    if figure.get("qualifier", old["qualifier"]) == "range":
        figure = {"value": None, "value_low": old["value_low"], "value_high": old["value_high"], **figure}
    else:
        figure = {"value": old["value"], "value_low": None, "value_high": None, **figure}
    record = {**old, **figure, **_given(period_start=start, period_end=end, source_url=source, note=note,
                                        note_confidential=note_confidential,
                                        source_confidential=source_confidential),
              "entered_by": entered_by or default_enterer()}
    if start is not None and end is None and old["period_end"] == old["period_start"]:
        record["period_end"] = None
    try:
        new_id = entry.correct(store, base.catalogue(ctx), obs_id, record, reason=reason,
                               allow_duplicate=allow_duplicate)
    except entry.DuplicateObservation as exc:
        raise _duplicate_hint(exc) from exc
    click.echo(new_id)


@click.command()
@click.argument("obs_id", type=int)
@click.option("--reason", required=True, help="Why the observation is withdrawn.")
@click.pass_context
def retract(ctx, obs_id, reason):
    """Retract an observation: it stays in the history, marked retracted with the reason."""
    require_writable()
    entry.retract(open_store(ctx), obs_id, reason, catalogue=base.catalogue(ctx))
    click.echo(_("retracted {id}").format(id=obs_id))


@click.command(name="import")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--template", is_flag=True,
              help=f"Write an empty template to FILE (default {imports.TEMPLATE_NAME}) instead of importing.")
@click.option("--by", "entered_by", help="Who entered rows whose entered_by cell is empty.")
@click.option("--allow-duplicate", is_flag=True, help="Save rows that repeat a recorded figure.")
@click.pass_context
def import_(ctx, file, template, entered_by, allow_duplicate):
    """Import observations from a .csv or .xlsx file: every row is checked first, then all are saved
    in one transaction, or none.

    Columns: indicator_id,value,period_start,period_end,qualifier,value_low,value_high,source_url,note,entered_by
    (optional: note_confidential, source_confidential, citation). Example: barometer import figures.xlsx
    """
    if template:
        click.echo(_("wrote {path}").format(path=imports.write_template(file or imports.TEMPLATE_NAME)))
        return
    if file is None:
        raise click.UsageError(_("give a FILE to import, or {option}").format(option="--template"))
    require_writable()
    if not file.exists():
        raise click.BadParameter(_("{name} does not exist").format(name=repr(str(file))), param_hint="FILE")
    def lines():
        for number, record in imports.iter_lines(file):
            if entered_by and not record.get("entered_by"):
                record = {**record, "entered_by": entered_by}
            yield number, record

    store = open_store(ctx)
    catalogue = base.catalogue(ctx)
    total = sum(1 for _ in imports.iter_lines(file))
    if total < PROGRESS_MIN_ROWS:
        ids = entry.import_lines(store, catalogue, lines(), allow_duplicate=allow_duplicate)
    else:
        label = ngettext("checking {n} row", "checking {n} rows", total).format(n=count(total))
        with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
            ids = entry.import_lines(store, catalogue, lines(), allow_duplicate=allow_duplicate,
                                     progress=bar.update)
    click.echo(ngettext("imported {n} observation from {file} (ids {first}–{last})",
                        "imported {n} observations from {file} (ids {first}–{last})", len(ids)).format(
        n=count(len(ids)), file=file, first=ids[0], last=ids[-1]))
