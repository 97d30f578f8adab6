"""How figures read to people: qualifiers as symbols, intervals, changes and periods.

Shared by the CLI, the dashboard and the weekly snapshots so that a figure reads the same everywhere, in the
current language (indicators.languages.i18n): "≥ 1,140" in English, "≥ 1 140" in Belarusian and Russian.
"""
from __future__ import annotations

import math
from collections.abc import Mapping

from .baseline import Change, Estimate, Interval
from ..model.catalogue import Unit
from ..languages.i18n import N_, _, count, current, decimal, ngettext, plural_category
from ..model.vocabulary import NOTHING_NEWER, QUALIFIER_SYMBOLS, word_for

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
        text = decimal(value, unit.decimals)
    elif float(value).is_integer() and abs(value) < 1e15:
        text = count(int(value))
    else:
        magnitude = abs(value)
        decimals = 0 if magnitude >= 100 else 1 if magnitude >= 10 else 2 if magnitude >= 1 else \
            max(2, 2 - math.floor(math.log10(magnitude))) if magnitude > 0 else 0
        text = decimal(value, decimals, trim=True)
    return "0" if text in ("-0", "−0") else text.replace("-", "−")


def published_number(x: float | None) -> float | int | None:
    """A number as the data files publish it (`--json`, the snapshot's CSV, JSON and XLSX): None for unbounded,
    whole numbers as integers, float noise rounded away. One home, so that no two files differ in a last digit."""
    if x is None or math.isinf(x) or math.isnan(x):
        return None
    x = float(f"{x:.12g}")
    return int(x) if x.is_integer() and abs(x) < 2 ** 53 else x


def published_bounds(iv: Interval | None) -> tuple[float | int | None, float | int | None]:
    return (None, None) if iv is None else (published_number(iv.lo), published_number(iv.hi))


def format_share(fraction: float) -> str:
    """A share as a whole percentage, with the space every percentage here has: "34 %"."""
    return f"{decimal(fraction * 100)} %"


def unit_suffix(unit: Unit | None) -> str:
    if unit is None or unit.id in _BARE_UNITS:
        return ""
    if unit.id in _PERCENT_UNITS:
        return " %"
    return f" {unit.label}"


def difference_word(unit: Unit, n: float) -> str:
    """The unit of a change told as a difference, as it reads beside n: the display copy's word in its
    language ("+14 месцаў", "−1 пункт"), else the catalogue's own ("pp", "points")."""
    words = dict(unit.difference_words)
    if len(words) > 1 and not math.isinf(n):
        word = words.get(plural_category(n, current()))
        if word:
            return word
    return words.get("", unit.difference)


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


# What follows a figure on its basis; the leading space is part of the words (none for a level).
BASIS_WORDS = {"per_30_days": N_(" per 30 days"), "per_edition": N_(" per edition"), "per_year": N_(" per year"),
               "level": ""}


def basis_text(basis: str) -> str:
    """" per 30 days" in the current language ("" for a level)."""
    words = BASIS_WORDS[basis]
    return _(words) if words else ""


def basis_words(est: Estimate | None) -> str:
    return "" if est is None else basis_text(est.basis)


def format_estimate(est: Estimate | None, unit: Unit | None = None) -> str:
    """An estimate on its basis, named: "≥ 857 per 30 days", "1 per edition", "24 %"."""
    if est is None:
        return _("no data")
    return format_interval(est.interval, unit) + basis_words(est)


def format_raw(est: Estimate | None, unit: Unit | None = None) -> str:
    """What a rate was made from: "≥ 200 in 7 days" (empty unless the estimate is a rate)."""
    if est is None or est.basis != "per_30_days" or est.raw is None or est.days == 30:
        return ""
    return ngettext("{figure} in {days} day", "{figure} in {days} days", est.days).format(
        figure=format_interval(est.raw, unit), days=count(est.days))


def format_standing(est: Estimate | None, unit: Unit | None = None) -> str:
    """An estimate on its basis with the figures it was made from: "≥ 857 per 30 days (≥ 200 in 7 days)"."""
    raw = format_raw(est, unit)
    return format_estimate(est, unit) + (f" ({raw})" if raw else "")


def _signed_percent(x: float) -> str:
    if math.isinf(x):
        return "+∞" if x > 0 else "−∞"
    pct = x * 100
    text = decimal(abs(pct), 0 if abs(pct) >= 10 else 1)
    if not text.strip("0.,"):
        return "0 %"
    return ("+" if pct > 0 else "−") + text + " %"


def format_change(change: Change | None, unit: Unit | None = None) -> str:
    """The change against the baseline: relative where the baseline allows it ("+40 % to +60 %"), a difference
    in points where the unit says so (a rate, a score, a rank: "−4.5 pp", "+14 places")."""
    if change is None:
        return _("no comparison")
    if change.verdict == NOTHING_NEWER:
        return _("nothing newer")
    if math.isinf(change.absolute.lo) and math.isinf(change.absolute.hi):
        return _("either way: both are open bounds")
    rel = None if unit is not None and unit.difference else change.relative
    if rel is not None:
        if rel.is_point:
            return _signed_percent(rel.lo)
        if math.isinf(rel.hi):
            return _("at least {change}").format(change=_signed_percent(rel.lo))
        if rel.lo == -1:
            return _("at most {change}").format(change=_signed_percent(rel.hi))
        return _("{low} to {high}").format(low=_signed_percent(rel.lo), high=_signed_percent(rel.hi))
    iv = change.absolute
    last = iv.hi if not math.isinf(iv.hi) else iv.lo
    suffix = f" {difference_word(unit, last)}" if unit is not None and unit.difference else unit_suffix(unit)
    sign = lambda v: ("+" if v > 0 else "") + format_number(v, unit)  # noqa: E731
    if iv.is_point:
        return sign(iv.lo) + suffix
    if math.isinf(iv.hi) and not math.isinf(iv.lo):
        return _("at least {change}").format(change=sign(iv.lo) + suffix)
    if math.isinf(iv.lo) and not math.isinf(iv.hi):
        return _("at most {change}").format(change=sign(iv.hi) + suffix)
    if math.isinf(iv.lo) and math.isinf(iv.hi):
        return _("unbounded")
    return _("{low} to {high}").format(low=sign(iv.lo), high=sign(iv.hi)) + suffix


def format_period(start: str, end: str) -> str:
    return start if start == end else f"{start} – {end}"


STATUS_WORDS = {"active": N_("active"), "superseded": N_("superseded"), "retracted": N_("retracted")}


def status_word(status: str) -> str:
    """An observation's status ("active", "superseded", "retracted") in words."""
    return word_for(STATUS_WORDS, status)


def status_text(row: Mapping, *, corrects: bool = True) -> str:
    """An observation's status as people read it: "retracted: the source withdrew it", "active (corrects #41)"."""
    text = status_word(row["status"]) + (f": {row['status_reason']}" if row["status_reason"] else "")
    if corrects and row["supersedes"]:
        text += " " + _("(corrects #{id})").format(id=row["supersedes"])
    return text


def latest_values(rows: list, unit: Unit | None = None) -> str:
    """The latest figure(s) as their sources put them; disagreeing sources side by side."""
    if not rows:
        return _("no data")
    return " / ".join(dict.fromkeys(format_value(r, unit) for r in rows))


def baseline_marks(est: Estimate | None) -> str:
    """How a baseline was found, in words shared by every surface."""
    if est is None:
        return ""
    if est.pinned:
        return _("pinned")
    if est.reference:
        return _("pre-2020 reference ({year})").format(year=est.period_end[:4])
    if est.fallback:
        return _("fallback: {day}").format(day=est.period_end)
    if est.season:
        return _("same season of 2020: {period}").format(period=format_period(est.period_start, est.period_end))
    if est.coverage is not None and est.coverage < 1:
        return _("covers {share} of the window").format(share=format_share(est.coverage))
    return ""


def format_baseline(est: Estimate | None, unit: Unit | None = None) -> str:
    """A baseline on its basis with how it was found: "≥ 450 per 30 days (≥ 1,140 in 76 days) [covers 35 %
    of the window]", "24 % [pinned]", "17 [pre-2020 reference (2011)]"."""
    marks = baseline_marks(est)
    return format_standing(est, unit) + (f" [{marks}]" if marks else "")
