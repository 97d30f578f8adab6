"""Baselines and change as intervals, so that qualifiers ("at least", "around", ranges) are honoured.

Pure functions over observation rows (mappings with the store's column names); no I/O.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from ..model.catalogue import Indicator, Unit
from ..model.vocabulary import BETTER, NOTHING_NEWER, UNCLEAR, WORSE

INF = math.inf
RATE_DAYS = 30
YEAR_DAYS = 365
# A count per year may be published before the year is out ("in 2025", as of 23 December): a figure covering
# this many days of a year stands for the year.
WHOLE_YEAR_DAYS = 350
# Bases whose figure holds over its whole period (a state, an edition's score, an occasion's count), so that a
# figure for a period that includes the baseline window is a 2020 figure; a count per 30 days or per year is
# one only if it ends within the window (a 2020 year's count holds the months after the election too), and so
# is a cumulative total (one since May 2020 that is known in 2024 is not a 2020 figure).
HOLDS_OVER_PERIOD = ("level", "per_edition")


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

    `basis` is the indicator's comparison basis (catalogue.BASES): "per_30_days" (a flow's rate, so that a
    76-day count never compares raw with a 7-day count), "level", "per_edition" or "per_year". `raw` is the
    figure before it was made a rate (the sum over `days`), for saying "≥ 857 per 30 days (≥ 200 in 7 days)".
    `coverage` is the share of the baseline window the figures cover; `reference` marks a fallback older
    than the catalogue allows for a verdict (a pre-2020 reference).
    """

    interval: Interval
    period_start: str
    period_end: str
    basis: str
    observations: int
    fallback: bool = False
    pinned: bool = False
    periods: tuple[tuple[str, str], ...] = ()
    raw: Interval | None = None
    days: int = 0
    coverage: float | None = None
    reference: bool = False
    season: bool = False  # a seasonal series' baseline: the same days of 2020 as the latest figures


@dataclass(frozen=True)
class Change:
    """Latest against baseline. `fell_ambiguous`: the series fell, and its fall may be fear or censorship as
    much as consent (worse_when up_fall_ambiguous), so its verdict is unclear and reads with its context."""

    absolute: Interval
    relative: Interval | None
    verdict: str
    fell_ambiguous: bool = False

    @property
    def certain_move(self) -> float:
        """How far the change certainly went, for ranking moves: the relative bound nearest zero."""
        rel = self.relative
        return 0.0 if rel is None or rel.straddles_zero else min(abs(rel.lo), abs(rel.hi))


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


def _level(groups, basis: str = "level", **flags) -> Estimate | None:
    """The latest period's figure (a level, or the latest edition's or year's count); sources side by side."""
    if not groups:
        return None
    last_end = max(g[1] for g in groups)
    latest = [g for g in groups if g[1] == last_end]
    iv = latest[0][2]
    for g in latest[1:]:
        iv = iv.hull(g[2])
    start = min(g[0] for g in latest)
    return Estimate(iv, start, last_end, basis, sum(g[3] for g in latest),
                    periods=tuple(sorted((g[0], g[1]) for g in latest)), raw=iv,
                    days=period_days(start, last_end), **flags)


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
    raw = Interval(sum(g[2].lo for g in chosen), sum(g[2].hi for g in chosen))
    return Estimate(raw.scaled(RATE_DAYS / days), min(g[0] for g in chosen),
                    max(g[1] for g in chosen), "per_30_days", sum(g[3] for g in chosen),
                    periods=tuple(sorted((g[0], g[1]) for g in chosen)), raw=raw, days=days, **flags)


def estimate(rows: Iterable[Mapping], indicator: Indicator, unit: Unit, **flags) -> Estimate | None:
    """The rows on the indicator's basis: a rate per 30 days from periods covering at least min_period_days
    together (one day's count says nothing of a month), else the latest period's figure; None without
    usable rows."""
    groups = _groups(rows, indicator, unit)
    if indicator.basis == "per_year":
        # a count per year is a year's count: a month's or a week's figure is shown, never compared as one
        groups = [g for g in groups if period_days(g[0], g[1]) >= WHOLE_YEAR_DAYS]
    if indicator.basis == "per_30_days":
        est = _rate(groups, **flags)
        return est if est is not None and est.days >= indicator.min_period_days else None
    return _level(groups, indicator.basis, **flags)


def latest_only(rows: Sequence[Mapping]) -> list[Mapping]:
    """The rows of the latest period end (and, for several, all that share it)."""
    if not rows:
        return []
    last_end = max(r["period_end"] for r in rows)
    return [r for r in rows if r["period_end"] == last_end]


def coverage(est: Estimate, window: tuple[str, str]) -> float:
    """The share of the window's days that the estimate's periods cover."""
    first, last = window
    covered = sum(max(0, period_days(max(s, first), min(e, last))) for s, e in est.periods if s <= last and e >= first)
    return covered / period_days(first, last)


def baseline(indicator: Indicator, unit: Unit, window_rows: Sequence[Mapping],
             earlier_rows: Sequence[Mapping] = (), *, window: tuple[str, str] | None = None,
             max_age_years: int | None = None) -> Estimate | None:
    """The 2020 baseline.

    `window_rows` are the active observations overlapping the baseline window; `earlier_rows`
    those ending before it, used only when the window has none (and then marked as a fallback, and as a
    mere reference when it ends more than `max_age_years` before the window).
    A catalogue pin (period_start + source_url) selects one cited figure instead.
    A rate from a window too thinly covered (below the indicator's min_coverage) is no baseline: gaps are
    unknown, not zero; it is returned with its coverage so that readers are told why.
    """
    pin = indicator.baseline_pin
    if pin:
        pinned = [r for r in (*window_rows, *earlier_rows)
                  if r["period_start"] == pin["period_start"] and r["source_url"] == pin["source_url"]]
        if pinned:
            return estimate(pinned, indicator, unit, pinned=True)
    if window is not None:
        # A count is a 2020 figure only if it ends within the window (one to 2024 is not); a level holds
        # over its period, so one for a period that includes the window (an index's 2020 edition) is.
        window_rows = [r for r in window_rows if r["period_end"] <= window[1]
                       or (indicator.basis in HOLDS_OVER_PERIOD and indicator.kind != "cumulative"
                           and r["period_start"] <= window[1])]
        if indicator.kind == "edition" and window_rows:
            window_rows = _edition_of(window_rows, window)
    if window_rows:
        est = estimate(window_rows, indicator, unit)
        if est is not None and window is not None and indicator.basis == "per_30_days":
            return replace(est, coverage=coverage(est, window))
        return est
    if earlier_rows:
        est = estimate(latest_only(earlier_rows), indicator, unit, fallback=True)
        if est is not None and window is not None and max_age_years is not None:
            age = int(window[0][:4]) - int(est.period_end[:4])
            return replace(est, reference=age > max_age_years)
        return est
    return None


def same_season(span: tuple[str, str], window: tuple[str, str]) -> tuple[str, str] | None:
    """The days of the window's year that match `span` (March 2021 → March 2020), or None when they fall
    outside the window (an autumn wave has no pre-election season to compare with)."""
    start, end = date.fromisoformat(span[0]), date.fromisoformat(span[1])
    year = int(window[0][:4])
    if (end - start).days >= YEAR_DAYS:
        return None
    first = date(year, start.month, min(start.day, 28 if start.month == 2 else start.day))
    last = first + (end - start)
    if first.isoformat() < window[0] or last.isoformat() > window[1]:
        return None
    return first.isoformat(), last.isoformat()


def seasonal_baseline(indicator: Indicator, unit: Unit, window_rows: Sequence[Mapping], span: tuple[str, str],
                      window: tuple[str, str]) -> Estimate | None:
    """A seasonal or epidemic series' baseline: its figures for the same days of 2020 as the latest figures,
    so that a wave is compared with the same weeks of the year before, never with another season."""
    season = same_season(span, window)
    if season is None:
        return None
    def middle(r) -> str:  # weeks of another year start on other days: a figure belongs where its middle lies
        start = date.fromisoformat(r["period_start"])
        return (start + (date.fromisoformat(r["period_end"]) - start) / 2).isoformat()
    rows = [r for r in window_rows if season[0] <= middle(r) <= season[1]]
    est = estimate(rows, indicator, unit, season=True)
    if est is None or (indicator.is_rate and est.days < period_days(*season) * indicator.min_coverage):
        return None
    return est


def _edition_of(rows: Sequence[Mapping], window: tuple[str, str]) -> list[Mapping]:
    """The rows of the edition that measured most of the window (Freedom on the Net 2020, June 2019 – May 2020,
    rather than 2021, which measured June 2020 on); of two that measured as much, the earlier."""
    def overlap(r):
        return max(0, period_days(max(r["period_start"], window[0]), min(r["period_end"], window[1])))
    best = max(rows, key=lambda r: (overlap(r), -date.fromisoformat(r["period_end"]).toordinal()))
    return [r for r in rows if (r["period_start"], r["period_end"]) == (best["period_start"], best["period_end"])]


def usable(base: Estimate | None, indicator: Indicator) -> bool:
    """Whether a baseline may carry a verdict: covered enough, and not a mere pre-2020 reference."""
    if base is None:
        return False
    if base.coverage is not None and base.coverage < indicator.min_coverage:
        return False
    return base.pinned or not base.reference


def current(indicator: Indicator, unit: Unit, recent_rows: Sequence[Mapping]) -> Estimate | None:
    """The latest known state: the latest period's figure, or for a rate the figures of the last 30 days: the
    latest period and those that start within 30 days of its end (a long count that merely ends then would
    blur the latest week into months before it)."""
    latest = latest_only(recent_rows)
    if indicator.basis != "per_30_days" or not latest:
        return estimate(latest, indicator, unit)
    since = (date.fromisoformat(latest[0]["period_end"]) - timedelta(days=RATE_DAYS - 1)).isoformat()
    return estimate([r for r in recent_rows if r["period_start"] >= since or r in latest], indicator, unit)


def relative_change(now: Interval, base: Interval) -> Interval | None:
    """now / base - 1 over the intervals, or None when the base admits zero or is negative: a share of a
    negative quantity (deaths below the expected number) turns a rise into "−385 %"."""
    if base.lo <= 0:
        return None
    candidates = [a / b for a in (now.lo, now.hi) for b in (base.lo, base.hi) if not (math.isinf(a) and math.isinf(b))]
    lo, hi = min(candidates), max(candidates)
    return Interval(lo - 1, hi - 1)


def verdict(absolute: Interval, worse_when: str) -> str:
    """worse / better when the whole change interval lies on one side of zero, else unclear. A fall of a
    series whose fall is ambiguous (up_fall_ambiguous) is unclear: it reads with its context."""
    if worse_when == "none" or absolute.straddles_zero:
        return UNCLEAR
    rising = absolute.lo > 0
    if worse_when == "up_fall_ambiguous":
        return WORSE if rising else UNCLEAR
    return WORSE if rising == (worse_when == "up") else BETTER


def change(now: Estimate | None, base: Estimate | None, worse_when: str) -> Change | None:
    """The move from base to now on one basis; None when they cannot be compared. When the latest figures are
    the baseline's own, nothing newer is known: that is its own verdict, never "unchanged"."""
    if now is None or base is None or now.basis != base.basis:
        return None
    if now.periods == base.periods and now.interval == base.interval:
        return Change(Interval(0.0, 0.0), Interval(0.0, 0.0), NOTHING_NEWER)
    absolute = now.interval - base.interval
    fell = worse_when == "up_fall_ambiguous" and absolute.hi < 0
    return Change(absolute, relative_change(now.interval, base.interval), verdict(absolute, worse_when), fell)
