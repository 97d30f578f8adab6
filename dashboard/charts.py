"""Altair chart specs for the dashboard: every observation drawn as what it says, nothing more.

Exact figures are points; ranges and approximate figures are bands or error bars; "at least" and
"at most" are carets pointing the open way; a figure covering a period is a segment across it. A flow
is drawn as a rate per 30 days, the basis its 2020 baseline is given in. Each layer carries a
`description`, which is how tests (and screen readers) find it.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

import altair as alt
import pandas as pd

from indicators.baseline import Estimate, interval_of, period_days
from indicators.catalogue import Indicator, Unit
from indicators.formatting import format_estimate, format_period, format_value


INK = "#222222"
BAND = "#56B4E9"  # Okabe–Ito sky blue
BASELINE = "#009E73"  # Okabe–Ito bluish green
EVENT = "#7F7F7F"
HEIGHT = 380
HEADROOM = 0.15  # share of the y range kept free above the highest mark, where the baseline label goes
X_PADDING = 0.02  # share of the dates shown added either side, so marks at the ends are not cut in half
SHORT_SPAN_DAYS = 120  # up to this many days shown, date labels give the day
OPEN_SHAPES = {"up": "triangle-up", "down": "triangle-down"}


def _y_title(ind: Indicator, unit: Unit) -> str:
    return f"{unit.label} per 30 days" if ind.kind == "flow" else unit.label


def observation_frame(rows: Iterable[Mapping], ind: Indicator, unit: Unit) -> pd.DataFrame:
    """One row per observation, with where it sits on the chart and how it is drawn.

    `value` is the point figure (a range's middle), `low`/`high` its finite bounds, `open` the open
    direction ("up" for at least, "down" for at most), `segment` whether it covers more than one day.
    A flow is scaled to its rate per 30 days of the period it covers.
    """
    records = []
    for r in rows:
        iv = interval_of(r, ind, unit)
        days = period_days(r["period_start"], r["period_end"])
        scale = 30.0 / days if ind.kind == "flow" else 1.0
        point = r["value"] if r["value"] is not None else (r["value_low"] + r["value_high"]) / 2
        records.append({
            "id": r["id"], "start": r["period_start"], "end": r["period_end"],
            "mid": (date.fromisoformat(r["period_start"]) + (date.fromisoformat(r["period_end"])
                    - date.fromisoformat(r["period_start"])) / 2).isoformat(),
            "value": point * scale,
            "low": iv.lo * scale if math.isfinite(iv.lo) else None,
            "high": iv.hi * scale if math.isfinite(iv.hi) else None,
            "qualifier": r["qualifier"],
            "open": "up" if r["qualifier"] == "at_least" else "down" if r["qualifier"] == "at_most" else None,
            "banded": r["qualifier"] in ("range", "approx"),
            "segment": days > 1,
            "figure": format_value(r, unit), "period": format_period(r["period_start"], r["period_end"]),
            "source": r["source_url"] or "[confidential]",
        })
    columns = ["id", "start", "end", "mid", "value", "low", "high", "qualifier", "open", "banded", "segment",
               "figure", "period", "source"]
    return pd.DataFrame.from_records(records, columns=columns)


def aggregate_frame(series: Sequence[Mapping]) -> pd.DataFrame:
    """The store's aggregated buckets (see Store.series) as a frame for `series_layers`."""
    frame = pd.DataFrame.from_records(list(series), columns=["bucket", "last_end", "value", "low", "high",
                                                                   "open_low", "open_high", "observations", "days"])
    frame["open"] = [("up" if h else "down" if lo else None) for lo, h in zip(frame["open_low"], frame["open_high"])]
    return frame


_TOOLTIP = [alt.Tooltip("figure:N", title="figure"), alt.Tooltip("period:N", title="period"),
            alt.Tooltip("source:N", title="source")]


def observation_layers(frame: pd.DataFrame, y_title: str) -> list[alt.Chart]:
    """Points, bands, open carets and period segments, one mark per observation (so disagreeing
    sources for one period stay separate marks, each naming its source)."""
    y = alt.Y("value:Q", title=y_title)
    single = frame[~frame["segment"]]
    spans = frame[frame["segment"]]
    layers = [
        alt.Chart(single[single["banded"]], description="bands").mark_rule(color=BAND, strokeWidth=3).encode(
            x=alt.X("mid:T", title=None), y=alt.Y("low:Q", title=y_title), y2="high:Q", tooltip=_TOOLTIP),
        alt.Chart(spans[spans["banded"]], description="period bands").mark_rect(color=BAND, opacity=0.35).encode(
            x=alt.X("start:T", title=None), x2="end:T", y=alt.Y("low:Q", title=y_title), y2="high:Q", tooltip=_TOOLTIP),
        alt.Chart(spans, description="period segments").mark_rule(color=INK, strokeWidth=2).encode(
            x=alt.X("start:T", title=None), x2="end:T", y=y, tooltip=_TOOLTIP),
        alt.Chart(frame[frame["qualifier"] == "exact"], description="exact points").mark_point(
            filled=True, color=INK, size=30).encode(x=alt.X("mid:T", title=None), y=y, tooltip=_TOOLTIP),
        alt.Chart(frame[frame["qualifier"] == "approx"], description="approximate points").mark_point(
            filled=False, color=INK, size=30).encode(x=alt.X("mid:T", title=None), y=y, tooltip=_TOOLTIP),
        alt.Chart(frame[frame["open"].notna()], description="open markers").mark_point(
            filled=True, color=INK, size=90).encode(
            x=alt.X("mid:T", title=None), y=y, tooltip=_TOOLTIP,
            shape=alt.Shape("open:N", scale=alt.Scale(domain=list(OPEN_SHAPES), range=list(OPEN_SHAPES.values())),
                            legend=alt.Legend(title="open bound", labelExpr="datum.label == 'up' ? "
                                              "'at least (open upward)' : 'at most (open downward)'")
                            if frame["open"].notna().any() else None)),
    ]
    return layers


def aggregate_layers(frame: pd.DataFrame, y_title: str, grain: str) -> list[alt.Chart]:
    """The aggregated series: a line, its band where both bounds are known, carets where one is open."""
    tooltip = [alt.Tooltip("bucket:T", title=grain), alt.Tooltip("value:Q", format=",.4~g"),
               alt.Tooltip("low:Q", format=",.4~g"), alt.Tooltip("high:Q", format=",.4~g"),
               alt.Tooltip("observations:Q")]
    banded = frame[frame["low"].notna() & frame["high"].notna() & (frame["low"] != frame["high"])]
    return [
        alt.Chart(banded, description="aggregated band").mark_area(color=BAND, opacity=0.35).encode(
            x=alt.X("bucket:T", title=None), y=alt.Y("low:Q", title=y_title), y2="high:Q"),
        alt.Chart(frame, description="aggregated series").mark_line(color=INK, point=len(frame) <= 120).encode(
            x=alt.X("bucket:T", title=None), y=alt.Y("value:Q", title=y_title), tooltip=tooltip),
        alt.Chart(frame[frame["open"].notna()], description="open markers").mark_point(
            filled=True, color=INK, size=70).encode(
            x=alt.X("bucket:T", title=None), y="value:Q", tooltip=tooltip,
            shape=alt.Shape("open:N", scale=alt.Scale(domain=list(OPEN_SHAPES), range=list(OPEN_SHAPES.values())),
                            legend=None)),
    ]


def baseline_layers(baseline: Estimate | None, window: tuple[str, str] | None, unit: Unit) -> list[alt.Chart]:
    """The baseline window shaded, and the baseline as a rule (two rules and a band for an interval)."""
    layers = [] if window is None else [alt.Chart(pd.DataFrame([{"start": window[0], "end": window[1], "label": "2020 baseline window"}]),
                        description="baseline window").mark_rect(color=BASELINE, opacity=0.12).encode(
        x=alt.X("start:T", title=None), x2="end:T", tooltip=alt.Tooltip("label:N", title="shaded"))]
    if baseline is None:
        return layers
    text = f"2020 baseline: {format_estimate(baseline, unit)}"
    bounds = [b for b in dict.fromkeys((baseline.interval.lo, baseline.interval.hi)) if math.isfinite(b)]
    if len(bounds) == 2:
        layers.append(alt.Chart(pd.DataFrame([{"low": bounds[0], "high": bounds[1], "label": text}]),
                                description="baseline band").mark_rect(color=BASELINE, opacity=0.15).encode(
            y="low:Q", y2="high:Q", tooltip=alt.Tooltip("label:N", title="baseline")))
    rules = pd.DataFrame([{"y": b, "label": text} for b in bounds])
    layers.append(alt.Chart(rules, description="baseline rule").mark_rule(
        color=BASELINE, strokeDash=[6, 3], strokeWidth=2).encode(y="y:Q", tooltip=alt.Tooltip("label:N", title="baseline")))
    # At the right edge, away from the 2020 window's own figures and events, and lifted clear of any mark
    # sitting on the rule (as when the baseline is the only figure).
    layers.append(alt.Chart(rules.head(1), description="baseline label").mark_text(
        color=BASELINE, align="right", baseline="bottom", dx=-4, dy=-8, fontWeight="bold").encode(
        y="y:Q", x=alt.value("width"), text="label:N"))
    return layers


def event_layers(events: Sequence[Mapping]) -> list[alt.Chart]:
    """Events as labelled vertical rules."""
    if not events:
        return []
    frame = pd.DataFrame([{"date": e["date_start"], "end": e["date_end"], "label": e["label"],
                           "source": e["source_url"]} for e in events])
    tip = [alt.Tooltip("date:T", title="date"), alt.Tooltip("label:N", title="event"),
           alt.Tooltip("source:N", title="source")]
    return [
        alt.Chart(frame, description="event rules").mark_rule(color=EVENT, strokeDash=[2, 2]).encode(
            x=alt.X("date:T", title=None), tooltip=tip),
        alt.Chart(frame, description="event labels").mark_text(
            color=EVENT, angle=270, align="right", baseline="bottom", dx=-4, fontSize=10).encode(
            x=alt.X("date:T", title=None), y=alt.value(0), text="label:N", tooltip=tip),
    ]


def y_extent(frames: Iterable[pd.DataFrame | None], baseline: Estimate | None) -> tuple[float, float]:
    """The lowest and highest y any mark reaches (zero always shown), with HEADROOM above the top."""
    values = [0.0]
    for frame in frames:
        for column in ("value", "low", "high"):
            if frame is not None and column in frame:
                values += [float(v) for v in frame[column].dropna() if math.isfinite(v)]
    if baseline is not None:
        values += [b for b in (baseline.interval.lo, baseline.interval.hi) if math.isfinite(b)]
    low, high = min(values), max(values)
    return low, high + ((high - low) or 1.0) * HEADROOM


def x_extent(domain: tuple[str, str]) -> tuple[str, str]:
    """The dates shown, widened by X_PADDING on each side."""
    start, end = date.fromisoformat(domain[0]), date.fromisoformat(domain[1])
    pad = (end - start) * X_PADDING
    return (start - pad).isoformat(), (end + pad).isoformat()


def date_format(x: tuple[str, str]) -> str:
    """Every date label names its year (left to itself Vega writes "April", "October"… and never the
    year); the day too when the dates shown span only a few months."""
    days = (date.fromisoformat(x[1]) - date.fromisoformat(x[0])).days
    return "%-d %b %Y" if days <= SHORT_SPAN_DAYS else "%b %Y"


def extent_layer(y: tuple[float, float], x: tuple[str, str] | None, y_title: str) -> alt.Chart:
    """Two invisible points at opposite corners: the scales then reach them, whatever the marks span."""
    frame = pd.DataFrame({"y": list(y), "x": list(x) if x else [None, None]})
    encoding = {"y": alt.Y("y:Q", title=y_title)}
    if x:
        encoding["x"] = alt.X("x:T", title=None, axis=alt.Axis(format=date_format(x), labelOverlap=True))
    return alt.Chart(frame, description="extent").mark_point(opacity=0).encode(**encoding)


def indicator_chart(ind: Indicator, unit: Unit, *, observations: pd.DataFrame | None = None,
                    aggregate: pd.DataFrame | None = None, grain: str = "week", baseline: Estimate | None = None,
                    window: tuple[str, str], events: Sequence[Mapping] = (),
                    domain: tuple[str, str] | None = None) -> alt.LayerChart:
    """The indicator page's chart: observations as drawn by `observation_layers`, or an aggregated
    series; the baseline and its window; events. `domain` is the dates shown (start, end)."""
    y_title = _y_title(ind, unit)
    data = (observation_layers(observations, y_title) if observations is not None
            else aggregate_layers(aggregate, y_title, grain))
    if domain:  # shade only the part of the window inside the dates shown
        window = (max(window[0], domain[0]), min(window[1], domain[1]))
    extent = extent_layer(y_extent((observations, aggregate), baseline), domain and x_extent(domain), y_title)
    layers = [extent, *baseline_layers(baseline, window if window[0] <= window[1] else None, unit), *data,
              *event_layers(events)]
    return alt.layer(*layers).properties(height=HEIGHT, title=ind.name).resolve_scale(shape="independent")


def events_timeline(events: Sequence[Mapping], family_names: Mapping[str, str]) -> alt.Chart:
    """The events page's timeline: one bar per event across its dates, by family."""
    frame = pd.DataFrame([{"start": e["date_start"], "end": e["date_end"], "label": e["label"],
                           "family": family_names.get(e["family"] or "", e["family"] or "none")} for e in events],
                         columns=["start", "end", "label", "family"])
    return alt.Chart(frame, description="events timeline").mark_tick(thickness=3, size=18).encode(
        x=alt.X("start:T", title=None), y=alt.Y("family:N", title=None, axis=alt.Axis(labelLimit=320)),
        tooltip=[alt.Tooltip("start:T"), alt.Tooltip("end:T"), "label:N", "family:N"],
    ).properties(height=alt.Step(24))
