"""The dashboard's charts in words: which dates the indicator page's chart covers, the sentence that says what
it shows, how to read it, its rows as a table, and the overview's and the events page's charts as sentences and
tables. No Streamlit here, so every sentence is tested directly; text from people stays plain text."""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from indicators.model.catalogue import Unit
from indicators.readings.formatting import basis_text, format_number, unit_suffix
from indicators.languages.i18n import N_, _, count, ngettext
from indicators.readings.reading import reading
from indicators.readings.summary import IndicatorSummary
from indicators.model.text_policy import neutralize
from indicators.model.vocabulary import (NOTHING_NEWER, NO_COMPARISON, VERDICTS, verdict_label, verdict_word,
                                         word_for)

from .chart_frames import Shown
from .dates import period_phrase
from .views import is_link


# -- the indicator page's chart: which dates, and what it shows in one sentence ----------------------

RANGES = {"data": N_("the data's span"), "since_2020": N_("2020 to now"), "chosen": N_("other dates")}


def chart_range(choice: str, first: str | None, last: str | None, today: date, since: str,
                chosen: tuple[date, date] | None = None) -> tuple[date, date]:
    """The dates the chart shows: the data's own span (the default; the baseline window's start to today
    when there is no data), `since` (the baseline window's start) to today, or the dates chosen."""
    start_2020 = date.fromisoformat(since)
    if choice == "chosen" and chosen:
        return chosen
    if choice == "since_2020" or not first or not last:
        return start_2020, max(today, start_2020)
    return date.fromisoformat(first), date.fromisoformat(last)


def _amount(value: float, unit: Unit, flow: bool) -> str:
    return format_number(value, unit) + unit_suffix(unit) + (basis_text("per_30_days") if flow else "")


def _drawn(grain: str, n: int) -> str:
    """"the chart shows 7 figures {when}, {values}": what a chart draws, counted in the grain's own words."""
    if grain == "day":
        return ngettext("the chart shows {n} daily value {when}, {values}",
                        "the chart shows {n} daily values {when}, {values}", n)
    if grain == "week":
        return ngettext("the chart shows {n} weekly value {when}, {values}",
                        "the chart shows {n} weekly values {when}, {values}", n)
    if grain == "month":
        return ngettext("the chart shows {n} monthly value {when}, {values}",
                        "the chart shows {n} monthly values {when}, {values}", n)
    return ngettext("the chart shows {n} figure {when}, {values}", "the chart shows {n} figures {when}, {values}", n)


def chart_sentence(s: IndicatorSummary, shown: Shown) -> str:
    """One sentence saying what the indicator's chart says, in the words every surface uses
    (indicators/readings/reading.py): where the latest figure stands against the 2020 baseline, then what the chart
    draws. "Arbitrary detentions: ≥ 450 per 30 days (≥ 1,140 in 76 days) from 6 May to 20 July 2020, the 2020
    baseline's own figure: nothing newer; the chart shows 1 figure from 6 May to 20 July 2020, at ≥ 450 per
    30 days." """
    name, r = s.indicator.name, reading(s)
    note = f" ({r.note})" if r.note else ""
    if not s.latest:
        standing = _("no data yet")
    else:
        when = period_phrase(s.latest[0]["period_start"], s.latest[0]["period_end"])
        if s.verdict == NOTHING_NEWER:
            standing = _("{latest} {when}, the 2020 baseline's own figure: nothing newer").format(
                latest=r.latest, when=when)
        elif s.verdict == NO_COMPARISON:
            standing = _("{latest} {when}, no comparison with 2020").format(latest=r.latest, when=when) + note
        else:
            standing = _("{latest} {when}, {change} against the 2020 baseline of {baseline}: {verdict}").format(
                latest=r.latest, when=when, change=r.change, baseline=r.baseline, verdict=r.verdict) + note
    if shown.count == 0:
        drawn = _("the chart shows no figure in these dates") if s.latest else _("there is nothing to chart")
    else:
        flow = s.indicator.is_rate
        values = (_("at {amount}").format(amount=_amount(shown.low, s.unit, flow)) if shown.low == shown.high else
                  _("from {low} to {high}").format(low=format_number(shown.low, s.unit),
                                                   high=_amount(shown.high, s.unit, flow)))
        drawn = _drawn(shown.grain, shown.count).format(n=count(shown.count),
                                                        when=period_phrase(shown.first, shown.last), values=values)
    return f"{name}: {standing}; {drawn}."


def how_to_read(*, events: bool, flow: bool) -> str:
    """The legend of the indicator page's chart in words, beneath it."""
    parts = [_("points are exact figures"), _("hollow points with bars approximate ones"),
             _("bars and shaded boxes ranges"), _("triangles at least (▲) or at most (▼)"),
             _("horizontal segments a figure covering a period"),
             _("the dashed green rule the 2020 baseline (labelled on the right), its window shaded")]
    if events:
        parts.append(_("numbered markers events, listed below"))
    text = _("How to read it: {parts}.").format(parts=" · ".join(parts))
    return text + (" " + _("Flows are drawn per 30 days.") if flow else "")


GRAIN_HEADERS = {"day": N_("Day"), "week": N_("Week"), "month": N_("Month")}  # an aggregated bucket, as a header


def chart_row_headers(grain: str) -> dict[str, str]:
    """The headers of the chart's data table (charts.chart_rows) in the reader's language."""
    return {"period": _("Period"), "figure": _("Figure"), "on the chart": _("On the chart"), "source": _("Source"),
            grain: word_for(GRAIN_HEADERS, grain), "value": _("Value"), "low": _("Low"), "high": _("High"),
            "observations": _("Observations")}


def chart_event_rows(frame) -> list[dict]:
    """The events numbered on a chart (charts.event_frame), as the table beneath it."""
    return [{"number": int(e["number"]), "date": e["period"], "event": neutralize(e["label"]),
             "source": e["source"] if is_link(e["source"]) else None,
             "source_text": None if is_link(e["source"]) else neutralize(e["source"])}
            for e in frame.to_dict("records")]


# -- the overview's and the events page's charts in words --------------------------------------------

def verdict_sentence(rows: Sequence[Mapping]) -> str:
    """The verdict chart in words: "Of 83 indicators shown: 8 toward weaker legitimacy, 4 toward stronger
    legitimacy, …; by family in the table below the chart"."""
    counts = {v: sum(r["verdict"] == v for r in rows) for v in VERDICTS}
    parts = [_("{count} {verdict}").format(count=count(n), verdict=verdict_word(v)) for v, n in counts.items() if n]
    return ngettext("Of {n} indicator shown: {counts}; by family in the table below the chart.",
                    "Of {n} indicators shown: {counts}; by family in the table below the chart.",
                    len(rows)).format(n=count(len(rows)), counts=", ".join(parts))


def verdict_table(rows: Iterable[Mapping]) -> list[dict]:
    """How many indicators of each family stand which way: the verdict chart's data, one row per family."""
    table: dict[str, dict] = {}
    for r in rows:
        line = table.setdefault(r["family_name"], {"family": r["family_name"],
                                                   **{verdict_label(v): 0 for v in VERDICTS}})
        line[verdict_label(r["verdict"])] += 1
    return list(table.values())


def events_sentence(events: Sequence[Mapping], family_names: Mapping[str, str]) -> str:
    if not events:
        return _("No events in these dates.")
    first = min(e["date_start"] for e in events)
    last = max(e["date_end"] for e in events)
    families = len({e["family"] for e in events})
    what = ngettext("{n} event {when}", "{n} events {when}", len(events)).format(
        n=count(len(events)), when=period_phrase(first, last))
    where = ngettext("in {n} family", "in {n} families", families).format(n=count(families))
    return _("{events}, {families}: each is listed in the table below.").format(events=what, families=where)
