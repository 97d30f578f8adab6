"""`barometer publish OUT.db`: a public copy of the database, safe to share, for Datasette or any SQLite reader."""
from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import click

from ..languages.i18n import _, data_language
from ..public.database import metadata_path, publish as publish_copy
from ..store import is_url
from ..model.validation import DATE_MAX, DATE_MIN, outside_dates
from .base import BadInput, catalogue, lang_option, open_store

_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def parse_as_of(text: str | None, today: date) -> date:
    """--as-of: a day (YYYY-MM-DD), not after today (nothing is known of later days); default today."""
    if text is None:
        return today
    try:
        if not _DAY.match(text.strip()):
            raise ValueError
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise BadInput("--as-of: " + _("{value} is not a day; expected YYYY-MM-DD, e.g. 2024-12-31").format(
            value=repr(text))) from None
    if not DATE_MIN <= day <= DATE_MAX:
        raise BadInput("--as-of: " + outside_dates(text.strip()))
    if day > today:
        raise BadInput("--as-of: " + _("{day} is after today ({today}): nothing is known of it yet").format(
            day=day.isoformat(), today=today.isoformat()))
    return day


def check_out(out: Path, db_path: str, *, force: bool) -> None:
    """OUT: a file in a folder that exists, never the database being published, replaced only with --force."""
    if out.is_dir():
        raise BadInput("OUT: " + _("{path} is a folder; name the file to write, e.g. {example}").format(
            path=str(out), example=str(out / "barometer-public.db")))
    if not out.parent.is_dir():
        raise BadInput("OUT: " + _("the folder {folder} does not exist").format(folder=str(out.parent)))
    if not is_url(db_path) and out.exists() and os.path.exists(db_path) and os.path.samefile(out, db_path):
        raise BadInput("OUT: " + _("{path} is the database being published; write the public copy to another "
                                   "file").format(path=str(out)))
    if out.exists() and not force:
        raise BadInput("OUT: " + _("{path} exists; add --force to replace it").format(path=str(out)))


@click.command()
@click.argument("out", metavar="OUT.db", type=click.Path(path_type=Path))
@click.option("--as-of", "as_of_text", default=None, metavar="YYYY-MM-DD",
              help="The day the copy reads: figures for periods ending by then, each indicator's reading on it "
                   "(default: today).")
@click.option("--force", is_flag=True, help="Replace an existing OUT file.")
@lang_option
@click.pass_context
def publish(ctx: click.Context, out: Path, as_of_text: str | None, force: bool) -> None:
    """Write a public copy of the database to OUT.db, safe to share, and its Datasette metadata beside it
    (OUT.metadata.json).

    The copy holds the indicators (in the --lang language and in English), every public observation as the
    dashboard shows it to the public (confidential notes, sources and their citations withheld), each
    indicator's reading on the --as-of day, events, families, units, sources with the licences their recorded
    datasets state, and the archived payloads' metadata (never their bodies), with full-text search over names,
    notes and citations. Never the audit trail, the collector log or the payload archive.

    The same database and --as-of give the same bytes, so a copy can be cited and compared.

    \b
    Example, then serving it:
      barometer publish barometer-public.db --as-of 2024-12-31 --lang be
      datasette barometer-public.db -m barometer-public.metadata.json
    """
    as_of = parse_as_of(as_of_text, date.today())
    db_path = ctx.find_root().obj["db_path"]
    check_out(out, str(db_path), force=force)
    tables = publish_copy(open_store(ctx), catalogue(ctx), out, as_of=as_of, lang=data_language())
    click.echo(_("{path}: {indicators} indicators, {observations} observations, {events} events, as of {date}").format(
        path=str(out), indicators=len(tables.indicators), observations=len(tables.observations),
        events=len(tables.events), date=as_of.isoformat()))
    click.echo(_("serve it with: datasette {path} -m {metadata}").format(path=str(out),
                                                                       metadata=str(metadata_path(out))))
