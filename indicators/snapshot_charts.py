"""The brief's charts as PNG, drawn offline with vl-convert from Altair specs.

Two charts whose cost does not grow with the number of indicators (rendering is the slow part of a
snapshot): verdicts against the 2020 baseline per family, and what moved most on the week.
`*_chart` build the specs; `png` renders any Altair chart. When the dashboard's chart functions land in
dashboard/charts.py, `render` should call those instead so that the brief and the dashboard draw alike.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

import altair as alt
import pandas as pd
import vl_convert

from .formatting import verdict_word
from .snapshot_table import NO_COMPARISON, movers

if TYPE_CHECKING:  # types only: indicators.snapshots imports the writers
    from .snapshots import Snapshot

VERDICTS_PNG, MOVED_PNG = "charts/verdicts.png", "charts/moved.png"
CLIP = (-100.0, 200.0)  # percent; wider moves are drawn to the edge
COLOURS = {verdict_word("worse"): "#c0392b", verdict_word("better"): "#2471a3",
           verdict_word("unclear"): "#95a5a6", NO_COMPARISON: "#dddddd"}


def verdict_frame(snap: Snapshot) -> pd.DataFrame:
    """Indicators per family and verdict against the 2020 baseline."""
    counts: dict[tuple[int, str, str], int] = {}
    families = list(snap.catalogue.families.values())
    for iw in snap.indicators:
        fam = snap.catalogue.families[iw.indicator.family]
        verdict = verdict_word(iw.summary.change.verdict) if iw.summary.change else NO_COMPARISON
        key = (families.index(fam), fam.name, verdict)
        counts[key] = counts.get(key, 0) + 1
    rows = [{"order": o, "family": name, "verdict": v, "indicators": n} for (o, name, v), n in sorted(counts.items())]
    return pd.DataFrame(rows, columns=["order", "family", "verdict", "indicators"])


def verdict_chart(frame: pd.DataFrame) -> alt.Chart:
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("indicators:Q", title="indicators"),
        y=alt.Y("family:N", sort=alt.EncodingSortField("order", op="min"), title=None,
                axis=alt.Axis(labelLimit=320)),
        color=alt.Color("verdict:N", title="against the 2020 baseline",
                        scale=alt.Scale(domain=list(COLOURS), range=list(COLOURS.values()))),
    ).properties(title="Where the indicators stand against 2020", width=360)


def _percent(x: float, edge: float) -> float:
    return edge if math.isinf(x) else max(CLIP[0], min(CLIP[1], x * 100))


def moved_frame(snap: Snapshot) -> pd.DataFrame:
    """The week's largest certain moves both ways, as relative change intervals in percent."""
    rows = []
    for verdict in ("worse", "better"):
        for iw in movers(snap, verdict):
            rel = iw.week_change.relative
            if rel is not None:
                rows.append({"order": len(rows), "indicator": iw.indicator.name, "verdict": verdict_word(verdict),
                             "low": _percent(rel.lo, CLIP[0]), "high": _percent(rel.hi, CLIP[1])})
    return pd.DataFrame(rows, columns=["order", "indicator", "verdict", "low", "high"])


def moved_chart(frame: pd.DataFrame) -> alt.LayerChart:
    """Each move as a bar from its low to its high bound, with dots at both ends so a point still shows."""
    base = alt.Chart(frame).encode(
        y=alt.Y("indicator:N", sort=alt.EncodingSortField("order", op="min"), title=None,
                axis=alt.Axis(labelLimit=320)),
        color=alt.Color("verdict:N", title=None, scale=alt.Scale(domain=list(COLOURS), range=list(COLOURS.values()))))
    x = alt.X("low:Q", title="change on the week before, %", scale=alt.Scale(domain=list(CLIP)))
    bars = base.mark_bar(height=10).encode(x=x, x2="high:Q")
    ends = base.mark_circle(size=70, opacity=1).encode(x="low:Q") + base.mark_circle(size=70, opacity=1).encode(
        x="high:Q")
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="black").encode(x="x:Q")
    return alt.layer(bars, ends, zero).properties(title="What moved most this week", width=360,
                                                 height=22 * len(frame))


def png(chart: alt.TopLevelMixin) -> bytes:
    return vl_convert.vegalite_to_png(chart.to_dict(), scale=1)


def render(snap: Snapshot) -> dict[str, bytes]:
    """The charts by path; the moves chart only when something moved."""
    out = {VERDICTS_PNG: png(verdict_chart(verdict_frame(snap)))}
    moved = moved_frame(snap)
    if len(moved):
        out[MOVED_PNG] = png(moved_chart(moved))
    return out
