"""How figures read to people: qualifiers as symbols, intervals, changes and periods.

Shared by the CLI, the dashboard and the weekly snapshots so that a figure reads the same everywhere.
"""
from __future__ import annotations

import math
from collections.abc import Mapping

from .baseline import Change, Estimate, Interval
from .catalogue import Unit
from .vocabulary import QUALIFIER_SYMBOLS

_BARE_UNITS = {"count", "rank", "ratio", "index", "roadmaps"}
_PERCENT_UNITS = {"percent", "percent_change"}


def format_number(value: float, unit: Unit | None = None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    magnitude = abs(value)
    decimals = 4 if magnitude < 10 else 2 if magnitude < 1000 else 0
    text = f"{value:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def unit_suffix(unit: Unit | None) -> str:
    if unit is None or unit.id in _BARE_UNITS:
        return ""
    if unit.id in _PERCENT_UNITS:
        return " %"
    return f" {unit.label}"


def format_value(row: Mapping, unit: Unit | None = None) -> str:
    """An observation's figure as the source put it: "≥ 1,140", "≈ 435,000", "15–20 %"."""
    if row["qualifier"] == "range":
        body = f"{format_number(row['value_low'], unit)}–{format_number(row['value_high'], unit)}"
    else:
        body = QUALIFIER_SYMBOLS[row["qualifier"]] + format_number(row["value"], unit)
    return body + unit_suffix(unit)


def format_interval(iv: Interval, unit: Unit | None = None) -> str:
    """An interval as a reader expects it: a point, an open bound, or a span."""
    lowest = -math.inf if unit is None or unit.min is None else unit.min
    highest = math.inf if unit is None or unit.max is None else unit.max
    n = lambda v: format_number(v, unit)  # noqa: E731
    if iv.is_point:
        body = n(iv.lo)
    elif math.isinf(iv.hi) or (iv.hi >= highest and iv.lo > lowest):
        body = f"≥ {n(iv.lo)}"
    elif math.isinf(iv.lo) or (iv.lo <= lowest and iv.hi < highest):
        body = f"≤ {n(iv.hi)}"
    else:
        body = f"{n(iv.lo)}–{n(iv.hi)}"
    return body + unit_suffix(unit)


def format_estimate(est: Estimate | None, unit: Unit | None = None) -> str:
    if est is None:
        return "no data"
    text = format_interval(est.interval, unit)
    return text + (" per 30 days" if est.basis == "per_30_days" else "")


def _signed_percent(x: float) -> str:
    if math.isinf(x):
        return "+∞" if x > 0 else "−∞"
    pct = x * 100
    text = f"{pct:+,.0f}" if abs(pct) >= 10 else f"{pct:+,.1f}"
    return ("0" if text in ("+0", "-0", "+0.0", "-0.0") else text.replace("-", "−")) + " %"


def format_change(change: Change | None, unit: Unit | None = None) -> str:
    """The change against the baseline: relative where the baseline allows it ("+40 % to +60 %")."""
    if change is None:
        return "no comparison"
    rel = change.relative
    if rel is not None:
        if rel.is_point:
            return _signed_percent(rel.lo)
        if math.isinf(rel.hi):
            return f"at least {_signed_percent(rel.lo)}"
        if rel.lo == -1:
            return f"at most {_signed_percent(rel.hi)}"
        return f"{_signed_percent(rel.lo)} to {_signed_percent(rel.hi)}"
    iv = change.absolute
    sign = lambda v: ("+" if v > 0 else "") + format_number(v, unit)  # noqa: E731
    if iv.is_point:
        return sign(iv.lo) + unit_suffix(unit)
    if math.isinf(iv.hi) and not math.isinf(iv.lo):
        return f"at least {sign(iv.lo)}{unit_suffix(unit)}"
    if math.isinf(iv.lo) and not math.isinf(iv.hi):
        return f"at most {sign(iv.hi)}{unit_suffix(unit)}"
    if math.isinf(iv.lo) and math.isinf(iv.hi):
        return "unbounded"
    return f"{sign(iv.lo)} to {sign(iv.hi)}{unit_suffix(unit)}"


def format_period(start: str, end: str) -> str:
    return start if start == end else f"{start} – {end}"


def latest_values(rows: list, unit: Unit | None = None) -> str:
    """The latest figure(s) as their sources put them; disagreeing sources side by side."""
    if not rows:
        return "no data"
    return " / ".join(dict.fromkeys(format_value(r, unit) for r in rows))


def format_baseline(est: Estimate | None, unit: Unit | None = None) -> str:
    """A baseline with its provenance marked: a fallback to an earlier figure, or a pinned one."""
    text = format_estimate(est, unit)
    if est is not None and est.fallback:
        text += f" [fallback: {est.period_end}]"
    if est is not None and est.pinned:
        text += " [pinned]"
    return text
