"""How an indicator's standing reads, in one set of texts that every surface shows: `barometer list`, the
dashboard's overview and indicator header, the Add preview and the weekly brief.

Latest, baseline and change are given on the indicator's one basis, named: a flow's latest figures as the
rate they make with what they were made from ("≥ 857 per 30 days (≥ 200 in 7 days)"), never a raw count
beside a rate.
"""
from __future__ import annotations

from dataclasses import dataclass

from .formatting import (basis_words, format_baseline, format_change, format_period, format_standing,
                         latest_values)
from ..languages.i18n import _
from .summary import IndicatorSummary
from ..model.vocabulary import verdict_label, verdict_word


@dataclass(frozen=True)
class Reading:
    latest: str
    period: str
    baseline: str
    change: str
    verdict: str        # in words: "toward weaker legitimacy", "no figure since the baseline"
    verdict_label: str  # glyph and word: "▼ weaker"
    note: str           # why there is no comparison, or what an ambiguous fall reads with


def latest_text(s: IndicatorSummary) -> str:
    if not s.latest:
        return _("no data")
    if s.indicator.basis == "per_30_days" and s.current is not None:
        return format_standing(s.current, s.unit)
    return latest_values(s.latest, s.unit) + basis_words(s.current)


def reading(s: IndicatorSummary) -> Reading:
    if s.indicator.is_rate and s.current is not None:  # the days the rate is made of, not only its last period
        period = format_period(s.current.period_start, s.current.period_end)
    else:
        period = format_period(s.latest[0]["period_start"], s.latest[0]["period_end"]) if s.latest else ""
    change = format_change(s.change, s.unit)  # "no comparison" without one
    note = s.context if s.context else s.note
    return Reading(latest_text(s), period, format_baseline(s.baseline, s.unit), change, verdict_word(s.verdict),
                   verdict_label(s.verdict), note)
