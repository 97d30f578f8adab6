"""The `barometer` command: a thin layer over the library. Exit codes: 0 ok, 2 bad input, 1 other failure."""
from __future__ import annotations

import json
import math
import sys
from datetime import date

import click

from . import access
from .baseline import Estimate, Interval
from .catalogue import load_catalogue
from .confidentiality import visible_rows
from .formatting import format_baseline, format_change, format_period, format_value, latest_values, verdict_word
from .seed import initialize
from .store import NotFound, SchemaTooNew, Store, StoreError, default_path
from .summary import IndicatorSummary, summarize
from .text_policy import json_safe, printable
from .validation import ValidationError


class BadInput(click.ClickException):
    """Bad input: a clear message, nothing written, exit code 2."""

    exit_code = 2

    def __init__(self, message: str):
        super().__init__(printable(message))  # input echoed back never drives the terminal


class BarometerGroup(click.Group):
    """Turns the library's exceptions into the exit codes the CLI promises."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ValidationError as exc:
            where = f"record {exc.index + 1}: " if exc.index is not None else ""
            raise BadInput(f"invalid input, nothing saved: {where}{exc}") from exc
        except (access.ReadOnlyError, NotFound) as exc:
            raise BadInput(str(exc)) from exc
        except SchemaTooNew as exc:
            raise click.ClickException(printable(str(exc))) from exc
        except StoreError as exc:
            raise BadInput(str(exc)) from exc
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:  # noqa: BLE001 - the promise is exit 1 with a message, not a traceback
            raise click.ClickException(printable(f"{type(exc).__name__}: {exc}")) from exc


@click.group(cls=BarometerGroup)
@click.option("--db", "db_path", envvar="BAROMETER_DB", default=None, metavar="PATH",
              help="SQLite database file (default: $BAROMETER_DB or ./data.db).")
@click.version_option(package_name="legitimacy-barometer")
@click.pass_context
def cli(ctx: click.Context, db_path: str | None) -> None:
    """Track indirect indicators of a regime's legitimacy against the 2020 baseline."""
    ctx.ensure_object(dict)
    ctx.obj["db_path"] = db_path or default_path()


def open_store(ctx: click.Context) -> Store:
    store = Store.open(ctx.obj["db_path"])
    ctx.call_on_close(store.close)
    return store


@cli.command()
@click.pass_context
def init(ctx: click.Context) -> None:
    """Create or migrate the database and load the catalogue, the paper's figures and events.

    Running it again adds nothing; catalogue edits are brought in without touching observations.
    """
    access.require_writable()
    store = open_store(ctx)
    report = initialize(store, load_catalogue())
    click.echo(f"{store.path}: indicators +{report.indicators_added} (~{report.indicators_changed} updated), "
               f"observations +{report.observations_added} (~{report.observations_revised} revised), "
               f"events +{report.events_added}")


def _bound(x: float) -> float | None:
    return None if math.isinf(x) else x


def _interval_json(iv: Interval | None) -> dict | None:
    return None if iv is None else {"low": _bound(iv.lo), "high": _bound(iv.hi)}


def _estimate_json(est: Estimate | None) -> dict | None:
    if est is None:
        return None
    return {"interval": _interval_json(est.interval), "basis": est.basis, "period_start": est.period_start,
            "period_end": est.period_end, "observations": est.observations, "fallback": est.fallback,
            "pinned": est.pinned}


def summary_json(s: IndicatorSummary) -> dict:
    return {
        "id": s.indicator.id, "name": s.indicator.name, "family": s.indicator.family, "unit": s.indicator.unit,
        "kind": s.indicator.kind, "worse_when": s.indicator.worse_when,
        "latest": [{k: r[k] for k in ("id", "value", "value_low", "value_high", "qualifier", "period_start",
                                      "period_end", "source_url")}
                   for r in visible_rows(s.latest, editor=not access.is_readonly())],
        "latest_text": "; ".join(format_value(r, s.unit) for r in s.latest) or None,
        "current": _estimate_json(s.current), "baseline": _estimate_json(s.baseline),
        "change": None if s.change is None else {
            "absolute": _interval_json(s.change.absolute), "relative": _interval_json(s.change.relative),
            "text": format_change(s.change, s.unit)},
        "verdict": s.verdict, "freshness": s.freshness, "age_days": s.age_days, "sources": s.sources,
    }


def render_table(headers: list[str], rows: list[list[str]]) -> str:
    """A plain-text table; stored text is shown with its control characters escaped, never obeyed."""
    rows = [[printable(c) for c in r] for r in rows]
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)])


def _latest_text(s: IndicatorSummary) -> str:
    if not s.latest:
        return "no data"
    return f"{latest_values(s.latest, s.unit)} ({format_period(s.latest[0]['period_start'], s.latest[0]['period_end'])})"


@cli.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--family", default=None, help="Only this family.")
@click.pass_context
def list_(ctx: click.Context, as_json: bool, family: str | None) -> None:
    """Every indicator with its latest value, 2020 baseline, change and verdict."""
    catalogue = load_catalogue()
    if family is not None and family not in catalogue.families:
        raise BadInput(f"family: {family!r} is not one of {', '.join(catalogue.families)}")
    summaries = [s for s in summarize(open_store(ctx), catalogue, today=date.today())
                 if family is None or s.indicator.family == family]
    if as_json:
        click.echo(json_safe(json.dumps([summary_json(s) for s in summaries], ensure_ascii=False, indent=2)))
        return
    for fam_id, fam in catalogue.families.items():
        rows = [[s.indicator.id, _latest_text(s), format_baseline(s.baseline, s.unit), format_change(s.change, s.unit),
                 verdict_word(s.verdict), s.freshness] for s in summaries if s.indicator.family == fam_id]
        if rows:
            click.echo(f"\n{fam.name}")
            click.echo(render_table(["indicator", "latest", "baseline 2020", "change", "verdict", "freshness"], rows))


@cli.command()
@click.argument("indicator_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_context
def show(ctx: click.Context, indicator_id: str, as_json: bool) -> None:
    """An indicator's observations with sources, status and history."""
    catalogue = load_catalogue()
    if indicator_id not in catalogue.indicators:
        raise BadInput(f"indicator_id: {indicator_id!r} is not in the catalogue")
    store = open_store(ctx)
    ind = catalogue.get(indicator_id)
    (summary,) = summarize(store, catalogue, indicator_ids=[indicator_id])
    rows = store.observations(indicator_id, include_inactive=True)
    rows = visible_rows(rows, editor=not access.is_readonly())
    if as_json:
        click.echo(json_safe(json.dumps({"summary": summary_json(summary), "observations": rows}, ensure_ascii=False,
                                        indent=2)))
        return
    unit = catalogue.units[ind.unit]
    click.echo(printable(f"{ind.name} ({ind.id})"))
    click.echo(printable(f"family {ind.family} · unit {ind.unit} · {ind.kind} · worse when {ind.worse_when} · "
                         f"{ind.cadence}"))
    click.echo(printable(ind.definition))
    click.echo(f"baseline 2020: {format_baseline(summary.baseline, summary.unit)}   latest: {_latest_text(summary)}   "
               f"change: {format_change(summary.change, unit)}   verdict: {verdict_word(summary.verdict)}")
    click.echo("")
    table = []
    for r in rows:
        status = r["status"] + (f" ({r['status_reason']})" if r["status_reason"] else "")
        if r["supersedes"]:
            status += f" · corrects #{r['supersedes']}"
        table.append([str(r["id"]), format_period(r["period_start"], r["period_end"]), format_value(r, unit),
                      r["source_url"] or "[confidential]", f"{r['entered_by']} {r['entered_at'][:16]}", status])
    click.echo(render_table(["id", "period", "value", "source", "entered", "status"], table) if table
               else "no observations")


from . import entry_cli, snapshot_cli  # noqa: E402 - the commands register on the group defined above

cli.add_command(entry_cli.add)
cli.add_command(entry_cli.correct)
cli.add_command(entry_cli.retract)
cli.add_command(entry_cli.import_)
cli.add_command(snapshot_cli.snapshot)

from collectors.cli import collect, reparse, schedule  # noqa: E402 - registered after cli is defined

cli.add_command(collect)
cli.add_command(reparse)
cli.add_command(schedule)

from dashboard.cli import dashboard  # noqa: E402 - the command lives with the dashboard

cli.add_command(dashboard)


def main() -> None:
    sys.exit(cli.main(prog_name="barometer") or 0)


if __name__ == "__main__":
    main()
