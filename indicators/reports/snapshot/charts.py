"""The brief's charts as PNG, drawn offline with vl-convert from Altair specs.

Two charts whose cost does not grow with the number of indicators (rendering is the slow part of a
snapshot): verdicts against the 2020 baseline per family (the dashboard overview's chart), and what
moved most on the week. `png` renders any Altair chart.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ...languages.i18n import _
from ...readings.verdict_chart import verdict_chart
from ...model.vocabulary import verdict_color, verdict_label
from .table import movers, records

from .compute import Snapshot

if TYPE_CHECKING:
    import altair as alt

VERDICTS_PNG, MOVED_PNG = "charts/verdicts.png", "charts/moved.png"
CLIP = (-100.0, 200.0)  # percent; wider moves are drawn to the edge


def _percent(x: float, edge: float) -> float:
    return edge if math.isinf(x) else max(CLIP[0], min(CLIP[1], x * 100))


def moved_frame(snap: Snapshot) -> list[dict]:
    """The week's largest certain moves both ways, as relative change intervals in percent (plain records:
    the brief is drawn without loading pandas)."""
    rows = []
    for verdict in ("worse", "better"):
        for iw in movers(snap, verdict):
            rel = iw.week_change.relative
            if rel is not None:
                rows.append({"order": len(rows), "indicator": iw.indicator.name, "verdict": verdict,
                             "low": _percent(rel.lo, CLIP[0]), "high": _percent(rel.hi, CLIP[1])})
    return rows


def moved_chart(moves: list[dict]) -> alt.LayerChart:
    """Each move as a bar from its low to its high bound, with dots at both ends so a point still shows;
    verdicts labelled and coloured as on the dashboard."""
    import altair as alt  # loaded only when a chart is drawn

    frame = alt.Data(values=[{**m, "verdict": verdict_label(m["verdict"])} for m in moves])
    verdicts = ("worse", "better")
    colour = alt.Color("verdict:N", title=None, scale=alt.Scale(
        domain=[verdict_label(v) for v in verdicts], range=[verdict_color(v) for v in verdicts]))
    base = alt.Chart(frame, description=_("largest moves on the week")).encode(
        y=alt.Y("indicator:N", sort=alt.EncodingSortField("order", op="min"), title=None,
                axis=alt.Axis(labelLimit=320)), color=colour)
    x = alt.X("low:Q", title=_("change on the week before, %"), scale=alt.Scale(domain=list(CLIP)))
    bars = base.mark_bar(height=10).encode(x=x, x2="high:Q")
    low, high = (base.mark_circle(size=70, opacity=1).encode(x=f"{end}:Q") for end in ("low", "high"))
    zero = alt.Chart(alt.Data(values=[{"x": 0}])).mark_rule(color="black").encode(x="x:Q")
    return alt.layer(bars, low, high, zero).properties(title=_("What moved most this week"), width=360,
                                                       height=22 * len(moves))


def png(chart: alt.TopLevelMixin) -> bytes:
    import vl_convert  # the PNG engine starts only when a chart is drawn

    return vl_convert.vegalite_to_png(chart.to_dict(validate=False), scale=1)  # specs built here, tested: no need
    # to check each against the Vega-Lite schema at every snapshot


def render(snap: Snapshot) -> dict[str, bytes]:
    """The charts by path; the moves chart only when something moved. The verdicts chart is the
    dashboard overview's own spec, so the brief and the dashboard draw it alike."""
    out = {VERDICTS_PNG: png(verdict_chart(records(snap)).properties(
        title=_("Where the indicators stand against 2020")))}
    moved = moved_frame(snap)
    if len(moved):
        out[MOVED_PNG] = png(moved_chart(moved))
    return out
