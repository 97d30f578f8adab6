"""The collection commands of `barometer`: collect, reparse, schedule (gathered by indicators/cli/main.py)."""
from __future__ import annotations

import sys

import click

from indicators import access, settings
from indicators.model.catalogue import load_catalogue
from indicators.cli.base import BadInput, catalogue, open_store
from indicators.languages.i18n import _
from indicators.store import EMPTY_RUN, SUCCEEDED_RUN
from indicators.model.text_policy import printable

from .registry import REGISTRY
from .history import initialize_all
from .jobs import run_scheduler
from .runner import reparse as reparse_source
from .runner import run_collect

DATE = click.DateTime(formats=["%Y-%m-%d"])


class _Bars:
    """A progress bar per source, on stderr, created when the source reports its first payload."""

    def __init__(self):
        self.bars = {}

    def __call__(self, source: str, done: int, total: int) -> None:
        bar = self.bars.get(source)
        if bar is None:
            bar = self.bars[source] = click.progressbar(length=total, label=source, file=sys.stderr)
            bar.__enter__()
        bar.update(1)
        if done >= total:
            bar.__exit__(None, None, None)


def _check_sources(ctx, sources, catalogue_path):
    unknown = [s for s in sources if s not in REGISTRY]
    if unknown:
        raise BadInput("SOURCE: " + _("{value} is not one of {choices}").format(value=repr(unknown[0]),
                                                                               choices=", ".join(REGISTRY)))
    return load_catalogue(catalogue_path or ctx.find_root().obj.get("catalogue_path"))


def _failed(source: str, run_id: int, error: str) -> str:
    return _("{source}: FAILED (run {run}): {error}").format(source=source, run=run_id, error=error)


def _report(results) -> None:
    for r in results:
        if r.status == "ok":
            done = _("{source}: ok, {added} added, {revised} revised from {payloads} payload(s) (run {run})")
            click.echo(done.format(source=r.source, added=r.added, revised=r.revised, payloads=r.payloads,
                                   run=r.run_id))
        elif r.status == EMPTY_RUN:
            click.echo(_("{source}: found nothing, which is not a failure: {why} (run {run})").format(
                source=r.source, why=printable(r.error), run=r.run_id))
        else:
            click.echo(_failed(r.source, r.run_id, printable(r.error)), err=True)  # remote text
    if any(r.status not in SUCCEEDED_RUN for r in results):
        sys.exit(1)


@click.command()
@click.pass_context
def init(ctx: click.Context) -> None:
    """Create or migrate the database; load the catalogue, the paper's and cited figures, events, and the
    recorded history (each file through its source's parser, as if collected).

    Running it again adds nothing; catalogue edits are brought in without touching observations.
    """
    access.require_writable()
    store = open_store(ctx)
    report, history = initialize_all(store, catalogue(ctx))
    added = sum(r.added for r in history.loaded)
    click.echo(_("{path}: indicators +{indicators} (~{changed} updated), observations +{observations} (~{revised} "
                 "revised), events +{events}; history: {files} file(s) loaded (+{added} observations), {skipped} "
                 "already loaded").format(
        path=store.path, indicators=report.indicators_added, changed=report.indicators_changed,
        observations=report.observations_added, revised=report.observations_revised, events=report.events_added,
        files=len(history.loaded), added=added, skipped=history.skipped))
    if report.corrections_applied:
        click.echo(_("shipped figures corrected or retracted, each as a revision: {n}").format(
            n=report.corrections_applied))
    for r in history.failed:
        click.echo(_failed(r.source, r.run_id, r.error), err=True)
    if history.failed:
        sys.exit(1)


@click.command()
@click.argument("sources", nargs=-1, metavar="[SOURCE]...")
@click.option("--since", type=DATE, help="First day to collect (default: a week before the latest collected).")
@click.option("--until", type=DATE, help="Last day to collect (default: today).")
@click.option("--from-file", "from_file", type=click.Path(exists=True, dir_okay=False),
              help="Parse a payload saved exactly as the API returned it, without the network.")
@click.option("--url", help="With --from-file: the request the file answers (default: the source's first request).")
@click.option("--catalogue", "catalogue_path", type=click.Path(exists=True, dir_okay=False),
              envvar=settings.CATALOGUE.name, help="Catalogue TOML (default: the packaged one).")
@click.pass_context
def collect(ctx, sources, since, until, from_file, url, catalogue_path):
    """Fetch new observations from public sources (default: every scheduled source).

    Each source is one logged run: its payloads are archived, parsed, validated and upserted
    in one transaction, so a failed run writes nothing but its log row.

    Example: barometer collect nbrb worldbank --since 2020-01-01
    """
    access.require_writable()
    catalogue = _check_sources(ctx, sources, catalogue_path)
    if from_file and len(sources) != 1:
        raise BadInput("--from-file: " + _("name exactly one SOURCE the file came from"))
    if url and not from_file:
        raise BadInput("--url: " + _("only meaningful with {option}").format(option="--from-file"))
    if since and until and since > until:
        raise BadInput("--since: " + _("{start} is after --until {end}").format(start=f"{since:%Y-%m-%d}",
                                                                               end=f"{until:%Y-%m-%d}"))
    store = open_store(ctx)
    results = run_collect(store, catalogue, list(sources) or None, since and since.date(),
                          until and until.date(), from_file, _Bars(), url=url)
    _report(results)


@click.command()
@click.argument("source", metavar="SOURCE")
@click.option("--catalogue", "catalogue_path", type=click.Path(exists=True, dir_okay=False),
              envvar=settings.CATALOGUE.name, help="Catalogue TOML (default: the packaged one).")
@click.pass_context
def reparse(ctx, source, catalogue_path):
    """Parse every archived payload of SOURCE again with the current parser.

    Changed figures become revisions that supersede the old rows; nothing is overwritten.

    Example: barometer reparse ooni
    """
    access.require_writable()
    catalogue = _check_sources(ctx, [source], catalogue_path)
    _report([reparse_source(open_store(ctx), catalogue, source, progress=_Bars())])


@click.command()
@click.option("--once", is_flag=True, help="Run every due job once and exit.")
@click.pass_context
def schedule(ctx, once):
    """Run each source's collection at its cadence until SIGTERM or Ctrl-C.

    Start as many as you like against one database: one is active and runs the jobs, the others stand by and
    take over within a minute if it dies. With --once, nothing runs while another scheduler is active.

    Example: barometer schedule --once
    """
    access.require_writable()
    results = run_scheduler(ctx.find_root().obj["db_path"], once=once,
                            catalogue_path=ctx.find_root().obj.get("catalogue_path"))
    if once and any(r is None or r.status not in SUCCEEDED_RUN for r in results):
        sys.exit(1)
