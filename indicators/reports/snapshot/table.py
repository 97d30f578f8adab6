"""The snapshot as one flat table: the fields (with types and descriptions) that snapshot.csv, the XLSX data
sheet, snapshot.json and datapackage.json all share, and the brief's headline figures."""
from __future__ import annotations

from dataclasses import dataclass

from ...readings import baseline as bl
from ...readings.formatting import format_change, format_estimate, latest_values, published_bounds
from ...languages.i18n import N_
from ...readings.summary import headline_counts
from ...model.text_policy import neutralize
from ...model.vocabulary import FRESHNESS, NO_COMPARISON, VERDICTS, verdict_word

from .compute import IndicatorWeek, Snapshot

MOVERS = 5
_TALLY_ORDER = {k: i for i, k in enumerate([*VERDICTS, *FRESHNESS])}


@dataclass(frozen=True)
class Field:
    name: str
    title: str  # the column's title in the workbook, in the reader's language (English keeps the name)
    type: str  # Table Schema type: string, number, integer, boolean, date
    description: str
    user_text: bool = False  # text that came from people, neutralized against formula injection in sheets


_BOUND = "Empty where unbounded (a qualifier such as 'at least') or unknown."
FIELDS: tuple[Field, ...] = (
    Field("week", N_("Week"), "string", "ISO week of the snapshot, YYYY-Www."),
    Field("week_start", N_("Week starts"), "date", "Monday of the week."),
    Field("week_end", N_("Week ends"), "date", "Sunday of the week; only figures for periods ending by then count."),
    Field("as_known_then", N_("As known then"), "boolean",
          "True when only what had been entered by the end of the week counts."),
    Field("family", N_("Family id"), "string", "Indicator family id."),
    Field("family_name", N_("Family"), "string", "Indicator family name."),
    Field("indicator_id", N_("Indicator id"), "string", "Indicator id in the catalogue."),
    Field("indicator_name", N_("Indicator"), "string", "Indicator name."),
    Field("unit", N_("Unit"), "string", "Unit of every figure in the row (rates are per 30 days)."),
    Field("kind", N_("Kind"), "string",
          "What kind of number: flow (counts over a period), level (a state at a date), cumulative (a total since a "
          "fixed date), edition (an index's score, dated by the period it measures), occasional (a count per "
          "occasion), modelled (a model's estimate) or list_size (a curated list's size)."),
    Field("worse_when", N_("Weaker legitimacy when it"), "string",
          "Direction that means weaker legitimacy: up, down or none."),
    Field("week_low", N_("This week, low"), "number",
          "The week's value, lower bound: a flow's rate per 30 days over the figures whose period ends in the week, or "
          "a level's last figure in the week. " + _BOUND),
    Field("week_high", N_("This week, high"), "number", "The week's value, upper bound. " + _BOUND),
    Field("week_basis", N_("This week, basis"), "string", "level, or per_30_days for a flow's rate."),
    Field("week_period_start", N_("This week, periods from"), "date", "Start of the periods behind the week's value."),
    Field("week_period_end", N_("This week, periods to"), "date", "End of the periods behind the week's value."),
    Field("week_observations", N_("This week, figures"), "integer", "Number of figures behind the week's value."),
    Field("week_text", N_("This week"), "string", "The week's value as read."),
    Field("previous_week_low", N_("Week before, low"), "number", "The previous week's value, lower bound. " + _BOUND),
    Field("previous_week_high", N_("Week before, high"), "number", "The previous week's value, upper bound. " + _BOUND),
    Field("week_change_low", N_("Change on the week before, low"), "number",
          "Change from the previous week, lower bound. " + _BOUND),
    Field("week_change_high", N_("Change on the week before, high"), "number",
          "Change from the previous week, upper bound. " + _BOUND),
    Field("week_change_relative_low", N_("Relative change on the week before, low"), "number",
          "Relative change from the previous week as a fraction (-0.2 = -20 %), lower bound. " + _BOUND),
    Field("week_change_relative_high", N_("Relative change on the week before, high"), "number",
          "Relative change from the previous week, upper bound. " + _BOUND),
    Field("week_change_text", N_("Change on the week before"), "string", "Change from the previous week as read."),
    Field("week_verdict", N_("Verdict on the week before"), "string",
          "worse, better or unclear: the move from the previous week."),
    Field("latest_text", N_("Latest known"), "string",
          "Latest known figure(s) by the week's end, with qualifier, as read."),
    Field("latest_qualifier", N_("Latest, qualifier"), "string",
          "Qualifier of the latest figure(s): exact, approx, at_least, at_most, range (several joined by ';')."),
    Field("latest_low", N_("Latest, low"), "number",
          "Latest figure(s), lower bound of what the qualifier allows. " + _BOUND),
    Field("latest_high", N_("Latest, high"), "number", "Latest figure(s), upper bound. " + _BOUND),
    Field("latest_period_start", N_("Latest, period from"), "date", "Start of the latest figure's period."),
    Field("latest_period_end", N_("Latest, period to"), "date", "End of the latest figure's period."),
    Field("current_low", N_("At the week's end, low"), "number",
          "Where the indicator stood at the week's end (a level's latest figure, a flow's rate per 30 days over its "
          "latest 30 days), lower bound. " + _BOUND),
    Field("current_high", N_("At the week's end, high"), "number",
          "Where the indicator stood at the week's end, upper bound. " + _BOUND),
    Field("current_text", N_("At the week's end"), "string", "Where the indicator stood at the week's end, as read."),
    Field("baseline_low", N_("2020 baseline, low"), "number", "2020 baseline, lower bound. " + _BOUND),
    Field("baseline_high", N_("2020 baseline, high"), "number", "2020 baseline, upper bound. " + _BOUND),
    Field("baseline_basis", N_("2020 baseline, basis"), "string", "level, or per_30_days for a flow's rate."),
    Field("baseline_period_start", N_("2020 baseline, periods from"), "date",
          "Start of the periods behind the baseline."),
    Field("baseline_period_end", N_("2020 baseline, periods to"), "date", "End of the periods behind the baseline."),
    Field("baseline_fallback", N_("2020 baseline, earlier figure"), "boolean",
          "True when no 2020 figure exists and an earlier one stands in."),
    Field("baseline_pinned", N_("2020 baseline, pinned"), "boolean",
          "True when the catalogue pins one cited figure as the baseline."),
    Field("baseline_text", N_("2020 baseline"), "string", "2020 baseline as read."),
    Field("change_low", N_("Against 2020, low"), "number",
          "Change of where it stood against the baseline, lower bound. " + _BOUND),
    Field("change_high", N_("Against 2020, high"), "number", "Change against the baseline, upper bound. " + _BOUND),
    Field("change_relative_low", N_("Against 2020, relative, low"), "number",
          "Relative change against the baseline as a fraction, lower bound. " + _BOUND),
    Field("change_relative_high", N_("Against 2020, relative, high"), "number",
          "Relative change against the baseline, upper bound. " + _BOUND),
    Field("change_text", N_("Against 2020"), "string", "Change against the baseline as read."),
    Field("verdict", N_("Verdict"), "string",
          "worse (toward weaker legitimacy), better (toward stronger), unclear, nothing newer (no figure since the "
          "baseline), no comparison, or no data."),
    Field("freshness", N_("Freshness"), "string",
          "fresh, due, stale, latest edition (an occasional series), reporting ended (the source stopped) or no "
          "data, judged at the week's end against the cadence."),
    Field("age_days", N_("Age in days"), "integer", "Days from the latest figure's period end to the week's end."),
    Field("sources", N_("Sources"), "string", "Public source URLs behind the figures, space-separated.",
          user_text=True),
    Field("notes", N_("Notes"), "string", "Public notes on the figures, joined by ' | '.", user_text=True),
)
FIELD_NAMES = tuple(f.name for f in FIELDS)
EVENT_FIELDS: tuple[Field, ...] = (
    Field("date_start", N_("From"), "date", "First day of the event."),
    Field("date_end", N_("To"), "date", "Last day of the event."),
    Field("family", N_("Family id"), "string", "Indicator family the event bears on."),
    Field("label", N_("Event"), "string", "What happened.", user_text=True),
    Field("description", N_("Description"), "string", "More on the event.", user_text=True),
    Field("source_url", N_("Source"), "string", "Source of the event.", user_text=True),
)




def _estimate_cells(prefix: str, est: bl.Estimate | None, unit) -> dict:
    lo, hi = published_bounds(est.interval if est else None)
    return {f"{prefix}_low": lo, f"{prefix}_high": hi, f"{prefix}_text": format_estimate(est, unit) if est else None}


def _periods(prefix: str, est: bl.Estimate | None) -> dict:
    return {f"{prefix}_basis": est.basis if est else None, f"{prefix}_period_start": est.period_start if est else None,
            f"{prefix}_period_end": est.period_end if est else None}


def _change_cells(prefix: str, change: bl.Change | None, unit) -> dict:
    lo, hi = published_bounds(change.absolute if change else None)
    rlo, rhi = published_bounds(change.relative if change else None)
    return {f"{prefix}_low": lo, f"{prefix}_high": hi, f"{prefix}_relative_low": rlo,
            f"{prefix}_relative_high": rhi, f"{prefix}_text": format_change(change, unit) if change else None}


def record(snap: Snapshot, iw: IndicatorWeek) -> dict:
    """One indicator's row, with Python values (None for empty), in FIELDS order."""
    s, ind, unit = iw.summary, iw.indicator, iw.summary.unit
    latest = s.latest
    latest_lo, latest_hi = published_bounds(s.latest_interval())
    cells = {
        "week": snap.week.label, "week_start": snap.week.monday.isoformat(),
        "week_end": snap.week.sunday.isoformat(), "as_known_then": snap.as_known_then,
        "family": ind.family, "family_name": snap.catalogue.families[ind.family].name,
        "indicator_id": ind.id, "indicator_name": ind.name, "unit": ind.unit, "kind": ind.kind,
        "worse_when": ind.worse_when,
        **_estimate_cells("week", iw.week, unit), **_periods("week", iw.week),
        "week_observations": iw.week.observations if iw.week else None,
        **{k: v for k, v in _estimate_cells("previous_week", iw.previous, unit).items() if not k.endswith("text")},
        **_change_cells("week_change", iw.week_change, unit),
        "week_verdict": iw.week_change.verdict if iw.week_change else None,
        "latest_text": latest_values(latest, unit) if latest else None,
        "latest_qualifier": ";".join(dict.fromkeys(r["qualifier"] for r in latest)) or None,
        "latest_low": latest_lo, "latest_high": latest_hi,
        "latest_period_start": latest[0]["period_start"] if latest else None,
        "latest_period_end": latest[0]["period_end"] if latest else None,
        **_estimate_cells("current", s.current, unit),
        **_estimate_cells("baseline", s.baseline, unit), **_periods("baseline", s.baseline),
        "baseline_fallback": s.baseline.fallback if s.baseline else None,
        "baseline_pinned": s.baseline.pinned if s.baseline else None,
        **_change_cells("change", s.change, unit),
        "verdict": s.verdict,
        "freshness": s.freshness, "age_days": s.age_days,
        "sources": " ".join(map(neutralize, iw.sources)) or None,
        "notes": " | ".join(map(neutralize, iw.notes)) or None,
    }
    assert set(cells) == set(FIELD_NAMES), set(cells) ^ set(FIELD_NAMES)
    return {name: cells[name] for name in FIELD_NAMES}


def records(snap: Snapshot) -> list[dict]:
    return [record(snap, iw) for iw in snap.indicators]


def event_records(snap: Snapshot) -> list[dict]:
    return [{f.name: e.get(f.name) for f in EVENT_FIELDS} for e in snap.events]


# -- the brief's headline figures -------------------------------------------------------------------


def movers(snap: Snapshot, verdict: str, limit: int = MOVERS) -> list[IndicatorWeek]:
    """The indicators whose week-on-week move had this verdict, the largest certain move first."""
    moved = [iw for iw in snap.indicators if iw.week_change is not None and iw.week_change.verdict == verdict]
    return sorted(moved, key=lambda iw: (-iw.week_change.certain_move, iw.indicator.id))[:limit]


def counts(snap: Snapshot) -> dict:
    """Headline counts: verdicts against the baseline, this week's moves, freshness."""
    def tally(values) -> dict:
        out: dict[str, int] = {}
        for v in values:
            out[v] = out.get(v, 0) + 1
        return dict(sorted(out.items(), key=lambda kv: (_TALLY_ORDER.get(kv[0], len(_TALLY_ORDER)), kv[0])))

    return {
        "indicators": len(snap.indicators),
        "with_week_value": sum(iw.week is not None for iw in snap.indicators),
        "verdict": headline_counts(iw.summary for iw in snap.indicators),
        "week_verdict": tally(iw.week_change.verdict if iw.week_change else NO_COMPARISON
                              for iw in snap.indicators),
        "freshness": tally(iw.summary.freshness for iw in snap.indicators),
        "events": len(snap.events),
    }


def all_sources(snap: Snapshot) -> list[str]:
    urls = {u for iw in snap.indicators for u in iw.sources}
    urls |= {e["source_url"] for e in event_records(snap) if e["source_url"]}
    return sorted(urls)


def tally_word(verdict: str | None) -> str:
    """A verdict (or a tally key) in words; None and 'no comparison' read as 'no comparison'."""
    return verdict_word(verdict or NO_COMPARISON)
