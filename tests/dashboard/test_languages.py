"""The dashboard in Belarusian, Russian and English: every page reads wholly in the language asked for, a string
that bypasses translation shows under the pseudo-language, the choice travels in the URL and survives moving
between pages, an unknown language falls back with a notice, and no cached text crosses from one language to
another.

The pages run through app.py as `barometer dashboard` serves them (served_app.py), so the language is chosen
where it is in production.
"""
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from collectors import REGISTRY
from dashboard import state
from indicators import entry, imports
from indicators.catalogue_translations import cadence_label, localize_event
from indicators.i18n import LANG_ENV, PSEUDO, data_language, use

from .visible_text import english_left, texts

APP = str(Path(__file__).resolve().with_name("served_app.py"))
PAGES_DIR = "../../dashboard/pages"  # switch_page takes a page's path from the script AppTest runs
LANGUAGES = ["be", "ru"]


@pytest.fixture
def served(seeded, catalogue, monkeypatch):
    """The dashboard on the seeded store, editable without a password, with one figure of every kind of text
    (a note, a citation, a correction)."""
    monkeypatch.setenv("BAROMETER_DB", seeded.path)
    monkeypatch.delenv("BAROMETER_READONLY", raising=False)
    monkeypatch.delenv("BAROMETER_EDITOR_PASSWORD", raising=False)
    monkeypatch.delenv(LANG_ENV, raising=False)
    first = entry.add(seeded, catalogue, {
        "indicator_id": "arbitrary_detentions", "value": "120", "period_start": "2021-03-01",
        "period_end": "2021-03-31", "source_url": "https://spring96.org/en/news/101", "entered_by": "analyst",
        "note": "Viasna's monthly count", "citation": "at least 120 people were detained"})
    entry.correct(seeded, catalogue, first, {**entry.record_of(seeded.get(first)), "value": "125",
                                             "entered_by": "analyst"}, reason="recounted")
    return seeded


def allowed(store, lang: str) -> set[str]:
    """What may stay in Latin letters on a page in `lang`: the catalogue's texts as its translations give them in
    that language (cadences and events too), what people entered (notes, citations, names, sources, reasons),
    alerts as they were written (once, in the deployment's language), and ids."""
    with use(lang):
        cat, data_lang = state.catalogue(), data_language()
        phrases = {*REGISTRY, ",".join(imports.COLUMNS)}
        for ind in cat.indicators.values():
            phrases |= {ind.id, ind.name, ind.definition, ind.paper_context,
                        cadence_label(cat, ind.cadence, data_lang)}
            phrases |= {part for s in ind.sources for part in (s.name, s.url)}
        for family in cat.families.values():
            phrases |= {family.name, family.description}
        for unit in cat.units.values():
            phrases |= {unit.label, unit.description, unit.difference or ""}
        for row in _all_observations(store, cat):
            phrases |= {row["note"] or "", row["citation"] or "", row["entered_by"], row["source_url"] or "",
                        row["status_reason"] or ""}
        for alert in store.alerts(include_resolved=True, limit=1000):
            phrases |= {alert["title"], alert["explanation"], alert["resolution"] or ""}
        for event in store.events():
            shown = localize_event(event, data_lang)
            phrases |= {shown["label"], shown["description"] or "", shown["source_url"] or ""}
    return phrases


def _all_observations(store, catalogue):
    return [r for i in catalogue.indicators for r in store.observations(i, include_inactive=True)]


def page(lang: str, path: str | None = None, **params) -> AppTest:
    """A page opened by its address, `?lang=` and its other parameters given, after a first visit to the overview
    (as AppTest needs to learn the app's navigation)."""
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["lang"] = lang
    at.run()
    if path:
        at.switch_page(f"{PAGES_DIR}/{path}")
        at.query_params.update(params)
        at.run()
    assert not at.exception, at.exception
    return at


PAGES = {
    "overview": (None, {}),
    "indicator": ("indicator.py", {"indicator": "arbitrary_detentions"}),
    "indicator-weekly": ("indicator.py", {"indicator": "trust_president_minsk"}),
    "add": ("add.py", {}),
    "observation": ("edit.py", {}),
    "sources": ("sources.py", {}),
    "events": ("events.py", {}),
    "export": ("export.py", {"week": "2020-W32"}),
    "alerts": ("alerts.py", {}),
}


@pytest.mark.parametrize("lang", [*LANGUAGES, PSEUDO])
@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_reads_wholly_in_the_language_asked_for(served, catalogue, lang, name):
    """In Belarusian and Russian no English is left but data and proper names; under the pseudo-language every
    message is visibly changed, so any text that bypassed translation would be left in plain Latin letters."""
    path, params = PAGES[name]
    at = page(lang, path, **params)
    if name == "indicator":  # every kind of chart text: events of all families, the chart's data table
        at.toggle(key="all_events").set_value(True).run()
    if name == "observation":
        at.number_input(key="observation_number").set_value(_last_observation(served)).run()
    assert not at.exception, at.exception
    shown = texts(at)
    assert len(shown) > 10
    assert english_left(shown, allowed(served, lang)) == []


def _last_observation(store) -> int:
    return store.last_observations(1)[0]["id"]
