"""`barometer check`: the store's integrity, read-only; exit 1 on any failure."""
from __future__ import annotations

import json

import click

from ..languages.i18n import _
from ..store import Store
from ..store.integrity import check as check_store
from ..model.text_policy import printable


@click.command("check")
@click.option("--json", "as_json", is_flag=True, help="The report as JSON.")
@click.pass_context
def check(ctx: click.Context, as_json: bool) -> None:
    """Check the database: its schema version, its append-only rules (triggers, and on PostgreSQL the functions
    they call) against those the migrations made, the rows of each table, and every archived payload's bytes
    against its sha256. Writes nothing; exits 1 if anything is wrong.

    Example: barometer --db data.db check
    """
    with Store(ctx.find_root().obj["db_path"], migrate=False, readonly=True) as store:
        report = check_store(store)
        where = store.path
    if as_json:
        click.echo(json.dumps(report.as_json(), indent=2, ensure_ascii=True))
    else:
        click.echo(_("{db}: schema version {version} (this barometer knows up to {known})").format(
            db=where, version=report.version, known=report.known))
        for table, rows in report.rows.items():
            click.echo(f"  {table}: {rows}")
        click.echo(_("append-only rules checked: {rules}; archived payloads hashed again: {payloads}").format(
            rules=report.rules, payloads=report.payloads))
        for failure in report.failures:
            click.echo(printable(_("FAILED: {failure}").format(failure=failure)), err=True)
        if report.ok:
            click.echo(_("ok: nothing is wrong"))
    if not report.ok:
        ctx.exit(1)
