"""What each page asks of the store, as plain functions of a Store (cached in dashboard/cache.py).

Every aggregation runs in SQL through the store; nothing loads a whole table.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from indicators.model.catalogue import Catalogue
from indicators.model.catalogue_translations import localize_event
from indicators.readings import story
from indicators.confidentiality import visible_rows
from indicators.languages.i18n import N_
from indicators.store import Store
from indicators.readings.summary import IndicatorSummary, summarize

from . import chart_frames, views

GRAINS = {"observations": N_("as observed"), "day": N_("by day"), "week": N_("by week"), "month": N_("by month")}
# Above this many observations in the dates shown, the chart starts aggregated (weekly).
RAW_LIMIT = 2000


@dataclass(frozen=True)
class Overview:
    summaries: list[IndicatorSummary]
    rows: list[dict]
    headline: views.Headline
    first_screen: views.FirstScreen
    readings: list[story.FamilyReading]
    events: list[dict]  # the timeline's, in the reader's language
    targets: dict[str, str]  # family id to the series its events are read with (views.family_targets)

    def summary(self, indicator_id: str) -> IndicatorSummary:
        return next(s for s in self.summaries if s.indicator.id == indicator_id)

    def drawn(self) -> "Overview":
        """Only what the overview page draws, without the summaries it was made from (four fifths of its size):
        what is cached, and unpickled at every rerun."""
        return replace(self, summaries=[])


@dataclass(frozen=True)
class IndicatorData:
    table: list[dict]
    observations: pd.DataFrame | None
    aggregate: pd.DataFrame | None
    events: list[dict]


def overview(store: Store, catalogue: Catalogue, today: date, lang: str = "en") -> Overview:
    """Every indicator's summary (from indicators.readings.summary), its monthly sparkline since the baseline window
    opened, what the first screen says moved, the reading per family and the timeline's events (in `lang`)."""
    summaries = summarize(store, catalogue, today=today)
    lines = store.sparklines(catalogue.baseline_window[0], grain="month")
    last_end = max((s.latest[0]["period_end"] for s in summaries if s.latest), default=None)
    events = [localize_event(e, lang) for e in store.events(start=views.TIMELINE_START, end=today.isoformat())]
    readings = story.family_readings(summaries, catalogue, lines)
    return Overview(summaries, views.overview_rows(summaries, lines, catalogue), views.headline(summaries),
                    views.first_screen(summaries, today, store.last_entered(), last_end), readings, events,
                    views.family_targets(readings, summaries))


def default_grain(count: int) -> str:
    return "observations" if count <= RAW_LIMIT else "week"


def indicator_data(store: Store, catalogue: Catalogue, indicator_id: str, *, start: str, end: str,
                   grain: str, history: bool, editor: bool, all_events: bool, lang: str = "en") -> IndicatorData:
    """The indicator page's table, chart data and events (their texts in `lang`) for the dates shown.

    Rows are made public (confidential parts blanked) before anything is drawn from them, so neither
    the table nor a chart's tooltip can show a non-editor what is confidential.
    """
    ind = catalogue.get(indicator_id)
    unit = catalogue.units[ind.unit]
    rows = visible_rows(store.observations(indicator_id, include_inactive=history, start=start, end=end),
                        editor=editor)
    if grain == "observations":
        active = [r for r in rows if r["status"] == "active"]
        observations, aggregate = chart_frames.observation_frame(active, ind, unit), None
    else:
        observations = None
        aggregate = chart_frames.aggregate_frame(store.series(indicator_id, start=start, end=end, grain=grain), grain)
    events = [localize_event(e, lang) for e in store.events(start=start, end=end,
                                                             family=None if all_events else ind.family)]
    return IndicatorData(views.observation_rows(reversed(rows), unit, editor=editor, lang=lang,
                                                 catalogue=catalogue), observations,
                         aggregate, events)


def events(store: Store, *, start: str | None, end: str | None, families: list[str], lang: str = "en") -> list[dict]:
    """The events in the dates and families asked for, their labels and descriptions in `lang`."""
    rows = store.events(start=start, end=end)
    return [localize_event(e, lang) for e in rows if not families or e["family"] in families]
