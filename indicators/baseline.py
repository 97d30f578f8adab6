"""Baselines and change as intervals, so that qualifiers ("at least", "around", ranges) are honoured.

Pure functions over observation rows (mappings with the store's column names); no I/O.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from .catalogue import Indicator, Unit
from .vocabulary import BETTER, UNCLEAR, WORSE

INF = math.inf
RATE_DAYS = 30


@dataclass(frozen=True)
class Interval:
    lo: float
    hi: float

    def __sub__(self, other: "Interval") -> "Interval":
        lo, hi = self.lo - other.hi, self.hi - other.lo
        return Interval(-INF if math.isnan(lo) else lo, INF if math.isnan(hi) else hi)

    def scaled(self, factor: float) -> "Interval":
        return Interval(self.lo * factor, self.hi * factor)

    def hull(self, other: "Interval") -> "Interval":
        return Interval(min(self.lo, other.lo), max(self.hi, other.hi))

    @property
    def is_point(self) -> bool:
        return self.lo == self.hi

    @property
    def straddles_zero(self) -> bool:
        return self.lo <= 0 <= self.hi


@dataclass(frozen=True)
class Estimate:
    """What is known of an indicator over a stretch of time, as an interval.

    `basis` is "level" (a state) or "per_30_days" (a flow's rate), so that a 76-day count
    never compares raw with a 7-day count.
    """

    interval: Interval
    period_start: str
    period_end: str
    basis: str
    observations: int
    fallback: bool = False
    pinned: bool = False
    periods: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Change:
    absolute: Interval
    relative: Interval | None
    verdict: str


def interval_of(row: Mapping, indicator: Indicator, unit: Unit) -> Interval:
    """The set of values an observation admits, given its qualifier."""
    q = row["qualifier"]
    lowest = -INF if unit.min is None else unit.min
    highest = INF if unit.max is None else unit.max
    if q == "range":
        return Interval(row["value_low"], row["value_high"])
    v = row["value"]
    if q == "exact":
        return Interval(v, v)
    if q == "at_least":
        return Interval(v, highest)
    if q == "at_most":
        return Interval(lowest, v)
    if q == "approx":
        d = abs(v) * indicator.approx_tolerance
        return Interval(max(v - d, lowest), min(v + d, highest))
    raise ValueError(f"unknown qualifier {q!r}")


def period_days(start: str, end: str) -> int:
    return (date.fromisoformat(end) - date.fromisoformat(start)).days + 1


def _groups(rows: Iterable[Mapping], indicator: Indicator, unit: Unit) -> list[tuple[str, str, Interval, int]]:
    """Observations of the same period merged: disagreeing sources widen the interval, never average."""
    merged: dict[tuple[str, str], tuple[Interval, int]] = {}
    for row in rows:
        key = (row["period_start"], row["period_end"])
        iv = interval_of(row, indicator, unit)
        if key in merged:
            prev, n = merged[key]
            merged[key] = (prev.hull(iv), n + 1)
        else:
            merged[key] = (iv, 1)
    return [(s, e, iv, n) for (s, e), (iv, n) in merged.items()]


def _level(groups, **flags) -> Estimate | None:
    if not groups:
        return None
    last_end = max(g[1] for g in groups)
    latest = [g for g in groups if g[1] == last_end]
    iv = latest[0][2]
    for g in latest[1:]:
        iv = iv.hull(g[2])
    return Estimate(iv, min(g[0] for g in latest), last_end, "level", sum(g[3] for g in latest),
                    periods=tuple(sorted((g[0], g[1]) for g in latest)), **flags)


def _rate(groups, **flags) -> Estimate | None:
    """Rate per 30 days over non-overlapping periods, the most recent first."""
    chosen, earliest_start = [], None
    for g in sorted(groups, key=lambda g: (g[1], g[0]), reverse=True):
        # Taken by descending end, g ends no later than any chosen period, so it overlaps none of
        # them exactly when it ends before the earliest chosen start (linear, not quadratic).
        if earliest_start is None or g[1] < earliest_start:
            chosen.append(g)
            earliest_start = g[0] if earliest_start is None else min(earliest_start, g[0])
    if not chosen:
        return None
    days = sum(period_days(g[0], g[1]) for g in chosen)
    lo = sum(g[2].lo for g in chosen)
    hi = sum(g[2].hi for g in chosen)
    return Estimate(Interval(lo, hi).scaled(RATE_DAYS / days), min(g[0] for g in chosen),
                    max(g[1] for g in chosen), "per_30_days", sum(g[3] for g in chosen),
                    periods=tuple(sorted((g[0], g[1]) for g in chosen)), **flags)


def estimate(rows: Iterable[Mapping], indicator: Indicator, unit: Unit, **flags) -> Estimate | None:
    """A flow's rate over the rows, or a level's latest value; None without rows."""
    groups = _groups(rows, indicator, unit)
    return (_rate if indicator.kind == "flow" else _level)(groups, **flags)


def latest_only(rows: Sequence[Mapping]) -> list[Mapping]:
    """The rows of the latest period end (and, for several, all that share it)."""
    if not rows:
        return []
    last_end = max(r["period_end"] for r in rows)
    return [r for r in rows if r["period_end"] == last_end]


def baseline(indicator: Indicator, unit: Unit, window_rows: Sequence[Mapping],
             earlier_rows: Sequence[Mapping] = ()) -> Estimate | None:
    """The 2020 baseline.

    `window_rows` are the active observations overlapping the baseline window; `earlier_rows`
    those ending before it, used only when the window has none (and then marked as a fallback).
    A catalogue pin (period_start + source_url) selects one cited figure instead.
    """
    pin = indicator.baseline_pin
    if pin:
        pinned = [r for r in (*window_rows, *earlier_rows)
                  if r["period_start"] == pin["period_start"] and r["source_url"] == pin["source_url"]]
        if pinned:
            return estimate(pinned, indicator, unit, pinned=True)
    if window_rows:
        return estimate(window_rows, indicator, unit)
    if earlier_rows:
        return estimate(latest_only(earlier_rows), indicator, unit, fallback=True)
    return None


def current(indicator: Indicator, unit: Unit, recent_rows: Sequence[Mapping]) -> Estimate | None:
    """The latest known state: a level's latest value, or a flow's rate over the latest 30 days' rows."""
    if indicator.kind == "level":
        return estimate(latest_only(recent_rows), indicator, unit)
    return estimate(recent_rows, indicator, unit)


def relative_change(now: Interval, base: Interval) -> Interval | None:
    """now / base - 1 over the intervals, or None when the base admits zero or changes sign."""
    if base.lo <= 0 <= base.hi:
        return None
    if base.lo < 0:
        now, base = Interval(-now.hi, -now.lo), Interval(-base.hi, -base.lo)
    candidates = [a / b for a in (now.lo, now.hi) for b in (base.lo, base.hi) if not (math.isinf(a) and math.isinf(b))]
    lo, hi = min(candidates), max(candidates)
    return Interval(lo - 1, hi - 1)


def verdict(absolute: Interval, worse_when: str) -> str:
    """worse / better when the whole change interval lies on one side of zero, else unclear."""
    if worse_when == "none" or absolute.straddles_zero:
        return UNCLEAR
    rising = absolute.lo > 0
    return WORSE if rising == (worse_when == "up") else BETTER


def change(now: Estimate | None, base: Estimate | None, worse_when: str) -> Change | None:
    if now is None or base is None or now.basis != base.basis:
        return None
    if now.periods == base.periods and now.interval == base.interval:
        # The same figures on both sides: nothing moved, however wide their uncertainty.
        return Change(Interval(0.0, 0.0), Interval(0.0, 0.0), UNCLEAR)
    absolute = now.interval - base.interval
    return Change(absolute, relative_change(now.interval, base.interval), verdict(absolute, worse_when))
