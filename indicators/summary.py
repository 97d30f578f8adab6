"""Where each indicator stands: latest value, 2020 baseline, change, verdict, freshness.

One function serves `barometer list`, the dashboard's overview and the weekly snapshots.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from . import baseline as bl
from .catalogue import Cadence, Catalogue, Indicator, Unit
from .store import Store
from .vocabulary import DUE, FRESH, NO_DATA, STALE, UNCLEAR



@dataclass(frozen=True)
class IndicatorSummary:
    indicator: Indicator
    unit: Unit
    latest: list[dict]
    current: bl.Estimate | None
    baseline: bl.Estimate | None
    change: bl.Change | None
    freshness: str
    age_days: int | None
    sources: int

    @property
    def verdict(self) -> str:
        return self.change.verdict if self.change else UNCLEAR


def freshness(cadence: Cadence, last_end: str | None, today: date) -> tuple[str, int | None]:
    """Age of the latest period's end against the indicator's cadence."""
    if last_end is None:
        return NO_DATA, None
    age = (today - date.fromisoformat(last_end)).days
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
              as_of: str | None = None) -> StandingRows:
    """What summaries need from the store. With `until` (a date), only periods ending by then count, so a
    past week reads as it stood; with `as_of` (a timestamp), only what had been entered by then."""
    start, end = catalogue.baseline_window
    before = start
    if until is not None:
        before = min(start, (date.fromisoformat(until) + timedelta(days=1)).isoformat())
    return StandingRows(store.window_rows(start, end, ending_by=until, as_of=as_of),
                        store.latest_rows_before(before, as_of=as_of),
                        store.recent_rows(bl.RATE_DAYS, until=until, as_of=as_of))


def summarize_indicator(ind: Indicator, catalogue: Catalogue, rows: StandingRows, today: date,
                        sources: int = 0) -> IndicatorSummary:
    unit = catalogue.units[ind.unit]
    recent = rows.recent.get(ind.id, [])
    current = bl.current(ind, unit, recent)
    base = bl.baseline(ind, unit, rows.window.get(ind.id, []), rows.earlier.get(ind.id, []))
    latest = bl.latest_only(recent)
    status, age = freshness(catalogue.cadences[ind.cadence], latest[0]["period_end"] if latest else None, today)
    return IndicatorSummary(ind, unit, latest, current, base, bl.change(current, base, ind.worse_when),
                            status, age, sources)


def summarize(store: Store, catalogue: Catalogue, *, today: date | None = None,
              as_of: str | None = None, indicator_ids: list[str] | None = None) -> list[IndicatorSummary]:
    """Summaries in catalogue order. With `as_of`, only what was known then counts."""
    today = today or date.today()
    rows = read_rows(store, catalogue, as_of=as_of)
    sources = store.source_counts(as_of=as_of)
    return [summarize_indicator(ind, catalogue, rows, today, sources.get(ind.id, 0))
            for ind in catalogue.indicators.values() if indicator_ids is None or ind.id in indicator_ids]
