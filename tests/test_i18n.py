"""Three languages: every message translated into Belarusian and Russian with its placeholders, the catalogues
in step with the code and with their compiled form, numbers, dates and plurals as each language writes them,
and the language chosen per context."""
from __future__ import annotations

import io
import re
import threading
from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from indicators import settings
from indicators.languages import i18n

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "indicators" / "locale"
TRANSLATED = ("be", "ru")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _catalogue(lang: str):
    with (LOCALE / lang / "LC_MESSAGES" / "barometer.po").open("rb") as fh:
        return read_po(fh, locale=lang)


def _template():
    with (LOCALE / "barometer.pot").open("rb") as fh:
        return read_po(fh)


def _key(message) -> tuple:
    return (message.context, message.id if isinstance(message.id, str) else tuple(message.id))


def _messages(catalogue) -> dict:
    return {_key(m): m for m in catalogue if m.id}


def _placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER.findall(text))


# -- the catalogues -----------------------------------------------------------------------------------------


def test_the_template_holds_exactly_the_messages_marked_in_the_code():
    with (ROOT / "babel.cfg").open() as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    found = set()
    for _, _, message, _, context in extract_from_dir(ROOT, method_map, options_map, keywords=DEFAULT_KEYWORDS):
        found.add((context, message if isinstance(message, str) else tuple(message)))
    assert found, "no message is marked for translation"
    assert set(_messages(_template())) == found, "run the pybabel extract and update commands (docs/languages.md: Translating)"


@pytest.mark.parametrize("lang", ["be", "ru", "en"])
def test_each_catalogue_holds_the_templates_messages(lang):
    assert set(_messages(_catalogue(lang))) == set(_messages(_template()))


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_has_a_translation_that_is_not_fuzzy(lang):
    untranslated = [m.id for m in _messages(_catalogue(lang)).values()
                    if "fuzzy" in m.flags or not m.string
                    or (not isinstance(m.string, str) and not all(s.strip() for s in m.string))
                    or (isinstance(m.string, str) and not m.string.strip())]
    assert untranslated == []


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translations_keep_the_originals_placeholders(lang):
    wrong = []
    for m in _messages(_catalogue(lang)).values():
        originals = [m.id] if isinstance(m.id, str) else list(m.id)
        strings = [m.string] if isinstance(m.string, str) else list(m.string)
        expected = _placeholders(originals[-1])
        for s in strings:
            if _placeholders(s) != expected:
                wrong.append((m.id, s))
    assert wrong == []


@pytest.mark.parametrize("lang", TRANSLATED)
def test_plural_messages_have_the_three_forms_of_belarusian_and_russian(lang):
    catalogue = _catalogue(lang)
    assert catalogue.num_plurals == 3
    plurals = [m for m in _messages(catalogue).values() if not isinstance(m.id, str)]
    assert plurals and all(len(m.string) == 3 for m in plurals)


@pytest.mark.parametrize("lang", ["be", "ru", "en"])
def test_the_committed_mo_file_is_what_compiling_the_po_gives(lang):
    compiled = io.BytesIO()
    write_mo(compiled, _catalogue(lang))
    committed = (LOCALE / lang / "LC_MESSAGES" / "barometer.mo").read_bytes()
    assert committed == compiled.getvalue(), "run: pybabel compile -d indicators/locale -D barometer"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_a_translation_leaves_no_english_word_of_its_original_untouched(lang):
    """A guard against a message pasted in English: no translation may repeat its original."""
    same = [m.id for m in _messages(_catalogue(lang)).values()
            if isinstance(m.id, str) and re.search("[A-Za-z]{3}", _PLACEHOLDER.sub("", m.id)) and m.string == m.id]
    assert same == []


# -- choosing the language ----------------------------------------------------------------------------------


def test_english_is_the_default(monkeypatch):
    monkeypatch.delenv(settings.LANG.name, raising=False)
    assert i18n.current() == "en"
    assert i18n.LANGUAGES == ("be", "ru", "en")


def test_barometer_lang_sets_the_default(monkeypatch):
    monkeypatch.setenv(settings.LANG.name, "ru")
    assert i18n.current() == "ru"
    assert i18n._("no data") == "нет данных"


def test_an_unknown_language_is_an_error_naming_the_variable(monkeypatch):
    monkeypatch.setenv(settings.LANG.name, "de")
    with pytest.raises(i18n.UnknownLanguage, match="BAROMETER_LANG: 'de' is not one of be, ru, en"):
        i18n.current()
    with pytest.raises(i18n.UnknownLanguage, match="--lang: 'pl'"):
        i18n.parse("pl", "--lang")


def test_the_pseudo_language_is_taken_from_code_only(monkeypatch):
    monkeypatch.setenv(settings.LANG.name, i18n.PSEUDO)
    with pytest.raises(i18n.UnknownLanguage):
        i18n.current()
    with pytest.raises(i18n.UnknownLanguage):
        i18n.parse(i18n.PSEUDO, "--lang")


def test_use_sets_the_language_and_as_a_block_restores_it(monkeypatch):
    monkeypatch.delenv(settings.LANG.name, raising=False)
    with i18n.use("be"):
        assert i18n.current() == "be"
        with i18n.use("ru"):
            assert i18n._("no data") == "нет данных"
        assert i18n._("no data") == "няма даных"
    assert i18n.current() == "en"


def test_each_thread_reads_in_its_own_language(monkeypatch):
    """Streamlit runs each session's script in a thread of its own: one session's choice is not another's."""
    monkeypatch.delenv(settings.LANG.name, raising=False)
    seen = {}
    ready = threading.Barrier(2)

    def session(lang):
        i18n.use(lang)
        ready.wait()
        seen[lang] = i18n._("no data")

    threads = [threading.Thread(target=session, args=(lang,)) for lang in ("be", "ru")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == {"be": "няма даных", "ru": "нет данных"}
    assert i18n.current() == "en"


def test_the_pseudo_language_changes_every_letter_but_keeps_placeholders():
    with i18n.use(i18n.PSEUDO):
        text = i18n._("at least {change}")
    assert text == "⟦àţ ļéàšţ {change}⟧"
    assert not re.search("[A-Za-z]", _PLACEHOLDER.sub("", text))


# -- numbers, dates, plurals --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang, expected", [("en", "1,140"), ("be", "1\u00a0140"), ("ru", "1\u00a0140")])
def test_numbers_are_grouped_as_each_language_groups_them(lang, expected):
    with i18n.use(lang):
        assert i18n.count(1140) == expected


@pytest.mark.parametrize("lang, expected", [("en", "12,275.46"), ("be", "12\u00a0275,46"), ("ru", "12\u00a0275,46")])
def test_decimals_use_each_languages_separator(lang, expected):
    with i18n.use(lang):
        assert i18n.decimal(12275.456, 2) == expected
        assert i18n.decimal(2.5, 3, trim=True) == "2" + expected[-3] + "5"


@pytest.mark.parametrize("lang, expected", [("en", "30 November 2026"), ("be", "30 лістапада 2026"),
                                            ("ru", "30 ноября 2026\u202fг.")])
def test_dates_read_as_each_language_writes_them(lang, expected):
    with i18n.use(lang):
        assert i18n.format_date(date(2026, 11, 30)) == expected


@pytest.mark.parametrize("lang, forms", [
    ("be", {1: "дзень", 2: "дні", 5: "дзён", 11: "дзён", 21: "дзень", 22: "дні"}),
    ("ru", {1: "день", 2: "дня", 5: "дней", 11: "дней", 21: "день", 22: "дня"}),
    ("en", {1: "day", 2: "days", 5: "days", 11: "days", 21: "days", 22: "days"}),
])
def test_plurals_follow_each_languages_rules(lang, forms):
    with i18n.use(lang):
        got = {n: i18n.ngettext("{figure} in {days} day", "{figure} in {days} days", n).format(figure="≥ 200",
                                                                                              days=n).split()[-1]
               for n in forms}
    assert got == forms


def test_a_message_with_a_context_is_looked_up_by_it_and_read_as_written_without_a_translation():
    with i18n.use("be"):
        assert i18n.pgettext("xlsx column", "no data") == "no data"  # no such context in the catalogue
    with i18n.use(i18n.PSEUDO):
        assert i18n.pgettext("xlsx column", "no data") == "⟦ñö ðàţà⟧"
