"""`barometer copy-db SOURCE TARGET`: a whole database moved between backends, verified table by table."""
from __future__ import annotations

import click

from .. import access
from ..store import Store, display
from ..store.copying import CopyMismatch, TableCheck


def render(checks: list[TableCheck]) -> str:
    width = max(len(c.table) for c in checks)
    lines = [f"{'table':<{width}}  {'rows':>9}  {'checksum (sha256 of every row)':<64}  copy"]
    for c in checks:
        verdict = "ok" if c.ok else f"MISMATCH: {c.target_rows:,} rows, {c.target_checksum[:16]}…"
        lines.append(f"{c.table:<{width}}  {c.rows:>9,}  {c.checksum}  {verdict}")
    return "\n".join(lines)


@click.command("copy-db")
@click.argument("source", metavar="SOURCE")
@click.argument("target", metavar="TARGET")
def copy_db(source: str, target: str) -> None:
    """Copy a whole database into a new or empty one: SQLite file or postgresql:// URL, either way.

    Every table is copied with its ids and full history (observations with their revisions and statuses,
    events, collector runs, archived payloads, alerts and their deliveries, the schema's versions), through
    the target's own append-only rules; then each table's row count and a checksum of every row are compared
    with the source's. The copy is committed only if all match. A TARGET that holds any row is refused.

    Example: barometer copy-db data.db postgresql://barometer@db.example.org/barometer
    """
    access.require_writable()
    click.echo(f"copying {display(source)} into {display(target)}")
    try:
        checks = Store.copy(source, target)
    except CopyMismatch as exc:
        click.echo(render(exc.checks))
        raise click.ClickException(str(exc)) from exc
    click.echo(render(checks))
    click.echo(f"copied and verified: {sum(c.rows for c in checks):,} rows in {len(checks)} tables")
