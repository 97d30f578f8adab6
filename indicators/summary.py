"""Where each indicator stands: latest value, 2020 baseline, change, verdict, freshness.

One function serves `barometer list`, the dashboard's overview and the weekly snapshots.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from . import baseline as bl
from .catalogue import Cadence, Catalogue, Indicator, Unit
from .store import Store

FRESH, DUE, STALE, NO_DATA = "fresh", "due", "stale", "no data"


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
        return self.change.verdict if self.change else bl.UNCLEAR


def freshness(cadence: Cadence, last_end: str | None, today: date) -> tuple[str, int | None]:
    """Age of the latest period's end against the indicator's cadence."""
    if last_end is None:
        return NO_DATA, None
    age = (today - date.fromisoformat(last_end)).days
    if age <= cadence.fresh_days:
        return FRESH, age
    return (DUE if age <= cadence.stale_days else STALE), age


def summarize(store: Store, catalogue: Catalogue, *, today: date | None = None,
              as_of: str | None = None, indicator_ids: list[str] | None = None) -> list[IndicatorSummary]:
    """Summaries in catalogue order. With `as_of`, only what was known then counts."""
    today = today or date.today()
    start, end = catalogue.baseline_window
    window = store.window_rows(start, end, as_of=as_of)
    earlier = store.latest_rows_before(start, as_of=as_of)
    recent = store.recent_rows(bl.RATE_DAYS, as_of=as_of)
    sources = store.source_counts(as_of=as_of)
    out = []
    for ind in catalogue.indicators.values():
        if indicator_ids is not None and ind.id not in indicator_ids:
            continue
        unit = catalogue.units[ind.unit]
        rows = recent.get(ind.id, [])
        current = bl.current(ind, unit, rows)
        base = bl.baseline(ind, unit, window.get(ind.id, []), earlier.get(ind.id, []))
        latest = bl.latest_only(rows)
        status, age = freshness(catalogue.cadences[ind.cadence], latest[0]["period_end"] if latest else None, today)
        out.append(IndicatorSummary(ind, unit, latest, current, base, bl.change(current, base, ind.worse_when),
                                    status, age, sources.get(ind.id, 0)))
    return out
