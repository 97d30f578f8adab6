"""The `barometer` entry point. The core's own commands are named here with their help lines; other packages
(collectors, dashboard) add theirs through the `barometer.commands` entry-point group in pyproject.toml, so the
core never names them. Each command's module is imported only when it runs."""
from __future__ import annotations

import os
import sys

import click

from ..languages import i18n
from .. import settings
from ..store import default_path
from .base import BarometerGroup, LazyCommand, lang_option

COMMANDS = {
    "list": LazyCommand("indicators.cli.read:list_", "Every indicator: latest value, baseline, change, verdict."),
    "show": LazyCommand("indicators.cli.read:show", "An indicator's observations with sources, status and history."),
    "add": LazyCommand("indicators.cli.entry:add", "Record a figure from a report, with its source and period."),
    "correct": LazyCommand("indicators.cli.entry:correct", "Correct an observation: a new row supersedes it."),
    "retract": LazyCommand("indicators.cli.entry:retract", "Retract an observation, with a reason."),
    "import": LazyCommand("indicators.cli.entry:import_", "Import figures from a .csv or .xlsx file: all or none."),
    "snapshot": LazyCommand("indicators.cli.snapshot:snapshot", "Write a week's brief and data files."),
    "publish": LazyCommand("indicators.cli.publish:publish", "Write a public copy of the database, safe to share."),
    "changes": LazyCommand("indicators.cli.changes:changes", "What changed in a span of weeks, each change explained."),
    "alerts": LazyCommand("indicators.cli.alerts:alerts", "Open alerts; an Atom feed of them; acknowledge one."),
    "copy-db": LazyCommand("indicators.cli.copy_db:copy_db", "Copy a whole database to another backend, verified."),
    "check": LazyCommand("indicators.cli.check:check", "Check the database's integrity: rules, rows, payloads."),
}


@click.group(cls=BarometerGroup, lazy=COMMANDS, plugins="barometer.commands")
@click.option("--db", "db_path", envvar=settings.DB.name, default=None, metavar="PATH|URL",
              help="SQLite database file or postgresql:// URL (default: $BAROMETER_DB or ./data.db).")
@click.option("--catalogue", "catalogue_path", envvar=settings.CATALOGUE.name, default=None, metavar="TOML",
              type=click.Path(exists=True, dir_okay=False),
              help="Catalogue file (default: $BAROMETER_CATALOGUE or the one shipped).")
@lang_option
@click.version_option(package_name="legitimacy-barometer")
@click.pass_context
def cli(ctx: click.Context, db_path: str | None, catalogue_path: str | None) -> None:
    """Track indirect indicators of a regime's legitimacy against the 2020 baseline.

    Output reads in English, Belarusian or Russian: --lang here for every command, or on list, show, changes
    and snapshot; $BAROMETER_LANG sets the default.
    """
    i18n.default_language()  # a mistyped $BAROMETER_LANG is bad input, named, before anything runs
    ctx.ensure_object(dict)
    ctx.obj["db_path"] = db_path or default_path()
    ctx.obj["catalogue_path"] = os.path.abspath(catalogue_path) if catalogue_path else None


def main() -> None:
    sys.exit(cli.main(prog_name="barometer") or 0)


if __name__ == "__main__":
    main()
