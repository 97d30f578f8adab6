"""Altair chart specs for the dashboard: every observation drawn as what it says, nothing more.

Exact figures are points; ranges and approximate figures are bands or error bars; "at least" and
"at most" are carets pointing the open way; a figure covering a period is a segment across it. A flow
is drawn as a rate per 30 days, the basis its 2020 baseline is given in. The dates shown fit the data
unless asked otherwise; events are numbered markers in lanes of their own above the data, so that
neither they nor the baseline's label (an axis on the right) ever lie over a mark. A chart without
data says so. Each layer carries a `description`, which is how tests (and screen readers) find it.
"""
from __future__ import annotations

import json
import math
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta

import altair as alt
import pandas as pd

from indicators.readings.baseline import Estimate
from indicators.model.catalogue import Indicator, Unit
from indicators.readings.formatting import basis_text, format_number, format_period, unit_suffix
from indicators.languages.i18n import N_, _, pgettext

from .chart_frames import MARKER_WIDE_PX, _mid, data_span, event_frame, observation_frame
from .dates import axis_formats, vega_locale

INK = "#222222"
BAND = "#56B4E9"  # Okabe–Ito sky blue
BASELINE = "#009E73"  # Okabe–Ito bluish green
EVENT = "#7F7F7F"
HEIGHT = 380  # of the plotting area, in pixels
TOP_PX = 24  # free pixels above the highest mark when there are no events
LANE_TOP_PX = 12  # the first lane of event markers, from the top
LANE_PX = 20  # each further lane
# A family's name beside a timeline is written on lines of at most this many characters, so that it is never cut
# and a phone keeps room for the dates.
LABEL_LINE_CHARS = 18
TIMELINE_ROW_PX = 48  # a family's row on a timeline: room for its name on three lines
X_PADDING = 0.03  # share of the dates shown added either side, so marks at the ends are not cut in half
MIN_SPAN_DAYS = 60  # dates shown are at least this long, so that one day's figure is not a wall
SHORT_SPAN_DAYS = 120  # up to this many days shown, date labels give the day
LONG_SPAN_DAYS = 4 * 366  # beyond this, labels are years
OPEN_SHAPES = {"up": "triangle-up", "down": "triangle-down"}
GRAIN_WORDS = {"day": N_("day"), "week": N_("week"), "month": N_("month")}  # an aggregated bucket's name
NO_DATA_TEXT = N_("No data in these dates")


def y_title(ind: Indicator, unit: Unit) -> str:
    return unit.label + basis_text(ind.basis)


def _y(field: str, title: str | None = None, axis: bool = False) -> alt.Y:
    """The y channel: only the extent layer draws the axis (every layer shares one scale)."""
    return alt.Y(f"{field}:Q", title=title, axis=alt.Axis() if axis else None)


def _tooltip() -> list[alt.Tooltip]:
    return [alt.Tooltip("figure:N", title=_("figure")), alt.Tooltip("period:N", title=_("period")),
            alt.Tooltip("source:N", title=_("source"))]


def _shape(frame: pd.DataFrame, legend: bool) -> alt.Shape:
    words = json.dumps([_("at least (open upward)"), _("at most (open downward)")], ensure_ascii=False)
    return alt.Shape("open:N", scale=alt.Scale(domain=list(OPEN_SHAPES), range=list(OPEN_SHAPES.values())),
                     legend=alt.Legend(title=_("open bound"), orient="bottom",
                                       labelExpr=f"{words}[datum.label == 'up' ? 0 : 1]")
                     if legend and frame["open"].notna().any() else None)


def observation_layers(frame: pd.DataFrame) -> list[alt.Chart]:
    """Points, bands, open carets and period segments, one mark per observation (so disagreeing
    sources for one period stay separate marks, each naming its source)."""
    single = frame.loc[~frame["segment"]]
    spans = frame.loc[frame["segment"]]
    x = alt.X("mid:T", title=None)
    tip = _tooltip()
    return [
        alt.Chart(single.loc[single["banded"]], description=_("bands")).mark_rule(color=BAND, strokeWidth=3).encode(
            x=x, y=_y("low"), y2="high:Q", tooltip=tip),
        alt.Chart(spans.loc[spans["banded"]], description=_("period bands")).mark_rect(
            color=BAND, opacity=0.35).encode(x=alt.X("start:T", title=None), x2="end:T", y=_y("low"), y2="high:Q",
                                             tooltip=tip),
        alt.Chart(spans, description=_("period segments")).mark_rule(color=INK, strokeWidth=2).encode(
            x=alt.X("start:T", title=None), x2="end:T", y=_y("value"), tooltip=tip),
        alt.Chart(frame.loc[frame["qualifier"] == "exact"], description=_("exact points")).mark_point(
            filled=True, color=INK, size=30).encode(x=x, y=_y("value"), tooltip=tip),
        alt.Chart(frame.loc[frame["qualifier"] == "approx"], description=_("approximate points")).mark_point(
            filled=False, color=INK, size=30).encode(x=x, y=_y("value"), tooltip=tip),
        alt.Chart(frame.loc[frame["open"].notna()], description=_("open markers")).mark_point(
            filled=True, color=INK, size=90).encode(x=x, y=_y("value"), tooltip=tip,
                                                    shape=_shape(frame, legend=True)),
    ]


def aggregate_layers(frame: pd.DataFrame, grain: str) -> list[alt.Chart]:
    """The aggregated series: a line per run of buckets without gaps, its band where both bounds are known
    (ranges stay ranges), carets where one is open, and a point on every bucket (alone, a bucket is only a point)."""
    tooltip = [alt.Tooltip("bucket:T", title=_(GRAIN_WORDS.get(grain, grain))),
               alt.Tooltip("value:Q", title=_("value"), format=",.4~g"),
               alt.Tooltip("low:Q", title=_("low"), format=",.4~g"), alt.Tooltip("high:Q", title=_("high"), format=",.4~g"),
               alt.Tooltip("observations:Q", title=_("observations"))]
    x = alt.X("bucket:T", title=None)
    banded = frame.loc[frame["low"].notna() & frame["high"].notna() & (frame["low"] != frame["high"])]
    points = frame if len(frame) <= 150 else frame.loc[frame["alone"]]
    return [
        alt.Chart(banded, description=_("aggregated band")).mark_area(color=BAND, opacity=0.35).encode(
            x=x, y=_y("low"), y2="high:Q", detail="run:N", tooltip=tooltip),
        alt.Chart(banded.loc[banded["alone"]], description=_("aggregated band alone")).mark_rule(
            color=BAND, strokeWidth=4).encode(x=x, y=_y("low"), y2="high:Q", tooltip=tooltip),
        alt.Chart(frame, description=_("aggregated series")).mark_line(color=INK).encode(
            x=x, y=_y("value"), detail="run:N", tooltip=tooltip),
        alt.Chart(points, description=_("aggregated points")).mark_point(filled=True, color=INK, size=18).encode(
            x=x, y=_y("value"), tooltip=tooltip),
        alt.Chart(frame.loc[frame["open"].notna()], description=_("open markers")).mark_point(
            filled=True, color=INK, size=70).encode(x=x, y=_y("value"), tooltip=tooltip,
                                                    shape=_shape(frame, legend=False)),
    ]


def baseline_bounds(baseline: Estimate | None) -> list[float]:
    if baseline is None:
        return []
    return [b for b in dict.fromkeys((baseline.interval.lo, baseline.interval.hi)) if math.isfinite(b)]


def baseline_label(baseline: Estimate, unit: Unit) -> tuple[float, str]:
    """Where the baseline's label goes on the right-hand axis, and what it says: one label, at the rule
    (or the band's middle): "19", "≥ 450", "8–12"."""
    lo, hi = baseline.interval.lo, baseline.interval.hi
    n = lambda v: format_number(v, unit)  # noqa: E731
    if lo == hi:
        return lo, n(lo)
    if not math.isfinite(hi):
        return lo, f"≥ {n(lo)}"
    if not math.isfinite(lo):
        return hi, f"≤ {n(hi)}"
    return (lo + hi) / 2, f"{n(lo)}–{n(hi)}"


def baseline_layers(baseline: Estimate | None, window: tuple[str, str] | None, unit: Unit) -> list[alt.Chart]:
    """The baseline window shaded, and the baseline as a dashed rule (two rules and a band for an interval),
    labelled on an axis of its own on the right, where no mark can lie over the label."""
    layers = [] if window is None else [alt.Chart(
        pd.DataFrame([{"start": window[0], "end": window[1], "label": _("2020 baseline window")}]),
        description=_("baseline window")).mark_rect(color=BASELINE, opacity=0.12).encode(
        x=alt.X("start:T", title=None), x2="end:T", tooltip=alt.Tooltip("label:N", title=_("shaded")))]
    bounds = baseline_bounds(baseline)
    if not bounds:
        return layers
    text = _("2020 baseline: {baseline}").format(baseline=baseline_text(baseline, unit))
    if len(bounds) == 2:
        layers.append(alt.Chart(pd.DataFrame([{"low": bounds[0], "high": bounds[1], "label": text}]),
                                description=_("baseline band")).mark_rect(color=BASELINE, opacity=0.15).encode(
            y=_y("low"), y2="high:Q", tooltip=alt.Tooltip("label:N", title=_("baseline"))))
    at, label = baseline_label(baseline, unit)
    lines = json.dumps([pgettext("chart axis, short", "2020 baseline"), label], ensure_ascii=False)
    axis = alt.Axis(orient="right", values=[at], labelExpr=f"datum.value === {at!r} ? {lines} : ''", title=None,
                    labelColor=BASELINE, labelFontWeight="bold", tickColor=BASELINE, grid=False, domain=False,
                    labelOverlap=False)
    rules = pd.DataFrame([{"y": b, "label": text} for b in bounds])
    layers.append(alt.Chart(rules, description=_("baseline rule")).mark_rule(
        color=BASELINE, strokeDash=[6, 3], strokeWidth=2).encode(
        y=alt.Y("y:Q", title=None, axis=axis), tooltip=alt.Tooltip("label:N", title=_("baseline"))))
    return layers


def baseline_text(baseline: Estimate, unit: Unit) -> str:
    _at, label = baseline_label(baseline, unit)
    return label + unit_suffix(unit) + basis_text(baseline.basis)


def event_layers(frame: pd.DataFrame) -> list[alt.Chart]:
    """Events as faint dashed rules, and a marker per group of events ("3", or "4–6" for events too close to
    draw apart) in the lanes above the data; what each is, its dates and source on hover, and in the table
    beneath the chart."""
    if frame.empty:
        return []
    markers = frame.groupby("group", as_index=False).agg(
        date=("marker_date", "first"), marker=("marker", "first"), lane=("lane", "first"),
        what=("label", lambda labels: " · ".join(labels)), period=("period", lambda p: " · ".join(p)))
    markers["y"] = LANE_TOP_PX + markers["lane"] * LANE_PX
    markers["single"] = ~markers["marker"].str.contains("–")
    tip = [alt.Tooltip("marker:N", title=_("event")), alt.Tooltip("period:N", title=_("date")),
           alt.Tooltip("what:N", title=_("what"))]
    rule_tip = [alt.Tooltip("number:N", title=_("event")), alt.Tooltip("period:N", title=_("date")),
                alt.Tooltip("label:N", title=_("what")), alt.Tooltip("source:N", title=_("source"))]
    x = alt.X("date:T", title=None)
    y = alt.Y("y:Q", scale=None, axis=None)
    return [
        alt.Chart(frame, description=_("event rules")).mark_rule(color=EVENT, strokeDash=[2, 3], opacity=0.6).encode(
            x=x, tooltip=rule_tip),
        alt.Chart(markers.loc[markers["single"]], description=_("event markers")).mark_point(
            shape="circle", size=260, filled=True, fill="white", stroke=EVENT, strokeWidth=1.5, opacity=1).encode(
            x=x, y=y, tooltip=tip),
        alt.Chart(markers.loc[~markers["single"]], description=_("event group markers")).mark_rect(
            width=MARKER_WIDE_PX, height=17, cornerRadius=8, fill="white", stroke=EVENT, strokeWidth=1.5).encode(
            x=x, y=y, tooltip=tip),
        alt.Chart(markers, description=_("event numbers")).mark_text(color=INK, fontSize=10, fontWeight="bold").encode(
            x=x, y=y, text="marker:N", tooltip=tip),
    ]


def top_px(lanes: int) -> int:
    """Pixels kept free above the highest mark: the event lanes and a margin."""
    return TOP_PX if lanes == 0 else LANE_TOP_PX + lanes * LANE_PX


def y_extent(frames: Iterable[pd.DataFrame | None], baseline: Estimate | None, lanes: int = 0) -> tuple[float, float]:
    """The lowest and highest y any mark reaches (zero always shown), with room above the top for the event
    lanes (the scale's top is then `top_px(lanes)` pixels above the highest mark)."""
    values = [0.0]
    for frame in frames:
        for column in ("value", "low", "high"):
            if frame is not None and column in frame:
                values += [float(v) for v in frame[column].dropna() if math.isfinite(v)]
    values += baseline_bounds(baseline)
    low, high = min(values), max(values)
    free = top_px(lanes)
    return low, high + ((high - low) or 1.0) * free / (HEIGHT - free)


def x_extent(domain: tuple[str, str]) -> tuple[str, str]:
    """The dates shown, at least MIN_SPAN_DAYS long (centred on a short span), widened by X_PADDING either side."""
    start, end = date.fromisoformat(domain[0]), date.fromisoformat(domain[1])
    if (end - start).days < MIN_SPAN_DAYS:
        half = timedelta(days=(MIN_SPAN_DAYS - (end - start).days) // 2)
        start, end = start - half, end + half
    pad = max((end - start) * X_PADDING, timedelta(days=1))
    return (max(start - pad, date.min)).isoformat(), (min(end + pad, date.max)).isoformat()


def date_format(x: tuple[str, str]) -> str:
    """One format for every label of an axis, always naming the year: the day too over a few months, the
    month over a few years, the year alone beyond (as the reader's language writes them)."""
    days = (date.fromisoformat(x[1]) - date.fromisoformat(x[0])).days
    by_day, by_month, by_year = axis_formats()
    return by_day if days <= SHORT_SPAN_DAYS else by_month if days <= LONG_SPAN_DAYS else by_year


def time_axis(x: tuple[str, str]) -> alt.Axis:
    """A date axis in one format (never Vega's mix of years and months): ticks on whole months or years, at
    most about a dozen, so that no two labels read the same."""
    fmt = date_format(x)
    days = (date.fromisoformat(x[1]) - date.fromisoformat(x[0])).days
    by_day, _by_month, by_year = axis_formats()
    if fmt == by_day:
        return alt.Axis(format=fmt, labelOverlap=True)
    interval, count = ("year", days / 365.25) if fmt == by_year else ("month", days / 30.44)
    step = next(s for s in (1, 2, 3, 6, 12, 24, 60, 120, 240) if count / s <= 12)
    return alt.Axis(format=fmt, labelOverlap=True, tickCount={"interval": interval, "step": step})


def extent_layer(y: tuple[float, float], x: tuple[str, str], title: str, *, numbers: bool = True) -> alt.Chart:
    """Two invisible points at opposite corners: the scales then reach them, whatever the marks span. This
    layer draws both axes (the y axis without numbers when there is nothing to read on it)."""
    frame = pd.DataFrame({"y": list(y), "x": list(x)})
    return alt.Chart(frame, description=_("extent")).mark_point(opacity=0).encode(
        x=alt.X("x:T", title=None, axis=time_axis(x)),
        y=alt.Y("y:Q", title=title, axis=alt.Axis(labelOverlap=True, labels=numbers, ticks=numbers)))


def empty_layer(x: tuple[str, str], y: tuple[float, float]) -> alt.Chart:
    """The words NO_DATA_TEXT in the middle of a chart with no marks."""
    frame = pd.DataFrame([{"x": _mid(*x), "y": (y[0] + y[1]) / 2, "text": _(NO_DATA_TEXT)}])
    return alt.Chart(frame, description=_("no data")).mark_text(fontSize=16, color=EVENT).encode(
        x=alt.X("x:T", title=None), y=_y("y"), text="text:N")


def indicator_chart(ind: Indicator, unit: Unit, *, observations: pd.DataFrame | None = None,
                    aggregate: pd.DataFrame | None = None, grain: str = "week", baseline: Estimate | None = None,
                    window: tuple[str, str], events: Sequence[Mapping] = (),
                    domain: tuple[str, str] | None = None, description: str | None = None) -> alt.LayerChart:
    """The indicator page's chart: observations as drawn by `observation_layers`, or an aggregated
    series; the baseline and its window; events. `domain` is the dates shown (start, end); without it, the
    data's own span (or the baseline window when there is no data). `description` (the chart in one
    sentence) is what a screen reader announces."""
    if observations is None and aggregate is None:
        observations = observation_frame([], ind, unit)
    title = y_title(ind, unit)
    domain = domain or data_span(observations, aggregate) or window
    x = x_extent(domain)
    empty = data_span(observations, aggregate) is None
    marks = [] if empty else (observation_layers(observations) if observations is not None
                              else aggregate_layers(aggregate, grain))
    shaded = (max(window[0], x[0]), min(window[1], x[1]))  # only the part of the window inside the dates shown
    numbered = event_frame(events, x)
    lanes = int(numbered["lane"].max()) + 1 if len(numbered) else 0
    y = y_extent((observations, aggregate), baseline, lanes)
    rules, *markers = event_layers(numbered) or [None]
    layers = [extent_layer(y, x, title, numbers=not empty or bool(baseline_bounds(baseline))), *([rules] if rules is not None else []),
              *baseline_layers(baseline, shaded if shaded[0] <= shaded[1] else None, unit), *marks, *markers]
    if empty:
        layers.append(empty_layer(x, y))
    return alt.layer(*layers).properties(height=HEIGHT, title=ind.name, description=description or ind.name).resolve_scale(
        shape="independent").resolve_axis(y="independent")


def chart_rows(observations: pd.DataFrame | None, aggregate: pd.DataFrame | None, unit: Unit, *,
               flow: bool, grain: str = "week") -> list[dict]:
    """The chart's data as a table, in date order: each figure as written and on the chart's basis, or each
    bucket with its bounds."""
    per = basis_text("per_30_days") if flow else ""
    n = lambda v: "–" if v is None or pd.isna(v) else format_number(float(v), unit) + unit_suffix(unit) + per  # noqa: E731
    if aggregate is not None:
        return [{grain: r["bucket"], "value": ("≥ " if r["open_high"] else "≤ " if r["open_low"] else "")
                 + n(r["value"]), "low": n(r["low"]), "high": n(r["high"]), "observations": int(r["observations"])}
                for r in aggregate.to_dict("records")]
    if observations is None:
        return []
    rows = observations.sort_values(["start", "end", "id"]).to_dict("records")
    return [{"period": r["period"], "figure": r["figure"], "on the chart": n(r["value"]), "source": r["source"]}
            for r in rows]


def events_timeline(events: Sequence[Mapping], family_names: Mapping[str, str], *,
                    domain: tuple[str, str] | None = None, links: Mapping[str, str] | None = None) -> alt.Chart:
    """The events timeline: one tick per event, by family in the catalogue's order, the dates in one format.
    `domain` fixes the dates shown (the overview's 2019 to today); `links` (family id to an address) makes each
    tick open the indicators of its family."""
    links = links or {}
    frame = pd.DataFrame([{"start": e["date_start"], "end": e["date_end"], "label": e["label"],
                           "period": format_period(e["date_start"], e["date_end"]),
                           "family": family_names.get(e["family"] or "", e["family"] or _("no family")),
                           "link": links.get(e["family"] or "", "")}
                          for e in events],
                         columns=["start", "end", "label", "period", "family", "link"])
    x = domain or (x_extent((min(frame["start"]), max(frame["end"]))) if len(frame) else None)
    order = list(dict.fromkeys([*family_names.values(), *frame["family"]]))
    scale = alt.Scale(domain=list(x)) if domain else alt.Undefined
    return alt.Chart(frame, description=_("events timeline")).mark_tick(thickness=3, size=18, color=INK).encode(
        x=alt.X("start:T", title=None, scale=scale, axis=time_axis(x) if x else alt.Axis()),
        y=alt.Y("family:N", title=None, sort=[f for f in order if f in set(frame["family"])],
                axis=alt.Axis(labelLimit=0, labelOverlap=False, labelExpr=wrapped_labels(order))),
        href=alt.Href("link:N") if links else alt.Undefined,
        tooltip=[alt.Tooltip("period:N", title=_("dates")), alt.Tooltip("label:N", title=_("event")),
                 alt.Tooltip("family:N", title=_("family"))],
    ).properties(height=alt.Step(TIMELINE_ROW_PX))


def wrapped_labels(names: Iterable[str], width: int = LABEL_LINE_CHARS) -> str:
    """A Vega expression writing each name on lines of at most `width` characters (a word longer stays whole):
    an axis label is cut, never wrapped, by Vega itself."""
    lines = {name: textwrap.wrap(name, width, break_long_words=False, break_on_hyphens=False) or [name]
             for name in names}
    return f"({json.dumps(lines, ensure_ascii=False)})[datum.label] || datum.label"


def in_language(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """The chart with Vega writing its axes' numbers and dates in the reader's language ("1 140", "студз. 2021"),
    as the last step before it is shown (a configured chart can no longer be layered)."""
    locale = vega_locale()
    return chart if locale is None else chart.configure(locale=locale)
