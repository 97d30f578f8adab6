"""How figures read to people: qualifiers as symbols, intervals, changes and periods.

Shared by the CLI, the dashboard and the weekly snapshots so that a figure reads the same everywhere.
"""
from __future__ import annotations

import math
from collections.abc import Mapping

from .baseline import Change, Estimate, Interval
from .catalogue import Unit
from .vocabulary import NOTHING_NEWER, QUALIFIER_SYMBOLS

_BARE_UNITS = {"count", "count_change", "people_net", "rank", "ratio", "index", "score", "roadmaps"}
_PERCENT_UNITS = {"percent", "percent_change"}


def format_number(value: float, unit: Unit | None = None) -> str:
    """One number format per unit: the unit's fixed decimals where it sets them (exchange rates), else
    whole numbers as they are and other numbers to three significant digits (never fewer than the
    whole part): 1.94, 19.4, 197, 12,275."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    if unit is not None and unit.decimals is not None:
        text = f"{value:,.{unit.decimals}f}"
    elif float(value).is_integer() and abs(value) < 1e15:
        text = f"{int(value):,}"
    else:
        magnitude = abs(value)
        decimals = 0 if magnitude >= 100 else 1 if magnitude >= 10 else 2 if magnitude >= 1 else \
            max(2, 2 - math.floor(math.log10(magnitude))) if magnitude > 0 else 0
        text = f"{value:,.{decimals}f}"
        text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text in ("-0", "−0") else text.replace("-", "−")


def format_share(fraction: float) -> str:
    """A share as a whole percentage, with the space every percentage here has: "34 %"."""
    return f"{fraction * 100:.0f} %"


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


BASIS_WORDS = {"per_30_days": " per 30 days", "per_edition": " per edition", "per_year": " per year", "level": ""}


def basis_words(est: Estimate | None) -> str:
    return "" if est is None else BASIS_WORDS[est.basis]


def format_estimate(est: Estimate | None, unit: Unit | None = None) -> str:
    """An estimate on its basis, named: "≥ 857 per 30 days", "1 per edition", "24 %"."""
    if est is None:
        return "no data"
    return format_interval(est.interval, unit) + basis_words(est)


def format_raw(est: Estimate | None, unit: Unit | None = None) -> str:
    """What a rate was made from: "≥ 200 in 7 days" (empty unless the estimate is a rate)."""
    if est is None or est.basis != "per_30_days" or est.raw is None or est.days == 30:
        return ""
    return f"{format_interval(est.raw, unit)} in {est.days:,} day{'s' if est.days != 1 else ''}"


def format_standing(est: Estimate | None, unit: Unit | None = None) -> str:
    """An estimate on its basis with the figures it was made from: "≥ 857 per 30 days (≥ 200 in 7 days)"."""
    raw = format_raw(est, unit)
    return format_estimate(est, unit) + (f" ({raw})" if raw else "")


def _signed_percent(x: float) -> str:
    if math.isinf(x):
        return "+∞" if x > 0 else "−∞"
    pct = x * 100
    text = f"{pct:+,.0f}" if abs(pct) >= 10 else f"{pct:+,.1f}"
    return ("0" if text in ("+0", "-0", "+0.0", "-0.0") else text.replace("-", "−")) + " %"


def format_change(change: Change | None, unit: Unit | None = None) -> str:
    """The change against the baseline: relative where the baseline allows it ("+40 % to +60 %"), a difference
    in points where the unit says so (a rate, a score, a rank: "−4.5 pp", "+14 places")."""
    if change is None:
        return "no comparison"
    if change.verdict == NOTHING_NEWER:
        return "nothing newer"
    if math.isinf(change.absolute.lo) and math.isinf(change.absolute.hi):
        return "either way: both are open bounds"
    rel = None if unit is not None and unit.difference else change.relative
    if rel is not None:
        if rel.is_point:
            return _signed_percent(rel.lo)
        if math.isinf(rel.hi):
            return f"at least {_signed_percent(rel.lo)}"
        if rel.lo == -1:
            return f"at most {_signed_percent(rel.hi)}"
        return f"{_signed_percent(rel.lo)} to {_signed_percent(rel.hi)}"
    iv = change.absolute
    suffix = f" {unit.difference}" if unit is not None and unit.difference else unit_suffix(unit)
    sign = lambda v: ("+" if v > 0 else "") + format_number(v, unit)  # noqa: E731
    if iv.is_point:
        return sign(iv.lo) + suffix
    if math.isinf(iv.hi) and not math.isinf(iv.lo):
        return f"at least {sign(iv.lo)}{suffix}"
    if math.isinf(iv.lo) and not math.isinf(iv.hi):
        return f"at most {sign(iv.hi)}{suffix}"
    if math.isinf(iv.lo) and math.isinf(iv.hi):
        return "unbounded"
    return f"{sign(iv.lo)} to {sign(iv.hi)}{suffix}"


def format_period(start: str, end: str) -> str:
    return start if start == end else f"{start} – {end}"


def status_text(row: Mapping, *, corrects: bool = True) -> str:
    """An observation's status as people read it: "retracted: the source withdrew it", "active (corrects #41)"."""
    text = row["status"] + (f": {row['status_reason']}" if row["status_reason"] else "")
    return text + (f" (corrects #{row['supersedes']})" if corrects and row["supersedes"] else "")


def latest_values(rows: list, unit: Unit | None = None) -> str:
    """The latest figure(s) as their sources put them; disagreeing sources side by side."""
    if not rows:
        return "no data"
    return " / ".join(dict.fromkeys(format_value(r, unit) for r in rows))


def baseline_marks(est: Estimate | None) -> str:
    """How a baseline was found, in words shared by every surface."""
    if est is None:
        return ""
    if est.pinned:
        return "pinned"
    if est.reference:
        return f"pre-2020 reference ({est.period_end[:4]})"
    if est.fallback:
        return f"fallback: {est.period_end}"
    if est.coverage is not None and est.coverage < 1:
        return f"covers {format_share(est.coverage)} of the window"
    return ""


def format_baseline(est: Estimate | None, unit: Unit | None = None) -> str:
    """A baseline on its basis with how it was found: "≥ 450 per 30 days (≥ 1,140 in 76 days) [covers 35 %
    of the window]", "24 % [pinned]", "17 [pre-2020 reference (2011)]"."""
    marks = baseline_marks(est)
    return format_standing(est, unit) + (f" [{marks}]" if marks else "")
