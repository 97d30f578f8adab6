"""The data a chart draws, as frames: each observation as what it says (a point, a band, an open caret, a
segment across its period), figures aggregated per day, week or month, events numbered in marker lanes, and
what a chart shows in all. Pure pandas, tested without a chart library."""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from indicators.readings.baseline import interval_of, period_days
from indicators.model.catalogue import Indicator, Unit
from indicators.readings.formatting import format_period, format_value
from indicators.languages.i18n import _

MARKER_WIDE_PX = 36  # a marker for a group of events ("12–14")
NARROWEST_PLOT_PX = 300  # a chart's plotting area on a phone (390 px wide)
# Events closer than this share of the dates shown share a marker. Markers alternate between two lanes, so two in
# one lane are twice this apart: a wide marker's width even on a phone, so that none is ever printed over another.
LANE_GAP = MARKER_WIDE_PX / (2 * NARROWEST_PLOT_PX)


GRAIN_DAYS = {"day": 1, "week": 7}


OBSERVATION_COLUMNS = ["id", "start", "end", "mid", "value", "low", "high", "qualifier", "open", "banded", "segment",
                       "figure", "period", "source"]


AGGREGATE_COLUMNS = ["bucket", "last_end", "value", "low", "high", "open_low", "open_high", "observations", "days"]


def _mid(start: str, end: str) -> str:
    first = date.fromisoformat(start)
    return (first + (date.fromisoformat(end) - first) / 2).isoformat()


def _finite(x) -> float | None:
    return float(x) if x is not None and not pd.isna(x) and math.isfinite(x) else None


def observation_frame(rows: Iterable[Mapping], ind: Indicator, unit: Unit) -> pd.DataFrame:
    """One row per observation, with where it sits on the chart and how it is drawn.

    `value` is the point figure (a range's middle), `low`/`high` its finite bounds, `open` the open
    direction ("up" for at least, "down" for at most), `segment` whether it covers more than one day.
    On a basis per 30 days a figure is scaled to its rate over the period it covers. The columns and their types are the
    same whether there are many rows or none.
    """
    records = []
    for r in rows:
        iv = interval_of(r, ind, unit)
        days = period_days(r["period_start"], r["period_end"])
        scale = 30.0 / days if ind.is_rate else 1.0
        point = r["value"] if r["value"] is not None else (r["value_low"] + r["value_high"]) / 2
        low, high = _finite(iv.lo), _finite(iv.hi)
        records.append({
            "id": r["id"], "start": r["period_start"], "end": r["period_end"],
            "mid": _mid(r["period_start"], r["period_end"]),
            "value": point * scale,
            "low": None if low is None else low * scale,
            "high": None if high is None else high * scale,
            "qualifier": r["qualifier"],
            "open": "up" if r["qualifier"] == "at_least" else "down" if r["qualifier"] == "at_most" else None,
            "banded": r["qualifier"] in ("range", "approx"),
            "segment": days > 1,
            "figure": format_value(r, unit), "period": format_period(r["period_start"], r["period_end"]),
            "source": r["source_url"] or _("[confidential]"),
        })
    frame = pd.DataFrame.from_records(records, columns=OBSERVATION_COLUMNS)
    return frame.astype({"value": float, "low": float, "high": float, "banded": bool, "segment": bool})


def _month_index(day: str) -> int:
    return int(day[:4]) * 12 + int(day[5:7])


def runs(buckets: Sequence[str], grain: str) -> list[int]:
    """A run number per bucket: a new run starts after any bucket without data, so that a line never joins
    two buckets across a gap."""
    out, run, previous = [], 0, None
    for bucket in buckets:
        if previous is not None:
            if grain == "month":
                gap = _month_index(bucket) - _month_index(previous) > 1
            else:
                gap = (date.fromisoformat(bucket) - date.fromisoformat(previous)).days > GRAIN_DAYS[grain]
            run += gap
        out.append(run)
        previous = bucket
    return out


def aggregate_frame(series: Sequence[Mapping], grain: str = "week") -> pd.DataFrame:
    """The store's aggregated buckets (see Store.series) as a frame for `aggregate_layers`: with the open
    direction of each bucket, its run (buckets without gaps between them) and whether it stands alone."""
    frame = pd.DataFrame.from_records(list(series), columns=AGGREGATE_COLUMNS)
    frame = frame.astype({"value": float, "low": float, "high": float, "open_low": bool, "open_high": bool})
    frame["open"] = pd.Series([("up" if h else "down" if lo else None)
                               for lo, h in zip(frame["open_low"], frame["open_high"])], dtype=object)
    frame["run"] = runs(list(frame["bucket"]), grain)
    sizes = frame["run"].map(frame["run"].value_counts()) if len(frame) else frame["run"]
    frame["alone"] = (sizes == 1).astype(bool)
    frame["end"] = frame["last_end"]
    return frame


def event_frame(events: Sequence[Mapping], domain: tuple[str, str] | None = None) -> pd.DataFrame:
    """Events numbered in date order, one row each, with the marker that shows them: events closer than
    LANE_GAP of the dates shown to the first of a group share its marker ("2–5"), and markers alternate
    between two lanes, so that markers in a lane are at least twice LANE_GAP apart and never overlap."""
    columns = ["number", "date", "end", "label", "period", "source", "marker", "marker_date", "lane", "group"]
    ordered = sorted(events, key=lambda e: (e["date_start"], e["date_end"], e["label"]))
    if not ordered:
        return pd.DataFrame(columns=columns)
    start, end = (date.fromisoformat(d) for d in (domain or (ordered[0]["date_start"], ordered[-1]["date_start"])))
    gap = max((end - start).days, 1) * LANE_GAP
    groups: list[list[int]] = []
    for i, e in enumerate(ordered):
        first = groups[-1][0] if groups else None
        if first is not None and (date.fromisoformat(e["date_start"])
                                  - date.fromisoformat(ordered[first]["date_start"])).days < gap:
            groups[-1].append(i)
        else:
            groups.append([i])
    records = []
    for g, members in enumerate(groups):
        marker = str(members[0] + 1) if len(members) == 1 else f"{members[0] + 1}–{members[-1] + 1}"
        for i in members:
            e = ordered[i]
            records.append({"number": i + 1, "date": e["date_start"], "end": e["date_end"], "label": e["label"],
                            "period": format_period(e["date_start"], e["date_end"]),
                            "source": e["source_url"] or "", "marker": marker,
                            "marker_date": ordered[members[0]]["date_start"], "lane": g % 2, "group": g})
    return pd.DataFrame.from_records(records, columns=columns)


def data_span(observations: pd.DataFrame | None, aggregate: pd.DataFrame | None) -> tuple[str, str] | None:
    """The first and last day the data drawn cover; None without data."""
    if observations is not None and len(observations):
        return min(observations["start"]), max(observations["end"])
    if aggregate is not None and len(aggregate):
        return min(aggregate["bucket"]), max(aggregate["end"])
    return None


@dataclass(frozen=True)
class Shown:
    """What a chart draws: how many figures or buckets, over which days, between which values (on the chart's
    basis: per 30 days for a flow)."""

    count: int
    first: str | None
    last: str | None
    low: float | None
    high: float | None
    grain: str


def shown(observations: pd.DataFrame | None, aggregate: pd.DataFrame | None, grain: str = "observations") -> Shown:
    span = data_span(observations, aggregate)
    frame = aggregate if aggregate is not None else observations
    if span is None or frame is None:
        return Shown(0, None, None, None, None, grain)
    values = frame["value"].dropna()
    return Shown(len(frame), span[0], span[1], float(values.min()), float(values.max()), grain)
