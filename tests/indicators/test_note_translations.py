"""The notes of figures read in Belarusian and Russian wherever they are shown: every note a fresh install stores
has a translation, a collector's note pattern carries its values across, a note a person typed is shown as typed,
nothing hostile in a note changes that, and the store keeps every note as it was written."""
import csv
import io
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from indicators.model import catalogue_translations as ct
from indicators.model.catalogue import CatalogueError, load_catalogue
from indicators.store import Store
from tests.backends import table_digest
from tests.languages import (catalogue_texts, collector_notes, english_left, fresh_install, run, shipped_notes,
                             stored_texts)

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("be", "ru")
WEEK = "2020-W32"



@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """A store as `barometer init` leaves it: the shipped figures and the recorded history."""
    return fresh_install(tmp_path_factory.mktemp("notes"))


def stored_notes(db) -> list[tuple[str, str | None]]:
    """Every distinct (note, collector) of the store."""
    with Store.open(db) as store:
        rows = store.conn.execute("SELECT DISTINCT note, collector FROM observations WHERE note IS NOT NULL")
        return [(note, collector) for note, collector in rows]


def data(db, lang: str) -> list[str]:
    catalogue = load_catalogue()
    with Store.open(db) as store:
        return catalogue_texts(catalogue, lang) + stored_texts(store, catalogue, lang, notes_translated=True)


# -- complete and current ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_note_a_fresh_install_stores_reads_translated(catalogue, fresh, lang):
    notes = stored_notes(fresh)
    by = {collector for _, collector in notes}
    assert {None, "freedom_house", "minsk_cases", "world_mortality"} <= by
    typed = [n for n, c in notes if c is None]
    assert len(typed) == len([n for n, c in shipped_notes(catalogue) if c is None]) and len(typed) >= 106
    assert ct.missing(catalogue, lang, notes=notes) == []
    for note, collector in notes:
        assert ct.localize_note(note, lang, catalogue, collector=collector) != note


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_collector_note_has_its_pattern_and_every_pattern_a_collector(catalogue, lang):
    templates = collector_notes()
    assert {c for _, c in templates} == {"acled", "freedom_house", "gdelt", "ioda", "minsk_cases", "ooni",
                                         "owid_vaccinations", "wikipedia", "world_mortality"}
    assert ct.missing(catalogue, lang, notes=templates) == []
    assert {(p.en, p.collector) for p in ct.translations(catalogue, lang).note_patterns} == set(templates)


def test_a_stale_note_and_a_stale_pattern_are_named(own_translations, catalogue):
    stale = own_translations("be", """
[[notes]]
en = "Viasna count of political prisoners"
text = "Колькасць палітвязняў паводле «Вясны»"
[[notes]]
collector = "freedom_house"
en = "Freedom in the World, {edition} edition"
text = "«Свабода ў свеце», выпуск {edition} года"
[[notes]]
en = "Human rights defenders (Viasna)."
text = "Праваабаронцы («Вясна»)."
tone = "formal"
""")
    assert ct.unknown(stale, "be", notes=shipped_notes(catalogue)) == [
        "notes #3.tone", "notes.Viasna count of political prisoners",
        "notes.freedom_house: Freedom in the World, {edition} edition"]
    assert "notes.Size of each of the two December 2019 rallies." in ct.missing(stale, "be",
                                                                                 notes=shipped_notes(catalogue))


@pytest.mark.parametrize(("text", "error"), [
    ('[[notes]]\nen = "A note"\n', "notes #1 needs en"),
    ('notes = "A note"\n', "notes must be an array"),
    ('[[notes]]\nen = "A"\ntext = "Б"\n[[notes]]\nen = "A"\ntext = "В"\n', "notes #2 repeats 'A'"),
    ('[[notes]]\ncollector = "ioda"\nen = "{points} points"\ntext = "кропак даных"\n',
     "notes #1: text must carry the placeholders of en .points., it has none"),
    ('[[notes]]\ncollector = "ioda"\nen = "{points} points"\ntext = "{pints} кропак"\n',
     "notes #1: text must carry the placeholders of en .points., it has pints"),
    ('[[notes]]\ncollector = "ioda"\nen = "points"\ntext = "кропкі"\n', "notes #1: en has no .placeholder."),
])
def test_a_broken_note_entry_is_refused_naming_it(own_translations, text, error):
    with pytest.raises(CatalogueError, match=rf"translations .*be\.toml: {error}"):
        ct.localize_note("A note", "be", own_translations("be", text))


# -- what a note reads as ---------------------------------------------------------------------------------


def test_a_shipped_note_reads_in_belarusian_and_in_russian(catalogue):
    note = "Viasna count of recognised political prisoners; year from URL"
    assert ct.localize_note(note, "be", catalogue) == \
        "Колькасць прызнаных палітвязняў паводле «Вясны»; год — з URL-адраса"
    assert ct.localize_note(note, "ru", catalogue) == \
        "Число признанных политзаключённых по данным «Весны»; год — из URL-адреса"
    assert ct.localize_note(note, "en", catalogue) == note


@pytest.mark.parametrize(("collector", "note", "be", "ru"), [
    ("freedom_house", "Freedom in the World 2024 edition, covering 2023", "«Свабода ў свеце», выпуск 2024 года, за 2023 год",
     "«Свобода в мире», выпуск 2024 года, за 2023 год"),
    ("minsk_cases", "1001 leaked Minsk cases, 1219 official national",
     "выпадкаў у Мінску паводле ўцечкі: 1001, афіцыйна па ўсёй краіне: 1219",
     "случаев в Минске по утечке: 1001, официально по всей стране: 1219"),
    ("world_mortality", "10413 deaths against a 2015–2019 average of 9245.2",
     "смерцяў: 10413, сярэдняе за 2015–2019 гады: 9245.2", "смертей: 10413, среднее за 2015–2019 годы: 9245.2"),
    ("ooni", "120 measurements, 3 failed, 7 anomalous, 0 confirmed blocked, one total from 2020-08-09 to "
             "2020-08-16 (no per-day axis)",
     "вымярэнняў: 120, са збоем: 3, з анамаліяй: 7, з пацверджаным блакаваннем: 0; адна агульная лічба з "
     "2020-08-09 па 2020-08-16 (без разбіўкі па днях)",
     "измерений: 120, со сбоем: 3, с аномалией: 7, с подтверждённой блокировкой: 0; одна общая цифра с "
     "2020-08-09 по 2020-08-16 (без разбивки по дням)"),
    ("wikipedia", "sum of 2 article(s): en.wikipedia/Sviatlana_Tsikhanouskaya, ru.wikipedia/Бабарико,_Виктор",
     "сума па артыкулах (2): en.wikipedia/Sviatlana_Tsikhanouskaya, ru.wikipedia/Бабарико,_Виктор",
     "сумма по статьям (2): en.wikipedia/Sviatlana_Tsikhanouskaya, ru.wikipedia/Бабарико,_Виктор"),
])
def test_a_collectors_note_carries_its_values_across_unchanged(catalogue, collector, note, be, ru):
    assert ct.localize_note(note, "be", catalogue, collector=collector) == be
    assert ct.localize_note(note, "ru", catalogue, collector=collector) == ru


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_number_of_a_stored_note_is_in_its_translation_as_written(catalogue, fresh, lang):
    for note, collector in stored_notes(fresh):
        if collector is None:
            continue  # the translation test checks the shipped notes' figures, however each language writes them
        shown = ct.localize_note(note, lang, catalogue, collector=collector)
        assert re.findall(r"\d+(?:\.\d+)?", note) == re.findall(r"\d+(?:\.\d+)?", shown), (note, shown)


@pytest.mark.parametrize("note", [
    "Зафіксавана ў Гродне з чужых слоў",               # typed in Belarusian
    "Со слов задержанных, данные неполные",            # typed in Russian
    "Counted by hand from the court lists",            # English with no translation
    "Protests in Minsk",                               # reads like an ACLED note, but a person wrote it
    "Freedom in the World 2019",                       # a collector's wording, typed by a person
])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_note_a_person_typed_is_shown_as_typed(catalogue, note, lang):
    assert ct.localize_note(note, lang, catalogue) == note
    assert ct.localize_note(note, lang, catalogue, collector=None) == note


def test_a_pattern_reads_only_the_notes_of_its_own_collector(catalogue):
    assert ct.localize_note("Protests in Belarus", "be", catalogue, collector="acled") == \
        "падзеі катэгорыі ACLED «Protests», Belarus"
    assert ct.localize_note("Protests in Belarus", "be", catalogue, collector="gdelt") == "Protests in Belarus"
    assert ct.localize_note("Freedom in the World 2019", "ru", catalogue, collector="world_mortality") == \
        "Freedom in the World 2019"


@pytest.mark.parametrize(("collector", "note"), [
    ("freedom_house", "Freedom in the World"), ("freedom_house", "About Freedom in the World 2019"),
    ("gdelt", "12 of 40 articles, roughly"), ("wikipedia", "sum of 2 article(s)"), ("acled", "in"),
])
def test_a_note_that_only_begins_or_ends_like_a_pattern_is_not_read_as_one(catalogue, collector, note):
    assert ct.localize_note(note, "be", catalogue, collector=collector) == note


# -- hostile input ------------------------------------------------------------------------------------------


HOSTILE = [
    "{", "}", "{kind}", "{0}", "{kind} in {place}", "{{kind}} in {{place}}", "%s in %(place)s",
    r"(.*)+ in [^a]\1 $^ \d+ (?P<kind>x)", "\\", "a in b" * 3, "\u202e in \u2066", "Freedom in the World {edition} edition, covering {year}",
]


@pytest.mark.parametrize("note", HOSTILE)
@pytest.mark.parametrize("collector", [None, "acled", "freedom_house"])
def test_a_hostile_note_is_shown_as_it_is_or_with_its_values_carried_literally(catalogue, note, collector):
    shown = ct.localize_note(note, "be", catalogue, collector=collector)
    if collector == "acled" and " in " in note:
        kind, place = note.split(" in ", 1)
        assert shown == f"падзеі катэгорыі ACLED «{kind}», {place}"
    elif collector == "freedom_house" and note.startswith("Freedom in the World "):
        edition, year = note.removeprefix("Freedom in the World ").split(" edition, covering ")
        assert shown == f"«Свабода ў свеце», выпуск {edition} года, за {year} год"
    else:
        assert shown == note


def test_a_very_long_note_is_shown_as_it_is_and_quickly(catalogue):
    """Longer than a note may be, a text is no collector's note; up to that, the worst a pattern meets is quick."""
    too_long = [" in " * 250_000, "x of " * 200_000 + " articles", "{" * 1_000_000, "Freedom in the World " * 50_000]
    at_most = ["7 of " * 398 + " articles!", "7 of " * 396 + "7 articles ! articles", "{n} of " * 285]
    started = time.perf_counter()
    for note in too_long + at_most:
        for collector in (None, "acled", "gdelt", "freedom_house", "ooni", "world_mortality"):
            assert ct.localize_note(note, "ru", catalogue, collector=collector) == note
    assert time.perf_counter() - started < 2
    counted = ct.localize_note("7 of " * 398 + "7 articles", "ru", catalogue, collector="gdelt")
    assert counted.startswith("статей: 7 из 7 of ")
    assert ct.localize_note("", "be", catalogue) == "" and ct.localize_note(None, "be", catalogue) is None


def test_a_pattern_with_regex_characters_in_its_english_matches_them_literally(own_translations):
    odd = own_translations("be", r"""
[[notes]]
collector = "gdelt"
en = "(a+b)* [$] {n} of {n} \\d"
text = "{n} — двойчы"
""")
    assert ct.localize_note(r"(a+b)* [$] 7 of 7 \d", "be", odd, collector="gdelt") == "7 — двойчы"
    assert ct.localize_note(r"(a+b)* [$] 7 of 8 \d", "be", odd, collector="gdelt") == r"(a+b)* [$] 7 of 8 \d"
    assert ct.localize_note("aab [$] 7 of 7 d", "be", odd, collector="gdelt") == "aab [$] 7 of 7 d"


def test_a_language_is_a_code_not_a_path(catalogue):
    with pytest.raises(ValueError, match="'../be'"):
        ct.localize_note("BAJ count", "../be", catalogue)


# -- where notes are shown ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def briefs(fresh, tmp_path_factory):
    """The brief of 2020-W32 and of the latest complete week, in each language."""
    root = tmp_path_factory.mktemp("briefs")
    for week in (WEEK, "latest"):
        for lang in ("en", *LANGUAGES):
            chosen = ["--week", week] if week == WEEK else []  # else the last complete week
            result = run(fresh, "snapshot", "--out", root / week / lang, "--lang", lang, *chosen)
            assert result.exit_code == 0, result.output
    return root


@pytest.mark.parametrize("week", [WEEK, "latest"])
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", ["report.md", "report.html"])
def test_the_brief_leaves_no_note_in_english(fresh, briefs, week, lang, name):
    text = (briefs / week / lang / name).read_text(encoding="utf-8")
    english = (briefs / week / "en" / name).read_text(encoding="utf-8")
    assert english_left(text, data(fresh, lang), allowed={"doctype"}) == []
    shown = [n for n, c in stored_notes(fresh) if n in english]
    assert shown, "the week's brief shows notes"
    assert [n for n in shown if n in text] == []


def test_the_brief_of_2020_w32_reads_its_notes_in_each_language(briefs):
    be = (briefs / WEEK / "be" / "report.md").read_text(encoding="utf-8")
    ru = (briefs / WEEK / "ru" / "report.md").read_text(encoding="utf-8")
    assert "- Адвольныя затрыманні: Праваабаронцы («Вясна»)." in be
    assert "- Произвольные задержания: Правозащитники («Весна»)." in ru
    assert "выпадкаў у Мінску паводле ўцечкі: 760, афіцыйна па ўсёй краіне: 783" in be
    assert "Human rights defenders (Viasna)." in (briefs / WEEK / "en" / "report.md").read_text(encoding="utf-8")


def test_the_workbook_reads_notes_in_its_language_and_the_data_files_as_stored(briefs):
    english = list(csv.DictReader(io.StringIO((briefs / WEEK / "be" / "snapshot.csv").read_text(encoding="utf-8"))))
    book = load_workbook(io.BytesIO((briefs / WEEK / "be" / "snapshot.xlsx").read_bytes()))
    sheet = book["даныя"]
    (where,) = sheet.defined_names["notes"].destinations
    shown = [c.value for row in sheet[where[1]] for c in row]
    row = [r["indicator_id"] for r in english].index("arbitrary_detentions")
    assert english[row]["notes"] == "Human rights defenders (Viasna)."
    assert shown[row] == "Праваабаронцы («Вясна»)."


def test_showing_a_brief_in_another_language_changes_nothing_stored(fresh, tmp_path):
    before = table_digest(fresh)
    assert run(fresh, "snapshot", "--week", WEEK, "--out", tmp_path / "be", "--lang", "be").exit_code == 0
    assert run(fresh, "show", "political_prisoners", "--lang", "ru").exit_code == 0
    assert table_digest(fresh) == before


@pytest.mark.parametrize(("lang", "indicator", "expected"), [
    ("be", "internet_freedom_score", "СУМНЕЎНА: 35+3=38, а не 39 — адна з дзвюх лічбаў не сыходзіцца"),
    ("ru", "covid_minsk_to_national_ratio", "случаев в Минске по утечке: 760, официально по всей стране: 783"),
    ("en", "press_freedom_rank", "RSF 2025 edition"),
])
def test_show_lists_each_figures_note_in_the_language(fresh, lang, indicator, expected):
    result = run(fresh, "show", indicator, "--lang", lang)
    assert result.exit_code == 0, result.output
    notes = result.output.split("\n\n")[-1]
    assert notes.split()[:2] == {"be": ["№", "заўвага"], "ru": ["№", "примечание"], "en": ["id", "note"]}[lang]
    assert expected in notes
    if lang != "en":
        assert english_left(notes, data(fresh, lang)) == []


def test_show_keeps_a_confidential_note_from_a_read_only_reader(fresh, tmp_path):
    db = tmp_path / "data.db"
    db.write_bytes(fresh.read_bytes())
    result = run(db, "add", "political_prisoners", "1100", "--start", "2026-01-05", "--source",
                 "https://spring96.org/en", "--by", "anna", "--note", "Viasna count of recognised political prisoners",
                 "--note-confidential")
    assert result.exit_code == 0, result.output
    editor = run(db, "show", "political_prisoners", "--lang", "be").output
    public = run(db, "show", "political_prisoners", "--lang", "be", env={"BAROMETER_READONLY": "1"}).output
    assert editor.count("Колькасць прызнаных палітвязняў паводле «Вясны»\n") == public.count(
        "Колькасць прызнаных палітвязняў паводле «Вясны»\n") + 1


# -- cost ---------------------------------------------------------------------------------------------------


def test_localizing_a_note_loads_no_heavy_library_and_reads_the_file_once():
    code = ("import sys\nfrom indicators.model import catalogue_translations as ct\n"
            "print(ct.localize_note('BAJ count', 'be'), ct.localize_note('Freedom in the World 2021 edition, covering 2020', 'ru', "
            "collector='freedom_house'))\n"
            "print(sorted(m for m in ('babel', 'pandas', 'streamlit', 'altair', 'httpx', 'openpyxl') "
            "if m in sys.modules))\nprint(ct._read.cache_info().misses)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.split("\n")[:3] == ["Падлік БАЖ «Свобода в мире», выпуск 2021 года, за 2020 год", "[]", "2"]
