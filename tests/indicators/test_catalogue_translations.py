"""The catalogue, its events and the notes of its figures read in Belarusian and Russian: every text translated,
nothing stale, ids and figures untouched, English as it was, and a catalogue without translations still working in
English."""
import dataclasses
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from indicators.model import catalogue_translations as ct
from indicators.model.catalogue import CatalogueError, load_catalogue
from indicators.seed import paper_events
from tests.languages import shipped_notes

ROOT = Path(__file__).resolve().parents[2]
SWITZERLAND = ROOT / "tests" / "fixtures" / "catalogues" / "switzerland" / "catalogue.toml"
LANGUAGES = ("be", "ru")
# Latin letters allowed in Belarusian and Russian texts: names and codes written so in both languages' media.
LATIN_NAMES = (
    "OONI Explorer", "OONI", "IODA", "BGP", "GDELT", "DOC", "API", "ACLED", "CPJ", "OSW", "URL", "COVID-19",
    "BYN", "USD", "EUR", "RUB", "Telegram", "YouTube", "Citizen Lab", "Freedom House", "Chatham House",
    "Our World in Data", "World Mortality Dataset", "Deutsche Welle", "TUT.BY", "Naviny.by", "Reform.by",
    "BelarusFeed", "EUR-Lex", "Pageviews", "PA.NUS.FCRF", "SM.POP.NETM", "dkobak/excess-mortality",
    "Associated Press", "CloudFront", "FIDH", "OMCT",
)
_LATIN_NAME = re.compile("|".join(rf"(?<![A-Za-z]){re.escape(n)}(?![A-Za-z])"
                                  for n in sorted(LATIN_NAMES, key=len, reverse=True)))
# A source's own words kept beside their translation: “…”, never «…», which is the translation's own quote.
_ORIGINAL = re.compile(r"“([^”]*)”")
# Codes a note carries as written: a site's address or a file's name (spring96.org/en/news/113244,
# freedomhouse.csv) and a note pattern's {placeholders}.
_CODE = re.compile(r"(?<![\w.])[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:/[\w./-]*)?|\{\w+\}")
# Letters of one language that the other does not have, and the names written in the other one.
FOREIGN_LETTERS = {"be": re.compile("[иИщЩъЪ]"), "ru": re.compile("[іІўЎ]")}
FOREIGN_NAMES = {"be": ("Российская газета", "Настоящего времени"), "ru": ()}


@pytest.fixture(scope="module")
def events(catalogue):
    return paper_events(catalogue)


@pytest.fixture(scope="module")
def notes(catalogue):
    return shipped_notes(catalogue)


# -- complete and current ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_text_of_the_catalogue_and_every_event_has_a_translation(catalogue, events, notes, lang):
    assert ct.missing(catalogue, lang, events, notes) == []
    texts = ct.pairs(catalogue, lang, events)
    assert {k.split(".")[0] for k in texts} == {"country", "families", "units", "differences", "cadences",
                                                 "indicators", "sources", "events", "notes"}
    assert len([k for k in texts if k.startswith("indicators.")]) == 3 * len(catalogue.indicators)
    assert len([k for k in texts if k.startswith("events.")]) == 2 * len(events)
    assert len([k for k in texts if k.startswith("notes.")]) == len(notes)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_translation_file_names_nothing_the_catalogue_does_not_have(catalogue, events, notes, lang):
    assert ct.unknown(catalogue, lang, events, notes) == []


def test_a_stale_key_a_misspelt_field_and_a_missing_text_are_each_named(own_translations, events):
    renamed = own_translations("be", """
[families.repressions]
name = "Рэпрэсіі"
[indicators.political_prisoners]
name = "Палітвязні"
defintion = "Колькасць палітвязняў."
[units.roadmaps]
label = "дарожныя карты"
forms = { one = "дарожная карта", few = "дарожныя карты", lots = "дарожных карт" }
[[events]]
date_start = "2020-08-09"
en = "Election day"
label = "Дзень выбараў"
""")
    assert sorted(ct.unknown(renamed, "be", events)) == [
        "events.2020-08-09 Election day", "families.repressions", "indicators.political_prisoners.defintion",
        "units.roadmaps.forms.lots"]
    absent = ct.missing(renamed, "be", events)
    assert "indicators.political_prisoners.definition" in absent and "families.repression.name" in absent
    assert {"units.roadmaps.forms.many", "units.roadmaps.forms.other"} <= set(absent)
    assert "events.2020-08-09 Presidential election day.label" in absent
    assert "indicators.political_prisoners.name" not in absent


def test_a_broken_translation_file_is_refused_naming_it(own_translations):
    broken = own_translations("ru", "[families.repression\nname = 'Репрессии'\n")
    with pytest.raises(CatalogueError, match=r"translations .*ru\.toml"):
        ct.localize(broken, "ru")
    twice = own_translations("be", "[[events]]\ndate_start = '2020-08-09'\nen = 'A'\n"
                                   "[[events]]\ndate_start = '2020-08-09'\nen = 'A'\n")
    with pytest.raises(CatalogueError, match="events #2 repeats '2020-08-09 A'"):
        ct.localize(twice, "be")


def test_a_language_is_a_code_not_a_path(catalogue):
    with pytest.raises(ValueError, match="'../be'"):
        ct.localize(catalogue, "../be")


# -- what localize changes, and what it never does --------------------------------------------------------


def _back_to_english(localized, catalogue):
    """The localized catalogue with its English texts put back: what is left must be the catalogue itself."""
    return dataclasses.replace(
        localized,
        country=dataclasses.replace(localized.country, name=catalogue.country.name),
        families={fid: dataclasses.replace(f, name=catalogue.families[fid].name,
                                           description=catalogue.families[fid].description)
                  for fid, f in localized.families.items()},
        units={uid: dataclasses.replace(u, label=catalogue.units[uid].label,
                                        description=catalogue.units[uid].description, difference_words=())
               for uid, u in localized.units.items()},
        indicators={iid: dataclasses.replace(
            i, name=catalogue.indicators[iid].name, definition=catalogue.indicators[iid].definition,
            paper_context=catalogue.indicators[iid].paper_context,
            sources=tuple(dataclasses.replace(s, name=e.name)
                          for s, e in zip(i.sources, catalogue.indicators[iid].sources, strict=True)))
            for iid, i in localized.indicators.items()})


@pytest.mark.parametrize("lang", LANGUAGES)
def test_localize_translates_the_display_texts_and_nothing_else(catalogue, lang):
    localized = ct.localize(catalogue, lang)
    assert _back_to_english(localized, catalogue) == catalogue
    shown = {"country": localized.country.name}
    for table, entries in (("families", localized.families), ("units", localized.units),
                           ("indicators", localized.indicators)):
        shown |= {f"{table}.{key}.{name}": getattr(entry, name) for key, entry in entries.items()
                  for name in ct.FIELDS[table]}
    shown |= {f"sources.{s.name}": l.name for i, li in zip(catalogue.indicators.values(), localized.indicators.values())
              for s, l in zip(i.sources, li.sources)}
    texts = ct.pairs(catalogue, lang)
    assert shown == {k: texts[k][1] for k in shown}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_only_names_and_codes_read_as_in_english(catalogue, events, lang):
    assert [k for k, (english, text) in ct.pairs(catalogue, lang, events).items() if english == text] == [
        "units.percent.label", "units.byn_per_usd.label", "units.byn_per_eur.label", "units.byn_per_100_rub.label",
        "sources.OONI Explorer", "sources.GDELT DOC 2.0 API"]


def test_the_catalogue_reads_in_belarusian_and_in_russian(catalogue):
    be, ru = ct.localize(catalogue, "be"), ct.localize(catalogue, "ru")
    assert (be.country.name, ru.country.name) == ("Беларусь", "Беларусь")
    assert (be.indicators["political_prisoners"].name, ru.indicators["political_prisoners"].name) == (
        "Палітвязні", "Политзаключённые")
    assert (be.families["repression"].name, ru.families["repression"].name) == ("Рэпрэсіі", "Репрессии")
    assert be.indicators["arbitrary_detentions"].sources[0].name == "Праваабарончы цэнтр «Вясна»"
    assert ru.indicators["arbitrary_detentions"].sources[0].name == "Правозащитный центр «Весна»"
    assert "Лукашэнкі" in be.indicators["trust_president_minsk"].paper_context
    assert "Лукашенко" in ru.indicators["trust_president_minsk"].paper_context


def test_english_is_the_catalogue_itself_and_the_event_as_stored(catalogue, events):
    assert ct.localize(catalogue, "en") is catalogue
    assert ct.localize_event(events[0], "en", catalogue) == events[0]
    assert ct.cadence_label(catalogue, "daily", "en") == "daily"
    assert ct.difference_words(catalogue, "places", 14, "en") == "places"
    assert ct.unit_words(catalogue, "usd_million", 260, "en") == "USD m"


def test_a_text_without_translation_stays_in_english(own_translations, catalogue):
    partial = own_translations("be", '[indicators.political_prisoners]\nname = "Палітвязні"\n')
    localized = ct.localize(partial, "be")
    assert localized.indicators["political_prisoners"].name == "Палітвязні"
    assert localized.indicators["political_prisoners"].definition == \
        catalogue.indicators["political_prisoners"].definition
    assert localized.families == catalogue.families
    assert ct.cadence_label(partial, "daily", "be") == "daily"


# -- events -----------------------------------------------------------------------------------------------


def test_an_event_read_from_the_store_has_its_label_and_description_translated(seeded, catalogue):
    (row,) = [e for e in seeded.events(start="2020-08-09", end="2020-08-09") if e["label"] == "Presidential election day"]
    be, ru = ct.localize_event(row, "be", catalogue), ct.localize_event(row, "ru", catalogue)
    assert (be["label"], ru["label"]) == ("Дзень прэзідэнцкіх выбараў", "День президентских выборов")
    assert be["description"] == "Выбары, напярэдадні якіх напісаны даклад."
    assert {k: v for k, v in be.items() if k not in ("label", "description")} == \
        {k: v for k, v in dict(row).items() if k not in ("label", "description")}


def test_an_event_the_translations_do_not_know_stays_in_english(catalogue):
    row = {"date_start": "2024-01-01", "label": "Something new", "description": "Entered by hand."}
    assert ct.localize_event(row, "be", catalogue) == row


def test_event_translations_come_from_the_catalogue_in_use(monkeypatch, events):
    election = next(e for e in events if e["label"] == "Presidential election day")
    monkeypatch.setenv("BAROMETER_CATALOGUE", str(SWITZERLAND))
    assert ct.localize_event(election, "be") == election
    monkeypatch.delenv("BAROMETER_CATALOGUE")
    assert ct.localize_event(election, "be")["label"] == "Дзень прэзідэнцкіх выбараў"


# -- another country's catalogue --------------------------------------------------------------------------


def test_a_catalogue_without_translations_works_in_english():
    swiss = load_catalogue(SWITZERLAND)
    assert swiss.country.translations is None
    for lang in LANGUAGES:
        assert ct.localize(swiss, lang) is swiss
        assert ct.cadence_label(swiss, "daily", lang) == "daily"
        assert ct.unit_words(swiss, "percent", 5, lang) == "%"
    (event,) = paper_events(swiss)
    assert ct.localize_event(event, "be", swiss) == event


def test_translations_are_found_beside_the_catalogue_that_is_used(tmp_path):
    folder = tmp_path / "switzerland"
    shutil.copytree(SWITZERLAND.parent, folder)
    toml = folder / "catalogue.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        'events = "events.csv"', 'events = "events.csv"\ntranslations = "texts"'), encoding="utf-8")
    (folder / "texts").mkdir()
    (folder / "texts" / "ru.toml").write_text(
        '[country]\nname = "Швейцария"\n[families.information_control]\nname = "Контроль над информацией"\n',
        encoding="utf-8")
    swiss = load_catalogue(toml)
    ru = ct.localize(swiss, "ru")
    assert ru.country.name == "Швейцария" and ru.families["information_control"].name == "Контроль над информацией"
    assert ct.localize(swiss, "be") is swiss


# -- plural forms -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "word", "expected"), [
    ("be", "places", ["месца", "месцы", "месцаў", "месцаў", "месца", "месцы", "месца"]),
    ("ru", "places", ["место", "места", "мест", "мест", "место", "места", "места"]),
    ("be", "points", ["пункт", "пункты", "пунктаў", "пунктаў", "пункт", "пункты", "пункта"]),
    ("ru", "points", ["пункт", "пункта", "пунктов", "пунктов", "пункт", "пункта", "пункта"]),
    ("be", "people", ["чалавек", "чалавекі", "чалавек", "чалавек", "чалавек", "чалавекі", "чалавека"]),
    ("ru", "people", ["человек", "человека", "человек", "человек", "человек", "человека", "человека"]),
])
def test_a_difference_takes_the_form_its_number_asks_for(catalogue, lang, word, expected):
    numbers = (1, 2, 5, 11, 21, 22, 4.5)
    assert [ct.difference_words(catalogue, word, n, lang) for n in numbers] == expected
    assert ct.difference_words(catalogue, word, -22, lang) == expected[5]
    assert ct.difference_words(catalogue, word, 21.0, lang) == expected[4]


def test_a_unit_with_forms_agrees_with_its_number_and_one_without_keeps_its_label(catalogue):
    assert [ct.unit_words(catalogue, "roadmaps", n, "be") for n in (1, 2, 5, 28.5)] == [
        "дарожная карта", "дарожныя карты", "дарожных карт", "дарожнай карты"]
    assert [ct.unit_words(catalogue, "roadmaps", n, "ru") for n in (21, 22, 11, 28.5)] == [
        "дорожная карта", "дорожные карты", "дорожных карт", "дорожной карты"]
    assert ct.unit_words(catalogue, "roadmaps", None, "ru") == "дорожные карты"
    assert [ct.unit_words(catalogue, "usd_million", 260, lang) for lang in LANGUAGES] == ["млн дол.", "млн долл."]
    assert ct.difference_words(catalogue, "pp", 4.5, "be") == "п. п."


def test_cadences_read_as_words(catalogue):
    assert [ct.cadence_label(catalogue, c, "be") for c in catalogue.cadences] == [
        "штодня", "штотыдзень", "штомесяц", "штоквартал", "штогод", "паводле падзей", "нерэгулярна"]
    assert ct.cadence_label(catalogue, "irregular", "ru") == "нерегулярно"


# -- how the texts are written ----------------------------------------------------------------------------


def _numbers(text: str, *, ordinals: bool) -> set[str]:
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)              # 1,140 (English thousands)
    text = re.sub(r"(?<=\d)[\u00a0\u202f ](?=\d{3}\b)", "", text)  # 63 000 (Belarusian and Russian thousands)
    text = re.sub(r"(?<=\d),(?=\d)", ".", text)                   # 6,9 (a decimal comma)
    found = re.findall(r"\d+(?:\.\d+)?(?![\d.]*(?:st|nd|rd|th)\b)", text)
    return set(found) | (set(re.findall(r"(\d+)(?:st|nd|rd|th)\b", text)) if ordinals else set())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_figures_and_placeholders_survive_translation(catalogue, events, lang):
    for where, (english, text) in ct.pairs(catalogue, lang, events).items():
        # every figure of the English is there; an ordinal ("2nd") may be written as a word
        assert _numbers(english, ordinals=False) <= _numbers(text, ordinals=True), where
        assert _numbers(text, ordinals=True) <= _numbers(english, ordinals=True), where
        assert re.findall(r"\{\w*\}|%\(\w+\)s|%s", english) == re.findall(r"\{\w*\}|%\(\w+\)s|%s", text), where


@pytest.mark.parametrize("lang", LANGUAGES)
def test_texts_are_cyrillic_but_for_names_codes_and_quoted_originals(catalogue, events, lang):
    for where, (english, text) in ct.pairs(catalogue, lang, events).items():
        for original in _ORIGINAL.findall(text):
            assert original in english, (where, original)
        rest = _LATIN_NAME.sub("", _CODE.sub("", _ORIGINAL.sub("", text)))
        assert not re.search(r"[A-Za-z]", rest), (where, rest)
        for name in FOREIGN_NAMES[lang]:
            rest = rest.replace(name, "")
        assert not FOREIGN_LETTERS[lang].search(rest), (where, rest)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_quotes_are_closed_and_proper_names_spelt_as_at_home(catalogue, events, lang):
    texts = ct.pairs(catalogue, lang, events)
    for where, (_, text) in texts.items():
        assert text.count("«") == text.count("»") and text.count("“") == text.count("”"), where
        assert text == text.strip() and "  " not in text, where
    everything = " ".join(t for _, t in texts.values())
    names = {"be": ("Лукашэнк", "Ціханоўск", "Бабарык", "«Вясн"), "ru": ("Лукашенко", "Тихановск", "Бабарико",
                                                                       "«Весн")}[lang]
    assert all(n in everything for n in names)
    wrong = {"be": ("Лукашенк", "Тихановск", "Бабарико", "Viasna"), "ru": ("Лукашэнк", "Ціханоўск", "Viasna",
                                                                           "Белоруссия")}[lang]
    assert [n for n in wrong if n in everything] == []


# -- cost -------------------------------------------------------------------------------------------------


def test_localizing_loads_no_heavy_library_and_babel_only_for_a_plural():
    code = ("import sys\nfrom indicators.model.catalogue import load_catalogue\n"
            "from indicators.model import catalogue_translations as ct\nc = load_catalogue()\nct.localize(c, 'be')\n"
            "print(sorted(m for m in ('babel', 'pandas', 'streamlit', 'altair', 'httpx') if m in sys.modules))\n"
            "ct.difference_words(c, 'places', 5, 'be')\nprint('babel' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.split("\n")[:2] == ["[]", "True"]


def test_a_language_folder_adds_texts_by_topic_and_refuses_a_text_given_twice(tmp_path):
    folder = tmp_path / "switzerland"
    shutil.copytree(SWITZERLAND.parent, folder)
    toml = folder / "catalogue.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        'events = "events.csv"', 'events = "events.csv"\ntranslations = "texts"'), encoding="utf-8")
    (folder / "texts" / "ru").mkdir(parents=True)
    (folder / "texts" / "ru.toml").write_text('[country]\nname = "Швейцария"\n', encoding="utf-8")
    (folder / "texts" / "ru" / "information.toml").write_text(
        '[families.information_control]\nname = "Контроль над информацией"\n', encoding="utf-8")
    ru = ct.localize(load_catalogue(toml), "ru")
    assert ru.country.name == "Швейцария" and ru.families["information_control"].name == "Контроль над информацией"
    (folder / "texts" / "ru" / "more.toml").write_text('[country]\nname = "Швейцарія"\n', encoding="utf-8")
    ct._read.cache_clear()
    with pytest.raises(CatalogueError, match="more.toml: country.name is given in another file too"):
        ct.localize(load_catalogue(toml), "ru")
