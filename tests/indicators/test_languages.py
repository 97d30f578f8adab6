"""The CLI, validation errors and the weekly brief in Belarusian, Russian and the pseudo-language: every word the
barometer writes is translated (what is left in Latin letters is data: names, sources, quotes, ids), while
--json and the data files keep their English keys and values."""
from __future__ import annotations

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from indicators.languages import i18n
from indicators.readings.baseline import Change, Interval
from indicators.model.catalogue import load_catalogue
from indicators.model.catalogue_translations import localize
from indicators.readings.formatting import format_change
from indicators.reports.snapshot.files import REPRODUCIBLE
from indicators.reports.snapshot.table import FIELDS
from indicators.store import Store
from tests.languages import catalogue_texts, english_left, fresh_install, run, stored_texts

WEEK = "2020-W32"
SPAN = ["--since", "2020-W30", "--until", "2020-W35"]
DATA_FILES = ("snapshot.csv", "snapshot.json", "changes.csv", "changes.json", "datapackage.json")



@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return fresh_install(tmp_path_factory.mktemp("languages"))


def data(db, lang: str) -> list[str]:
    """The texts that are data as `lang` shows them; in Belarusian and Russian a figure's note is data only in its
    translation, so a note left in English is English left."""
    catalogue = load_catalogue()
    with Store.open(db) as store:
        return catalogue_texts(catalogue, lang) + stored_texts(store, catalogue, lang, notes_translated=lang != "en")


def read(db, lang, *args, env=None) -> str:
    result = run(db, *args, env=env)
    assert result.exit_code == 0, result.output
    return result.output


# -- the CLI in Belarusian and Russian ----------------------------------------------------------------------


@pytest.mark.parametrize("lang, args", [
    ("be", ["list", "--lang", "be"]),
    ("ru", ["show", "arbitrary_detentions", "--lang", "ru"]),
    ("ru", ["show", "trust_president_minsk", "--lang", "ru"]),
    ("be", ["changes", *SPAN, "--lang", "be"]),
    ("ru", ["changes", *SPAN, "--as-known-then", "--lang", "ru"]),
    ("be", ["--lang", "be", "list"]),
])
def test_reading_commands_leave_no_english_but_data(db, lang, args):
    out = read(db, lang, *args)
    assert english_left(out, data(db, lang)) == []
    assert sum(ch in "абвгдежзійклмнопрстуўфхцчшыьэюяё" for ch in out.lower()) > 50


def test_barometer_lang_sets_the_default_of_every_command(db):
    out = read(db, "ru", "list", env={"BAROMETER_LANG": "ru"})
    assert "базовый уровень 2020" in out and english_left(out, data(db, "ru")) == []
    assert read(db, "en", "list", "--lang", "en", env={"BAROMETER_LANG": "ru"}).count("baseline 2020") > 5


def test_lists_read_numbers_as_each_language_writes_them(db):
    be, en = read(db, "be", "list", "--lang", "be"), read(db, "en", "list")
    assert "≥ 1\u00a0140 за 76 дзён" in be and "≥ 1,140 in 76 days" in en
    assert "за 62 дні" in be and "за 31 дзень" in be  # 2–4 and 1 take their own forms


def test_an_unknown_language_is_bad_input_naming_where_it_was_asked(db):
    result = run(db, "list", env={"BAROMETER_LANG": "de"})
    assert result.exit_code == 2 and "BAROMETER_LANG: 'de' is not one of be, ru, en" in result.output
    result = run(db, "list", "--lang", "qps")
    assert result.exit_code == 2 and "--lang" in result.output


def test_json_keeps_english_keys_and_machine_values_in_every_language(db):
    en = json.loads(read(db, "en", "list", "--json"))
    be = json.loads(read(db, "be", "list", "--json", "--lang", "be"))
    assert [sorted(r) for r in en] == [sorted(r) for r in be]
    for key in ("id", "verdict", "freshness", "kind", "worse_when", "basis", "unit", "family"):
        assert [r[key] for r in en] == [r[key] for r in be]
    assert {r["verdict"] for r in be} <= {"worse", "better", "unclear", "nothing newer", "no comparison", "no data"}
    assert en[0]["verdict_text"] != be[0]["verdict_text"]
    changes_en = json.loads(read(db, "en", "changes", *SPAN, "--json"))
    changes_be = json.loads(read(db, "be", "changes", *SPAN, "--json", "--lang", "be"))
    assert [(c["kind"], c["indicator_id"], c["sources"]) for c in changes_en] == \
        [(c["kind"], c["indicator_id"], c["sources"]) for c in changes_be]


# -- validation errors ------------------------------------------------------------------------------------


BAD_ADD = ["add", "arbitrary_detentions", "1,140", "--start", "2020-07-20", "--end", "2020-05-06",
           "--source", "ftp://x", "--by", "anna"]


@pytest.mark.parametrize("lang, expected", [
    ("be", ["value: '1,140' — неадназначны запіс: тут коска аддзяляе дробную частку",
            "period_end: 2020-05-06 раней за пачатак перыяду 2020-07-20",
            "source_url: 'ftp://x' — не http(s)-адрас", "няправільныя даныя, нічога не захавана"]),
    ("ru", ["value: '1,140' — неоднозначная запись: здесь запятая отделяет дробную часть",
            "period_end: 2020-05-06 раньше начала периода 2020-07-20",
            "source_url: 'ftp://x' — не http(s)-адрес", "неверные данные, ничего не сохранено"]),
])
def test_validation_errors_are_translated_and_keep_the_fields_name(db, lang, expected):
    result = run(db, "--lang", lang, *BAD_ADD)
    assert result.exit_code == 2
    assert all(e in result.output for e in expected), result.output
    assert english_left(result.output, data(db, lang), allowed={"Error", "value", "period_end", "source_url",
                                                                 "ftp"}) == []


def test_a_bad_import_file_is_refused_in_the_chosen_language(db, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator_id,value,period_start,period_end,qualifier,value_low,value_high,source_url,note,"
                   "entered_by\narbitrary_detentions,x,2020-01-01,,,,,https://example.org/a,,anna\n"
                   "arbitrary_detentions,5,2020-13-01,,,,,https://example.org/a,,anna\n", encoding="utf-8")
    result = run(db, "--lang", "ru", "import", bad)
    assert result.exit_code == 2
    assert "2 строки с ошибками: строка 2: value: 'x' — не число" in result.output
    assert "строка 3: period_start: '2020-13-01' — не настоящая дата в виде ГГГГ-ММ-ДД" in result.output


# -- the weekly brief ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def snapshots(db, tmp_path_factory):
    """The same week in English, Belarusian and Russian."""
    root = tmp_path_factory.mktemp("briefs")
    for lang in ("en", "be", "ru"):
        result = run(db, "snapshot", "--week", WEEK, "--out", root / lang, "--lang", lang)
        assert result.exit_code == 0, result.output
    return root


@pytest.mark.parametrize("name", DATA_FILES)
def test_the_data_files_are_the_same_bytes_in_every_language(snapshots, name):
    english = (snapshots / "en" / name).read_bytes()
    assert (snapshots / "be" / name).read_bytes() == english
    assert (snapshots / "ru" / name).read_bytes() == english


@pytest.mark.parametrize("lang", ["be", "ru"])
@pytest.mark.parametrize("name", ["report.md", "report.html"])
def test_the_brief_reads_in_the_language_with_no_english_but_data(db, snapshots, lang, name):
    text = (snapshots / lang / name).read_text(encoding="utf-8")
    assert english_left(text, data(db, lang), allowed={"doctype"}) == []
    words = {"be": ["Барометр легітымнасці: тыдзень 2020-W32", "З панядзелка, 3 жніўня 2020, па нядзелю, 9 жніўня 2020",
                    "Што змянілася за тыдзень", " індыкатар"],
             "ru": ["Барометр легитимности: неделя 2020-W32", "С понедельника, 3 августа 2020\u202fг., по воскресенье",
                    "Что изменилось за неделю", " индикатор"]}[lang]
    assert all(w in text for w in words), text[:600]
    if name == "report.html":
        assert f'<html lang="{lang}">' in text


def test_the_brief_is_reproducible_in_its_language(db, snapshots, tmp_path):
    result = run(db, "snapshot", "--week", WEEK, "--out", tmp_path / "again", "--lang", "be")
    assert result.exit_code == 0
    for name in REPRODUCIBLE:
        assert (tmp_path / "again" / name).read_bytes() == (snapshots / "be" / name).read_bytes(), name


def test_the_workbook_has_translated_headers_and_keeps_each_columns_id_as_a_name(snapshots):
    english = load_workbook(io.BytesIO((snapshots / "en" / "snapshot.xlsx").read_bytes()))
    russian = load_workbook(io.BytesIO((snapshots / "ru" / "snapshot.xlsx").read_bytes()))
    assert russian.sheetnames == ["сводка", "данные", "события"]
    assert [c.value for c in english["data"][1]] == [f.name for f in FIELDS]
    header = [c.value for c in russian["данные"][1]]
    assert header[:3] == ["Неделя", "Начало недели", "Конец недели"] and "Базовый уровень 2020 года" in header
    sheet = russian["данные"]
    for book, ws in ((english, english["data"]), (russian, sheet)):
        (where,) = ws.defined_names["indicator_id"].destinations
        column = [c.value for row in ws[where[1]] for c in row]
        rows = list(csv.DictReader(io.StringIO((snapshots / "en" / "snapshot.csv").read_text(encoding="utf-8"))))
        assert column == [r["indicator_id"] for r in rows]
    assert russian["сводка"]["A1"].value == "Барометр легитимности: еженедельный срез"


def test_the_charts_are_titled_in_the_language(snapshots):
    from indicators.reports.snapshot import charts  # noqa: F401 - the PNGs exist when vl-convert drew them
    for lang in ("en", "be", "ru"):
        assert (snapshots / lang / "charts" / "verdicts.png").stat().st_size > 1000
    assert (snapshots / "be" / "charts" / "verdicts.png").read_bytes() != \
        (snapshots / "en" / "charts" / "verdicts.png").read_bytes()


# -- the pseudo-language: nothing bypasses translation ------------------------------------------------------


@pytest.mark.parametrize("args", [
    ["list"], ["show", "arbitrary_detentions"], ["show", "freedom_in_world_score"], ["changes", *SPAN],
    ["changes", "--since", "2021-01-01", "--until", "2021-12-31", "--as-known-then"],
])
def test_under_the_pseudo_language_reading_commands_leave_no_english_but_data(db, args):
    with i18n.use(i18n.PSEUDO):
        out = read(db, i18n.PSEUDO, *args)
    assert "⟦" in out
    assert english_left(out, data(db, "en")) == []


def test_under_the_pseudo_language_the_brief_leaves_no_english_but_data(db, tmp_path):
    with i18n.use(i18n.PSEUDO):
        result = run(db, "snapshot", "--week", WEEK, "--out", tmp_path / "q", "--as-known-then")
    assert result.exit_code == 0, result.output
    for name in ("report.md", "report.html"):
        text = (tmp_path / "q" / name).read_text(encoding="utf-8")
        left = english_left(text, data(db, "en"), allowed={"doctype"})
        assert left == [], name


# Click's own usage text stays English; what an error names (a field, an option, the value given) is no prose.
CLICK_WORDS = {"Error", "Invalid", "value", "for", "Usage", "cli", "snapshot", "OPTIONS", "Try", "help"}
NAMED = {"period_end", "period_start", "value_low", "value_high", "source_url", "entered_by", "family", "since",
         "week", "ftp", "astrology", "range"}


@pytest.mark.parametrize("args", [
    BAD_ADD,
    ["add", "arbitrary_detentions", "-", "--low", "9", "--high", "3", "--start", "2099-01-01", "--source",
     "https://example.org/\u202e", "--by", "a\x01b"],
    ["correct", "1", "--qualifier", "range"],
    ["changes", "--since", "2020-W60"],
    ["snapshot", "--week", "2999-W01"],
    ["list", "--family", "astrology"],
])
def test_under_the_pseudo_language_errors_leave_no_english_but_field_names(db, args):
    with i18n.use(i18n.PSEUDO):
        result = run(db, *args)
    assert result.exit_code == 2, result.output
    left = english_left(result.output, data(db, "en"), allowed=CLICK_WORDS | NAMED)
    assert left == [], result.output


@pytest.mark.parametrize("lang, words", [
    ("be", {1: "пункт", 2: "пункты", 5: "пунктаў", 11: "пунктаў", 21: "пункт", 22: "пункты"}),
    ("ru", {1: "пункт", 2: "пункта", 5: "пунктов", 11: "пунктов", 21: "пункт", 22: "пункта"}),
    ("en", {1: "points", 2: "points", 5: "points", 11: "points", 21: "points", 22: "points"}),
])
def test_a_change_told_in_points_takes_the_word_form_its_number_needs(lang, words):
    score = localize(load_catalogue(), lang).units["score"]
    with i18n.use(lang):
        for n, word in words.items():
            change = Change(Interval(-n, -n), None, "weaker")
            assert format_change(change, score).endswith(f" {word}"), (n, format_change(change, score))
        assert format_change(Change(Interval(4.5, 4.5), None, "weaker"), score).split()[-1] == {
            "be": "пункта", "ru": "пункта", "en": "points"}[lang]


def test_the_stores_refusals_read_in_the_language(tmp_path):
    with Store.open(tmp_path / "data.db") as store, i18n.use("ru"):
        with pytest.raises(LookupError, match="^записи №999 нет$"):
            store.get(999)
    with Store.open(tmp_path / "data.db") as store, i18n.use("be"):
        with pytest.raises(LookupError, match="^апавяшчэння №7 няма$"):
            store.alert(7)
