"""What the first screen says happened since 2020: a reading per family of the paper, and one sentence.

Read from the summaries (indicators/readings/summary.py), never recomputed: a family's reading counts its series
that can be compared since 2021 (a verdict against the 2020 baseline from a figure whose period ends after
2021-01-01), how they read, and how many have any figure since 2021 at all, so that missing data shows beside the
verdicts. There is no composite number: a family is its counts and its leading figure.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from ..model.catalogue import Catalogue
from .formatting import basis_text, format_estimate, format_number, unit_suffix
from ..languages.i18n import _, count, format_month, ngettext
from .summary import IndicatorSummary
from ..model.vocabulary import BETTER, UNCLEAR, WORSE

SINCE = "2021-01-01"  # a figure counts as "since 2021" when its period ends after this day
COMPARED = (WORSE, BETTER, UNCLEAR)  # the verdicts that compare a figure with the 2020 baseline


@dataclass(frozen=True)
class Leading:
    """A family's leading figure: where a series stood, and where it stands now. `certain` when it is the
    family's largest certain move against the baseline (then `move` is that move), else the family's
    most-observed series since 2020, its first monthly figure against its latest."""

    indicator_id: str
    name: str
    before: str
    before_on: str  # an ISO day: the end of the period the earlier figure covers
    now: str
    now_on: str
    verdict: str
    certain: bool
    move: float = 0.0

    def words(self) -> str:
        """"Political prisoners: 1 (July 2020) → 1,135 (December 2025)"."""
        return _("{name}: {before} ({before_on}) → {now} ({now_on})").format(
            name=self.name, before=self.before, before_on=_month(self.before_on), now=self.now,
            now_on=_month(self.now_on))


@dataclass(frozen=True)
class FamilyReading:
    family: str
    name: str
    series: int      # every series of the family in the catalogue
    covered: int     # those with any figure for a period ending since 2021
    compared: int    # those with a verdict from such a figure
    weaker: int
    stronger: int
    unclear: int
    leading: Leading | None


def _month(day: str) -> str:
    return format_month(date.fromisoformat(day[:10]))


def since_2021(s: IndicatorSummary) -> bool:
    """The latest figure covers a period ending after the first day of 2021."""
    return bool(s.latest) and s.latest[0]["period_end"] > SINCE


def compared(s: IndicatorSummary) -> bool:
    """A verdict against the 2020 baseline from a figure since 2021."""
    return since_2021(s) and s.verdict in COMPARED and s.change is not None


def _certain(s: IndicatorSummary) -> Leading:
    return Leading(s.indicator.id, s.indicator.name, format_estimate(s.baseline, s.unit), s.baseline.period_end,
                   format_estimate(s.current, s.unit), s.latest[0]["period_end"], s.verdict, True,
                   s.change.certain_move)


def _observed(s: IndicatorSummary, points: Sequence[Mapping]) -> Leading:
    first = points[0]
    before = format_number(first["value"], s.unit) + unit_suffix(s.unit) + basis_text(s.indicator.basis)
    return Leading(s.indicator.id, s.indicator.name, before, first["bucket"], format_estimate(s.current, s.unit),
                   s.latest[0]["period_end"], s.verdict, False)


def leading(summaries: Sequence[IndicatorSummary], monthly: Mapping[str, Sequence[Mapping]]) -> Leading | None:
    """The largest certain move among the series compared since 2021; failing one, the series with figures in
    the most months since 2020 (`monthly`: the store's sparklines) that has a figure since 2021."""
    # a certain move whose size has no share (a change from a negative figure) still outranks any uncertain one
    moved = [s for s in summaries if compared(s) and s.verdict in (WORSE, BETTER)]
    if moved:
        return _certain(max(moved, key=lambda s: s.change.certain_move))
    observed = [s for s in summaries if since_2021(s) and s.current is not None and len(monthly.get(s.indicator.id, ())) > 1]
    if not observed:
        return None
    return _observed(best := max(observed, key=lambda s: len(monthly[s.indicator.id])), monthly[best.indicator.id])


def family_readings(summaries: Sequence[IndicatorSummary], catalogue: Catalogue,
                    monthly: Mapping[str, Sequence[Mapping]]) -> list[FamilyReading]:
    """One reading per family, in the catalogue's order (a family without series is left out)."""
    out = []
    for fid, family in catalogue.families.items():
        mine = [s for s in summaries if s.indicator.family == fid]
        if not mine:
            continue
        verdicts = [s.verdict for s in mine if compared(s)]
        out.append(FamilyReading(fid, family.name, len(mine), sum(since_2021(s) for s in mine), len(verdicts),
                                 verdicts.count(WORSE), verdicts.count(BETTER), verdicts.count(UNCLEAR),
                                 leading(mine, monthly)))
    return out


def counts_words(r: FamilyReading) -> str:
    """"3 of 7 series compared since 2021" (how they read is FamilyReading's weaker, stronger, unclear)."""
    return ngettext("{compared} of {n} series compared since 2021", "{compared} of {n} series compared since 2021",
                    r.series).format(compared=count(r.compared), n=count(r.series))


def coverage_words(r: FamilyReading) -> str:
    """"4 of 7 with a figure since 2021"."""
    return ngettext("{covered} of {n} with a figure since 2021", "{covered} of {n} with a figure since 2021",
                    r.series).format(covered=count(r.covered), n=count(r.series))


def sentence(readings: Sequence[FamilyReading]) -> str:
    """The first screen's one sentence: what moved most since 2020 and in which family, then how all the
    comparable series read. "Since 2021 the largest certain move is in Repression — Political prisoners: 1
    (July 2020) → 1,135 (December 2025); of 12 series that can be compared, 9 read weaker, 1 stronger, 2
    unclear."""
    total = sum(r.compared for r in readings)
    tally = ngettext("of {n} series that can be compared with 2020, {weaker} read weaker, {stronger} stronger, "
                     "{unclear} unclear", "of {n} series that can be compared with 2020, {weaker} read weaker, "
                     "{stronger} stronger, {unclear} unclear", total).format(
        n=count(total), weaker=count(sum(r.weaker for r in readings)),
        stronger=count(sum(r.stronger for r in readings)), unclear=count(sum(r.unclear for r in readings)))
    certain = [r for r in readings if r.leading is not None and r.leading.certain]
    if not total:
        series = sum(r.series for r in readings)
        return ngettext("None of the {n} series can yet be compared with 2020 on a figure since 2021.",
                        "None of the {n} series can yet be compared with 2020 on a figure since 2021.",
                        series).format(n=count(series))
    if not certain:
        return _("Since 2021 no series has moved certainly either way; {tally}.").format(tally=tally)
    top = max(certain, key=lambda r: r.leading.move)
    return _("Since 2021 the largest certain move is in {family} — {figure}; {tally}.").format(
        family=top.name, figure=top.leading.words(), tally=tally)
