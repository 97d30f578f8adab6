"""Cached page queries, keyed on the database's change so a new observation shows on the next rerun, and on
the reader's language where what is cached holds text people read.

The key is (database path, Store.data_version(), today): anything written by the CLI, a collector or
another page changes it, and freshness moves on at midnight even when nothing is written. A session in
Belarusian and one in Russian never share a cached text: each such query takes the language and reads in it.
"""
from __future__ import annotations

from datetime import date

import streamlit as st

from indicators.languages.i18n import data_language, use
from indicators.store import Store
from indicators.readings.summary import IndicatorSummary, summarize

from . import chart_words, charts, language, queries, state, views
from . import news as news_


def version(db_path: str) -> tuple:
    with Store.open(db_path) as store:
        return (*store.data_version(), date.today().isoformat())


@st.cache_data(show_spinner=False, max_entries=8)
def overview(db_path: str, catalogue_path: str | None, data_version: tuple, lang: str) -> queries.Overview:
    with Store.open(db_path) as store, use(lang):
        return queries.overview(store, state.localized(catalogue_path, data_language()),
                                date.fromisoformat(data_version[-1]), lang=data_language()).drawn()


@st.cache_data(show_spinner=False, max_entries=16)
def summary(db_path: str, catalogue_path: str | None, data_version: tuple, lang: str,
            indicator_id: str) -> IndicatorSummary:
    """One indicator's summary, read alone (its page costs one indicator, not the whole overview), the same as
    the overview's."""
    with Store.open(db_path) as store, use(lang):
        (found,) = summarize(store, state.localized(catalogue_path, data_language()),
                             today=date.fromisoformat(data_version[-1]), indicator_ids=[indicator_id])
    return found


@st.cache_data(show_spinner=False, max_entries=16)
def span(db_path: str, data_version: tuple, indicator_id: str, start: str | None = None,
         end: str | None = None) -> tuple:
    with Store.open(db_path) as store:
        return store.span(indicator_id, start=start, end=end)


@st.cache_data(show_spinner=False, max_entries=16)
def indicator_data(db_path: str, catalogue_path: str | None, data_version: tuple, lang: str, indicator_id: str,
                   **options) -> queries.IndicatorData:
    with Store.open(db_path) as store, use(lang):
        return queries.indicator_data(store, state.localized(catalogue_path, data_language()), indicator_id,
                                      lang=data_language(), **options)


@st.cache_data(show_spinner=False, max_entries=8)
def overview_timeline(db_path: str, catalogue_path: str | None, data_version: tuple,
                      lang: str) -> tuple[dict, str] | None:
    """The overview's timeline as a Vega-Lite spec, with the sentence that says it, built once for the data shown
    (to `today`, the key's last part); None without events to draw."""
    data = overview(db_path, catalogue_path, data_version, lang)
    with use(lang):
        catalogue = state.localized(catalogue_path, data_language())
        shown = views.timeline_events(data.events, data.targets)
        if not shown:
            return None
        names = {f: fam.name for f, fam in catalogue.families.items()}
        sentence = chart_words.events_sentence(shown, names)
        links = {f: language.indicator_link(i) for f, i in data.targets.items()}
        chart = charts.events_timeline(shown, names, domain=(views.TIMELINE_START, data_version[-1]), links=links)
        return charts.in_language(chart.properties(description=sentence)).to_dict(validate=False), sentence


@st.cache_data(show_spinner=False, max_entries=16)
def indicator_chart(db_path: str, catalogue_path: str | None, data_version: tuple, lang: str, indicator_id: str, *,
                    domain: tuple[str, str], description: str, **options) -> dict:
    """The indicator page's chart as a Vega-Lite spec, built once for what it shows: building and checking it
    against the schema cost most of a rerun of the page (its tests check every kind of chart the page draws)."""
    data = indicator_data(db_path, catalogue_path, data_version, lang, indicator_id, **options)
    found = summary(db_path, catalogue_path, data_version, lang, indicator_id)
    with use(lang):
        catalogue = state.localized(catalogue_path, data_language())
        ind = catalogue.indicators[indicator_id]
        chart = charts.indicator_chart(ind, catalogue.units[ind.unit], observations=data.observations,
                                       aggregate=data.aggregate, grain=options["grain"], baseline=found.baseline,
                                       window=catalogue.baseline_window, events=data.events, domain=domain,
                                       description=description)
        return charts.in_language(chart).to_dict(validate=False)


@st.cache_data(show_spinner=False, max_entries=8)
def events(db_path: str, data_version: tuple, lang: str, start: str | None, end: str | None,
           families: tuple[str, ...]) -> list[dict]:
    with Store.open(db_path) as store, use(lang):
        return queries.events(store, start=start, end=end, families=list(families), lang=data_language())


@st.cache_data(show_spinner=False, max_entries=8)
def news(db_path: str, catalogue_path: str | None, data_version: tuple, lang: str) -> news_.News:
    with Store.open(db_path) as store, use(lang):
        return news_.news(store, state.localized(catalogue_path, data_language()),
                          date.fromisoformat(data_version[-1]))
