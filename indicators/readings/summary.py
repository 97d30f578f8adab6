"""Where each indicator stands: latest value, 2020 baseline, change, verdict, freshness.

One function serves `barometer list`, the dashboard's overview and the weekly snapshots.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from . import baseline as bl
from ..model.catalogue import Cadence, Catalogue, Indicator, Unit
from .comparability import basis_refusal, kind_refusal, latest_refusal, season_refusal
from .formatting import format_share
from ..languages.i18n import _
from ..store import Store
from ..model.vocabulary import (DUE, ENDED, FRESH, LATEST_EDITION, NO_COMPARISON, NO_DATA, NOTHING_NEWER, STALE,
                                UNCLEAR, VERDICTS, WORSE)

CONTEXT_FAMILY = "repression"  # what an ambiguous fall is read with



@dataclass(frozen=True)
class IndicatorSummary:
    """Where one indicator stands. `verdict` is one of vocabulary.VERDICTS: weaker, stronger, unclear, nothing
    newer (the latest figures are the baseline's own), no comparison (no baseline, no current figure on the
    same basis, or a baseline that may not carry a verdict, `note` says which), no data. `context` is set for
    an ambiguous fall: what it reads with."""

    indicator: Indicator
    unit: Unit
    latest: list[dict]
    current: bl.Estimate | None
    baseline: bl.Estimate | None
    change: bl.Change | None
    freshness: str
    age_days: int | None
    sources: int
    verdict: str = UNCLEAR
    note: str = ""
    context: str = ""

    def latest_interval(self) -> bl.Interval | None:
        """The latest figures as one interval (their hull: sources that disagree widen it); None without any."""
        ivs = [bl.interval_of(r, self.indicator, self.unit) for r in self.latest]
        if not ivs:
            return None
        out = ivs[0]
        for iv in ivs[1:]:
            out = out.hull(iv)
        return out


def standing(latest: list, current: bl.Estimate | None, base: bl.Estimate | None, change: bl.Change | None,
             indicator: Indicator, window: tuple[str, str]) -> tuple[str, str, bl.Change | None]:
    """(verdict, note, change shown) from what is known: the one rule every surface reads. A comparison that an
    analyst could not sign (comparability) is no comparison, with its reason."""
    if not latest:
        return NO_DATA, "", None
    if change is not None and change.verdict == NOTHING_NEWER:
        return NOTHING_NEWER, _("the latest figure is the baseline's own"), change
    refusal = kind_refusal(indicator, pinned=base is not None and base.pinned) or basis_refusal(indicator, latest)
    if refusal:
        return NO_COMPARISON, refusal, None
    refusal = season_refusal(indicator, base, current)
    if refusal:
        return NO_COMPARISON, refusal, None
    if base is None:
        return NO_COMPARISON, _("no 2020 figure or earlier reference"), None
    if base.coverage is not None and base.coverage < indicator.min_coverage:
        return (NO_COMPARISON, _("the 2020 figures cover {share} of the baseline window ({needed} needed)").format(
            share=format_share(base.coverage), needed=format_share(indicator.min_coverage)), None)
    if not bl.usable(base, indicator):
        return NO_COMPARISON, _("pre-2020 reference ({year}): too old for a verdict").format(
            year=base.period_end[:4]), None
    if change is None:
        return NO_COMPARISON, _("no recent figure on the same basis as the baseline"), None
    refusal = latest_refusal(latest, window)
    if refusal:
        return NO_COMPARISON, refusal, None
    return change.verdict, "", change


def headline_counts(summaries) -> dict[str, int]:
    """How many indicators stand each way, in the order of vocabulary.VERDICTS: every surface counts with this."""
    counts = dict.fromkeys(VERDICTS, 0)
    for s in summaries:
        counts[s.verdict] += 1
    return counts


def biggest_moves(summaries, verdict: str, limit: int = 5) -> list[IndicatorSummary]:
    """The indicators standing `verdict` against their baseline, the largest certain move first."""
    moved = [s for s in summaries if s.verdict == verdict and s.change is not None]
    return sorted(moved, key=lambda s: (-s.change.certain_move, s.indicator.id))[:limit]


def with_context(summaries: list[IndicatorSummary]) -> list[IndicatorSummary]:
    """Ambiguous falls get their context: the repression series that rose (▲) against their baseline."""
    rose = [s.indicator.name for s in summaries if s.indicator.family == CONTEXT_FAMILY and s.verdict == WORSE]
    if not rose:
        context = _("read with repression: no repression series rose measurably")
    else:
        context = _("read with repression: {series}").format(series=", ".join(f"{name} ▲" for name in rose))
    return [replace(s, context=context) if s.change is not None and s.change.fell_ambiguous else s for s in summaries]


def freshness(cadence: Cadence, last_end: str | None, today: date, *,
              reporting_ended: str | None = None) -> tuple[str, int | None]:
    """Age of the latest period's end against the indicator's cadence; an occasional series' latest figure
    is its latest edition, and one whose source stopped reporting has ended: neither is ever stale."""
    if last_end is None:
        return NO_DATA, None
    age = (today - date.fromisoformat(last_end)).days
    if reporting_ended is not None:
        return ENDED, age
    if cadence.occasional:
        return LATEST_EDITION, age
    if age <= cadence.fresh_days:
        return FRESH, age
    return (DUE if age <= cadence.stale_days else STALE), age


@dataclass(frozen=True)
class StandingRows:
    """The observations a summary is computed from, per indicator id."""

    window: dict[str, list[dict]]
    earlier: dict[str, list[dict]]
    recent: dict[str, list[dict]]


def read_rows(store: Store, catalogue: Catalogue, *, until: str | None = None,
              as_of: str | None = None, indicator_ids: list[str] | None = None) -> StandingRows:
    """What summaries need from the store (of `indicator_ids` only, when given). With `until` (a date), only
    periods ending by then count, so a past week reads as it stood; with `as_of` (a timestamp), only what had
    been entered by then."""
    start, end = catalogue.baseline_window
    before = start
    if until is not None:
        before = min(start, (date.fromisoformat(until) + timedelta(days=1)).isoformat())
    return StandingRows(store.window_rows(start, end, ending_by=until, as_of=as_of, indicator_ids=indicator_ids),
                        store.latest_rows_before(before, as_of=as_of, indicator_ids=indicator_ids),
                        store.recent_rows(bl.RATE_DAYS, until=until, as_of=as_of, indicator_ids=indicator_ids))


def _span(est: bl.Estimate | None) -> tuple[str, str] | None:
    return (est.period_start, est.period_end) if est else None


def summarize_indicator(ind: Indicator, catalogue: Catalogue, rows: StandingRows, today: date,
                        sources: int = 0, *, same_baseline_rows: IndicatorSummary | None = None) -> IndicatorSummary:
    """Where `ind` stands on `today`. `same_baseline_rows`: its summary on another day read from the very same
    baseline-window and earlier rows; its baseline is taken as it is (a seasonal one only for the same span),
    since it is a function of those rows alone and would be computed again to the same figures."""
    unit = catalogue.units[ind.unit]
    recent = rows.recent.get(ind.id, [])
    current = bl.current(ind, unit, recent)
    latest = bl.latest_only(recent)
    known = same_baseline_rows
    if known is not None and (not ind.seasonal or _span(known.current) == _span(current)):
        base = known.baseline
    elif ind.seasonal:
        span = _span(current)
        base = None if span is None else bl.seasonal_baseline(ind, unit, rows.window.get(ind.id, []), span,
                                                              catalogue.baseline_window)
    else:
        base = bl.baseline(ind, unit, rows.window.get(ind.id, []), rows.earlier.get(ind.id, []),
                           window=catalogue.baseline_window, max_age_years=catalogue.fallback_years(ind))
    status, age = freshness(catalogue.cadences[ind.cadence], latest[0]["period_end"] if latest else None, today,
                            reporting_ended=ind.reporting_ended)
    verdict, note, change = standing(latest, current, base, bl.change(current, base, ind.worse_when), ind,
                                     catalogue.baseline_window)
    return IndicatorSummary(ind, unit, latest, current, base, change, status, age, sources, verdict, note)


def summarize(store: Store, catalogue: Catalogue, *, today: date | None = None,
              as_of: str | None = None, indicator_ids: list[str] | None = None,
              until: str | None = None) -> list[IndicatorSummary]:
    """Summaries in catalogue order. With `as_of`, only what was known then counts; with `until` (a date), only
    periods ending by then, so a past day reads as it stood. With `indicator_ids`, only
    those indicators are read and summarised (one indicator costs one indicator), and the repression series
    too when one of them fell ambiguously, for its context: the same summaries as among everyone's."""
    today = today or date.today()
    if indicator_ids is None:
        return _summaries(store, catalogue, list(catalogue.indicators), today, as_of, until)
    wanted = [iid for iid in catalogue.indicators if iid in set(indicator_ids)]
    found = _summaries(store, catalogue, wanted, today, as_of, until, context=False)
    if any(s.change is not None and s.change.fell_ambiguous for s in found):
        context = {iid for iid, ind in catalogue.indicators.items() if ind.family == CONTEXT_FAMILY}
        found = _summaries(store, catalogue, [iid for iid in catalogue.indicators if iid in context | set(wanted)],
                           today, as_of, until)
    return [s for s in with_context(found) if s.indicator.id in wanted]


def _summaries(store: Store, catalogue: Catalogue, ids: list[str], today: date, as_of: str | None,
               until: str | None = None, *, context: bool = True) -> list[IndicatorSummary]:
    """These indicators' summaries (all of them, `ids` being every id, read without a filter), with their
    context among themselves unless `context` is False."""
    only = None if len(ids) == len(catalogue.indicators) else ids
    rows = read_rows(store, catalogue, until=until, as_of=as_of, indicator_ids=only)
    sources = store.source_counts(as_of=as_of, indicator_ids=only)
    found = [summarize_indicator(catalogue.indicators[iid], catalogue, rows, today, sources.get(iid, 0))
             for iid in ids]
    return with_context(found) if context else found
