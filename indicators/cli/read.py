"""`barometer list | show`: where each indicator stands."""
from __future__ import annotations

import json
from datetime import date

import click

from .. import access
from ..languages import i18n
from ..readings.baseline import Estimate, Interval
from ..confidentiality import WITHHELD, visible_rows
from ..readings.formatting import (format_change, format_period, format_value, latest_values, published_bounds,
                                   status_text)
from ..languages.i18n import _
from ..readings.reading import reading
from ..readings.summary import IndicatorSummary, summarize
from ..model.text_policy import json_safe, printable
from ..model.validation import unknown_id
from ..model.catalogue_translations import cadence_label, localize_note
from ..model.vocabulary import freshness_word, kind_word, worse_when_words
from . import base
from .base import BadInput, lang_option, open_store


def _interval_json(iv: Interval | None) -> dict | None:
    if iv is None:
        return None
    low, high = published_bounds(iv)
    return {"low": low, "high": high}


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
        "latest_text": latest_values(s.latest, s.unit) if s.latest else None,
        "current": _estimate_json(s.current), "baseline": _estimate_json(s.baseline),
        "change": None if s.change is None else {
            "absolute": _interval_json(s.change.absolute), "relative": _interval_json(s.change.relative),
            "text": format_change(s.change, s.unit)},
        "verdict": s.verdict, "verdict_text": reading(s).verdict, "note": reading(s).note,
        "basis": s.indicator.basis, "latest_on_basis": reading(s).latest, "baseline_text": reading(s).baseline,
        "freshness": s.freshness, "age_days": s.age_days, "sources": s.sources,
    }


def render_table(headers: list[str], rows: list[list[str]]) -> str:
    """A plain-text table; stored text is shown with its control characters escaped, never obeyed."""
    rows = [[printable(c) for c in r] for r in rows]
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)])


def _latest_text(s: IndicatorSummary, r=None) -> str:
    r = r or reading(s)
    return f"{r.latest} ({r.period})" if r.period else r.latest


def _list_row(s: IndicatorSummary) -> list[str]:
    r = reading(s)  # once per indicator: every cell of the row reads from it
    return [s.indicator.id, _latest_text(s, r), r.baseline, r.change, r.verdict, freshness_word(s.freshness)]


@click.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--family", default=None, help="Only this family.")
@lang_option
@click.pass_context
def list_(ctx: click.Context, as_json: bool, family: str | None) -> None:
    """Every indicator with its latest value, 2020 baseline, change and verdict."""
    catalogue = base.catalogue(ctx, localized=True)
    if family is not None and family not in catalogue.families:
        raise BadInput("family: " + _("{value} is not one of {choices}").format(
            value=repr(family), choices=", ".join(catalogue.families)))
    summaries = [s for s in summarize(open_store(ctx), catalogue, today=date.today())
                 if family is None or s.indicator.family == family]
    if as_json:
        click.echo(json_safe(json.dumps([summary_json(s) for s in summaries], ensure_ascii=False, indent=2)))
        return
    for fam_id, fam in catalogue.families.items():
        rows = [_list_row(s) for s in summaries if s.indicator.family == fam_id]
        if rows:
            click.echo(f"\n{fam.name}")
            click.echo(render_table([_("indicator"), _("latest"), _("baseline 2020"), _("change"), _("verdict"),
                                     _("freshness")], rows))


@click.command()
@click.argument("indicator_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@lang_option
@click.pass_context
def show(ctx: click.Context, indicator_id: str, as_json: bool) -> None:
    """An indicator's observations with sources, status, history and notes."""
    catalogue = base.catalogue(ctx, localized=True)
    if indicator_id not in catalogue.indicators:
        raise BadInput("indicator_id: " + unknown_id(indicator_id, catalogue.indicators))
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
    lang = i18n.data_language()
    click.echo(printable(f"{ind.name} ({ind.id})"))
    cadence = cadence_label(catalogue, ind.cadence, lang)
    click.echo(printable(_("family: {family} · unit: {unit} · {kind} · {direction} · {cadence}").format(
        family=catalogue.families[ind.family].name, unit=unit.label, kind=kind_word(ind.kind),
        direction=worse_when_words(ind.worse_when), cadence=cadence)))
    click.echo(printable(ind.definition))
    r = reading(summary)
    verdict = r.verdict + (f" ({r.note})" if r.note else "")
    line = _("baseline 2020: {baseline}   latest: {latest}   change: {change}   verdict: {verdict}")
    click.echo(printable(line.format(baseline=r.baseline, latest=_latest_text(summary), change=r.change,
                                     verdict=verdict)))
    click.echo("")
    table = []
    for r in rows:
        status = status_text(r)
        table.append([str(r["id"]), format_period(r["period_start"], r["period_end"]), format_value(r, unit),
                      r["source_url"] or _(WITHHELD), f"{r['entered_by']} {r['entered_at'][:16]}", status])
    click.echo(render_table([_("id"), _("period"), _("value"), _("source"), _("entered"), _("status")], table)
               if table else _("no observations"))
    notes = [[str(r["id"]), localize_note(r["note"], lang, catalogue, collector=r["collector"])] for r in rows
             if r["note"]]
    if notes:
        click.echo("")
        click.echo(render_table([_("id"), _("note")], notes))

