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

from collectors.registry import REGISTRY
from collectors.history import initialize_all
from dashboard import auth, state
from indicators.input import entry, imports
from indicators.model.catalogue_translations import cadence_label, localize_event, localize_note
from indicators.cli.main import cli
from indicators.input.hand_sources import host
from indicators import settings
from indicators.languages.i18n import PSEUDO, data_language, use
from indicators.store import Store

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
    monkeypatch.delenv(settings.LANG.name, raising=False)
    first = entry.add(seeded, catalogue, {
        "indicator_id": "arbitrary_detentions", "value": "120", "period_start": "2021-03-01",
        "period_end": "2021-03-31", "source_url": "https://spring96.org/en/news/101", "entered_by": "analyst",
        "note": "Viasna's monthly count", "citation": "at least 120 people were detained"})
    entry.correct(seeded, catalogue, first, {**entry.record_of(seeded.get(first)), "value": "125",
                                             "entered_by": "analyst"}, reason="recounted")
    return seeded


def allowed(store, lang: str) -> set[str]:
    """What may stay in Latin letters on a page in `lang`: the catalogue's texts as its translations give them in
    that language (cadences and events too), what people entered (notes as translated where a translation file
    has them, citations, names, sources, reasons),
    alerts as they were written (once, in the deployment's language), and ids."""
    with use(lang):
        cat, data_lang = state.catalogue(), data_language()
        phrases = {*REGISTRY, ",".join(imports.COLUMNS), *(f"barometer {c}" for c in cli.list_commands(None))}  # typed as written
        for ind in cat.indicators.values():
            phrases |= {ind.id, ind.name, ind.definition, ind.paper_context,
                        cadence_label(cat, ind.cadence, data_lang)}
            phrases |= {part for s in ind.sources for part in (s.name, s.url)}
        for family in cat.families.values():
            phrases |= {family.name, family.description}
        for unit in cat.units.values():
            phrases |= {unit.label, unit.description, unit.difference or ""}
        for row in _all_observations(store, cat):
            note = localize_note(row["note"] or "", data_lang, cat, collector=row.get("collector"))
            phrases |= {note, row["citation"] or "", row["entered_by"], row["source_url"] or "",
                        host(row["source_url"] or ""), row["status_reason"] or ""}
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
    (as AppTest needs to learn the app's navigation). The pseudo-language is put in the session: no address
    can ask for it."""
    at = AppTest.from_file(APP, default_timeout=90)
    if lang == PSEUDO:
        at.session_state["lang"] = PSEUDO
    else:
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


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, catalogue):
    """What `barometer init` loads: the paper, the cited figures and the recorded history, with collector runs."""
    path = tmp_path_factory.mktemp("loaded") / "data.db"
    with Store.open(path) as store:
        initialize_all(store, catalogue)
    return path


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name, path, params", [
    ("overview", None, {}), ("sources", "sources.py", {}),
    ("indicator-weekly", "indicator.py", {"indicator": "covid_cases_reported"}),
    ("indicator-yearly", "indicator.py", {"indicator": "internet_freedom_score"})])
def test_the_pages_of_the_readme_read_wholly_in_the_language_on_everything_init_loads(loaded, monkeypatch, lang,
                                                                                      name, path, params):
    monkeypatch.setenv("BAROMETER_DB", str(loaded))
    monkeypatch.delenv(settings.LANG.name, raising=False)
    at = page(lang, path, **params)
    with Store.open(loaded) as store:
        assert english_left(texts(at), allowed(store, lang)) == []


# -- choosing the language --------------------------------------------------------------------------------


def test_the_sidebar_switch_writes_the_language_into_the_address(served):
    at = page("en")
    assert at.title[0].value == "Legitimacy Barometer"
    switch = at.radio(key="language_switch")
    assert switch.options == ["Беларуская", "Русский", "English"] and switch.value == "en"
    switch.set_value("be").run()
    assert at.query_params["lang"] == "be"
    assert at.title[0].value == "Барометр легітымнасці" and at.radio(key="language_switch").label == "Мова"
    at.radio(key="language_switch").set_value("ru").run()
    assert at.query_params["lang"] == "ru" and at.title[0].value == "Барометр легитимности"


def test_the_language_survives_going_from_the_overview_to_an_indicator_page(served):
    at = page("ru")
    links = [link for df in at.dataframe if "link" in df.value for link in df.value["link"]]
    assert links and all(link.endswith("&lang=ru") for link in links)
    # Streamlit's own navigation may drop the address's parameters: the session keeps the language.
    at.switch_page(f"{PAGES_DIR}/indicator.py")
    at.query_params.clear()
    at.query_params["indicator"] = "arbitrary_detentions"
    at.run()
    assert not at.exception
    assert [m.label for m in at.metric][:2] == ["Последнее", "Базовый уровень 2020"]
    assert at.query_params["lang"] == "ru" and at.query_params["indicator"] == "arbitrary_detentions"


def test_a_shared_link_opens_in_its_own_language_whatever_the_session_read_before(served):
    at = page("ru")
    at.query_params["lang"] = "be"
    at.run()
    assert at.title[0].value == "Барометр легітымнасці" and at.radio(key="language_switch").value == "be"


def test_an_unknown_language_shows_the_default_with_a_notice_never_an_error(served, monkeypatch):
    at = page("xx")
    assert not at.exception and at.title[0].value == "Legitimacy Barometer"
    assert at.warning[0].value.startswith("The language “xx” is not available, so the page is shown in English.")
    assert at.query_params["lang"] == "en"
    monkeypatch.setenv(settings.LANG.name, "be")
    at = page("de-DE")
    assert at.title[0].value == "Барометр легітымнасці"
    assert at.warning[0].value.startswith("Мовы «de-DE» няма, таму старонка паказана на мове: Беларуская.")


def test_barometer_lang_sets_the_language_of_a_page_opened_without_one(served, monkeypatch):
    monkeypatch.setenv(settings.LANG.name, "ru")
    at = AppTest.from_file(APP, default_timeout=90).run()
    assert at.title[0].value == "Барометр легитимности" and at.query_params["lang"] == "ru"


def test_sessions_in_two_languages_never_share_a_cached_text(served):
    """The overview's rows are cached per database version; a session in Russian after one in Belarusian (the
    same process, the same cache) reads its own language."""
    be, ru = page("be"), page("ru")
    latest = lambda at: {v for df in at.dataframe if "latest" in df.value for v in df.value["latest"]}  # noqa: E731
    assert any("за 30 дзён" in v for v in latest(be)) and not any("за 30 дзён" in v for v in latest(ru))
    assert any("за 30 дней" in v for v in latest(ru))
    again = page("be")
    assert latest(again) == latest(be)


@pytest.mark.parametrize("lang, asked, wrong", [("be", "Пароль рэдактара", "Няправільны пароль."),
                                               ("ru", "Пароль редактора", "Неверный пароль.")])
def test_the_editor_password_is_asked_for_in_the_readers_language(served, monkeypatch, lang, asked, wrong):
    monkeypatch.setenv("BAROMETER_EDITOR_PASSWORD", "correct horse")
    at = page(lang, "add.py")
    assert at.text_input(key="editor_password").label == asked
    at.text_input(key="editor_password").set_value("wrong")
    at.button[0].click().run()
    assert at.error[0].value.startswith(wrong)
    assert english_left(texts(at), allowed(served, lang)) == []
