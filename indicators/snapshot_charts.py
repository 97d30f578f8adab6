"""The brief's charts as PNG, drawn offline with vl-convert from Altair specs.

`family_chart` builds the spec; `png` renders any Altair chart. When the dashboard's chart functions
land, `render` should call those instead so that the brief and the dashboard draw alike.
"""
from __future__ import annotations

import altair as alt
import pandas as pd
import vl_convert

from .snapshots import Snapshot

CLIP = (-100.0, 200.0)  # percent; wider moves are drawn to the edge
VERDICT_COLOURS = {"worse": "#c0392b", "better": "#2471a3", "unclear": "#7f8c8d"}


def _clip(x: float | None, default: float) -> float:
    if x is None:
        return default
    return max(CLIP[0], min(CLIP[1], x * 100))


def family_frame(snap: Snapshot, family: str) -> pd.DataFrame:
    """One row per indicator of the family whose change against the baseline has a relative interval."""
    rows = []
    for order, iw in enumerate(snap.indicators):
        change = iw.summary.change
        if iw.indicator.family != family or change is None or change.relative is None:
            continue
        lo, hi = change.relative.lo, change.relative.hi
        rows.append({"indicator": iw.indicator.name, "order": order, "verdict": change.verdict,
                     "low": _clip(lo if lo != float("-inf") else None, CLIP[0]),
                     "high": _clip(hi if hi != float("inf") else None, CLIP[1])})
    return pd.DataFrame(rows, columns=["indicator", "order", "verdict", "low", "high"])


def family_chart(frame: pd.DataFrame, title: str) -> alt.Chart:
    """Change against the 2020 baseline, % — each indicator's interval as a bar, coloured by verdict."""
    y = alt.Y("indicator:N", sort=alt.EncodingSortField("order"), title=None, axis=alt.Axis(labelLimit=320))
    colour = alt.Color("verdict:N", title="verdict",
                       scale=alt.Scale(domain=list(VERDICT_COLOURS), range=list(VERDICT_COLOURS.values())))
    bars = alt.Chart(frame).mark_bar(height=10).encode(
        x=alt.X("low:Q", title="change against 2020 baseline, %", scale=alt.Scale(domain=list(CLIP))),
        x2="high:Q", y=y, color=colour)
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="black").encode(x="x:Q")
    return (bars + zero).properties(title=title, width=420, height=max(40, 22 * len(frame)))


def png(chart: alt.TopLevelMixin) -> bytes:
    return vl_convert.vegalite_to_png(chart.to_dict(), scale=1)


def render(snap: Snapshot) -> dict[str, bytes]:
    """charts/family-<id>.png for every family with something to compare."""
    out = {}
    for fid, fam in snap.catalogue.families.items():
        frame = family_frame(snap, fid)
        if len(frame):
            out[f"charts/family-{fid}.png"] = png(family_chart(frame, fam.name))
    return out
