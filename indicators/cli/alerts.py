"""`barometer alerts`: the open alerts (evaluated first), an Atom feed of them, and acknowledging one."""
from __future__ import annotations

import json
from pathlib import Path

import click

from .. import access
from ..reports import alerts as al
from ..reports import alert_feed as af
from ..reports import alert_view as av
from ..languages.i18n import _, count, ngettext
from ..model.text_policy import json_safe, printable
from . import base
from .base import BadInput, open_store
from .entry import default_enterer


def _minute(at: str) -> str:
    return at[:16].replace("T", " ")


def render_text(rows: list[dict], *, everything: bool) -> str:
    if not rows:
        return _("No alerts.") if everything else _("No open alerts.")
    acknowledged = sum(r["status"] == av.ACKNOWLEDGED for r in rows)
    head = (ngettext("{n} alert", "{n} alerts", len(rows)).format(n=count(len(rows))) if everything else
            ngettext("{n} open alert ({acknowledged} acknowledged)", "{n} open alerts ({acknowledged} acknowledged)",
                     len(rows)).format(n=count(len(rows)), acknowledged=count(acknowledged)))
    lines = [head]
    for r in rows:
        opened = _("opened {at} UTC").format(at=_minute(r["opened_at"]))
        line = f"#{r['id']}  {av.status_word(r['status'])}  {opened}  [{av.rule_name(r['rule'])}]  {r['title']}"
        if r["status"] == av.ACKNOWLEDGED and not everything:  # seen already: one line
            lines += ["", line + "  " + _("(acknowledged by {by})").format(by=r["acknowledged_by"])]
            continue
        lines += ["", line, f"    {r['explanation']}"]
        if r["acknowledged_at"]:
            lines.append("    " + _("Acknowledged by {by} at {at} UTC.").format(by=r["acknowledged_by"],
                                                                             at=_minute(r["acknowledged_at"])))
        if r["resolved_at"]:
            lines.append("    " + _("Resolved {at} UTC.").format(at=_minute(r["resolved_at"])) + f" {r['resolution']}")
    return "\n".join(printable(line) for line in lines)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.option("--all", "everything", is_flag=True, help="Resolved alerts too, the latest first.")
@click.option("--feed", "feed_path", default=None, type=click.Path(dir_okay=False, path_type=Path),
              help="Also write an Atom feed of the latest alerts to this file.")
@click.option("--acknowledge", "acknowledge_id", type=int, default=None, metavar="ID",
              help="Acknowledge alert ID (with --by).")
@click.option("--by", "by", default=None,
              help="Who acknowledges (required with --acknowledge, unless $BAROMETER_USER is set).")
@click.option("--no-evaluate", is_flag=True, help="List what is stored without evaluating the rules first.")
@click.pass_context
def alerts(ctx: click.Context, as_json: bool, everything: bool, feed_path: Path | None, acknowledge_id: int | None,
           by: str | None, no_evaluate: bool) -> None:
    """The open alerts, each explained: its indicator, figures, baseline, rule and public sources.

    The rules (catalogue: [alerts]) are evaluated first unless the deployment is read-only: conditions that
    began open an alert, those that ended resolve theirs, and new events go to $BAROMETER_WEBHOOK_URL if set.

    Example: barometer alerts --feed alerts.xml
    """
    store = open_store(ctx)
    catalogue = base.catalogue(ctx)
    if acknowledge_id is not None:
        row = al.acknowledge(store, acknowledge_id, by if by is not None else default_enterer())
        click.echo(printable(_("acknowledged alert {id} by {by} at {at}").format(
            id=row["id"], by=row["acknowledged_by"], at=row["acknowledged_at"])), err=as_json)
    elif by is not None:
        raise BadInput("--by: " + _("only meaningful with {option}").format(option="--acknowledge"))
    if not no_evaluate and not access.is_readonly():
        result = al.evaluate(store, catalogue)
        if result.opened or result.resolved or result.failed:
            webhook = _("; webhook: {delivered} delivered, {failed} failed").format(
                delivered=result.delivered, failed=result.failed) if result.delivered or result.failed else ""
            click.echo(_("evaluated: {opened} opened, {resolved} resolved").format(
                opened=len(result.opened), resolved=len(result.resolved)) + webhook, err=True)
    if feed_path is not None:
        if feed_path.exists() and feed_path.is_dir():
            raise BadInput("--feed: " + _("{path} is a folder").format(path=feed_path))
        written = af.write_feed(store, feed_path, catalogue=catalogue)
        click.echo(_("wrote {path}").format(path=written), err=True)
    rows = [av.public_alert(a) for a in store.alerts(include_resolved=everything)]
    if as_json:
        click.echo(json_safe(json.dumps(rows, ensure_ascii=False, indent=2)))
        return
    click.echo(render_text(rows, everything=everything))
