"""Whether a comparison with the 2020 baseline is one an analyst could sign.

A verdict is a claim. Before one is given, three questions are asked, here and nowhere else: what kind of number
the indicator's figures are (a model's output or a list's size carries none; a cumulative total only grows;
a series whose reporting ended says nothing by its last figures; an epidemic's waves compare only with the
same season of 2020, baseline.seasonal_baseline),
whether the baseline is really of 2020 (baseline.baseline and baseline.usable), and whether the latest figure
really comes after the baseline window. Each refusal comes with the reason the reader is shown.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from .baseline import WHOLE_YEAR_DAYS, period_days
from ..model.catalogue import Indicator
from .formatting import format_period
from ..languages.i18n import _


def kind_refusal(indicator: Indicator, *, pinned: bool = False) -> str | None:
    """Why the kind of number gives no verdict at all, or None. The reasons hold for every figure of the
    indicator, so moves in a row are not read from such series either (alerts)."""
    if indicator.kind == "modelled" and not pinned:
        return _("a model's estimate, not a count: shown without a verdict")
    if indicator.kind == "list_size":
        return _("the size of a curated list, not a measure of what it lists: shown without a verdict")
    if indicator.kind == "cumulative":
        return _("a total since {day}: it can only grow, so its rise says nothing of a change").format(
            day=indicator.since)
    if indicator.reporting_ended:
        return _("reporting ended on {day}: its last figures (a final backlog, a fall to zero) give no verdict"
                 ).format(day=indicator.reporting_ended)
    return None


def basis_refusal(indicator: Indicator, latest: Sequence[Mapping]) -> str | None:
    """Why the latest figures are not on the indicator's basis at all: a count per year read from a month."""
    if indicator.basis == "per_year" and latest and all(
            period_days(r["period_start"], r["period_end"]) < WHOLE_YEAR_DAYS for r in latest):
        return _("a count per year: the latest figure ({period}) covers less than a year").format(
            period=format_period(latest[0]["period_start"], latest[0]["period_end"]))
    return None


def season_refusal(indicator: Indicator, base, current) -> str | None:
    """Why a seasonal series has no baseline: the same days of 2020 hold no figure, or fall outside the window."""
    if indicator.seasonal and base is None and current is not None:
        return _("a seasonal series: no figure for the same days of 2020 as {period}").format(
            period=format_period(current.period_start, current.period_end))
    return None


def latest_refusal(latest: Sequence[Mapping], window: tuple[str, str]) -> str | None:
    """Why the latest figures are no move away from the baseline: their period does not come after the window
    (a figure of July 2020 against March 2020, or a total since May 2020 that overlaps the window)."""
    if not latest:
        return None
    start = min(r["period_start"] for r in latest)
    if start <= window[1]:
        end = max(r["period_end"] for r in latest)
        return _("the latest figure ({period}) is not from after the baseline window").format(
            period=format_period(start, end))
    return None


def readable_moves(indicator: Indicator) -> bool:
    """Whether the series' own moves (one period to the next) may be read as news: the same kinds as above,
    and no seasonal series, whose rises and falls from one week to the next are its waves."""
    return kind_refusal(indicator) is None and not indicator.seasonal
