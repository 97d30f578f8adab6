"""The catalogue's and the events' texts in other languages, from translation files keyed by id.

A catalogue names the folder of its translations in [country] (`translations = "data/translations"`), one
`<lang>.toml` per language, so a catalogue for another country brings its own or none: without them it reads in
English. Ids, numbers and URLs are never translated; a text with no translation stays in English.
"""
from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from .catalogue import Catalogue, CatalogueError, load_catalogue
from .i18n import plural_category

ENGLISH = "en"
# Babel's (CLDR's) plural categories for Belarusian and Russian; "other" is a fraction ("4,5 пункта").
PLURAL_FORMS = ("one", "few", "many", "other")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
# The texts each kind of entry translates; units and differences may add `forms`, the words beside a number.
FIELDS = {
    "families": ("name", "description"),
    "units": ("label", "description"),
    "differences": ("label",),
    "cadences": ("label",),
    "indicators": ("name", "definition", "paper_context"),
    "events": ("label", "description"),
}
_WITH_FORMS = ("units", "differences")


@dataclass(frozen=True)
class Translations:
    """One language's translation file, by table and key: each entry a mapping of field to text (a source or
    the country a single text under ""); `forms` of a unit or a difference by plural category."""

    tables: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    forms: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    unknown: tuple[str, ...] = ()

    def text(self, table: str, key: str, name: str, english: str) -> str:
        """The translation of one field, or the English where the file has none."""
        value = self.tables.get(table, {}).get(key, {}).get(name)
        return value if _said(value) else english

    def __bool__(self) -> bool:
        return bool(self.tables)


NONE = Translations()


def _said(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def translations_file(catalogue: Catalogue, lang: str) -> Path | None:
    """Where the catalogue keeps its texts in `lang`; None for English or a catalogue without translations."""
    if not _LANGUAGE.match(lang or ""):
        raise ValueError(f"language {lang!r} is not a language code such as 'be', 'ru' or 'en'")
    folder = catalogue.country.translations
    return None if lang == ENGLISH or folder is None else folder / f"{lang}.toml"


def translations(catalogue: Catalogue, lang: str) -> Translations:
    """The catalogue's translations into `lang`, read once per file (none for English or a missing file)."""
    path = translations_file(catalogue, lang)
    return NONE if path is None else _read(str(path))


@lru_cache(maxsize=16)
def _read(path: str) -> Translations:
    try:
        with open(path, "rb") as fh:
            doc = tomllib.load(fh)
    except FileNotFoundError:
        return NONE
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(f"translations {path}: {exc}") from None
    return _parse(doc, path)


def event_key(row: Mapping) -> str:
    """An event's stable key, as the store knows it: its start date and English label."""
    return f"{row['date_start']} {row['label']}"


def _parse(doc: dict, path: str) -> Translations:
    """The file's tables in one shape; anything not a known table or field is kept aside as unknown."""
    def table(name: str) -> dict:
        value = doc.get(name, {})
        if not isinstance(value, dict):
            raise CatalogueError(f"translations {path}: {name} must be a table")
        return value

    entries: dict[str, dict[str, dict]] = {
        "country": {"": {"": table("country").get("name")}},
        "sources": {name: {"": text} for name, text in table("sources").items()},
        **{name: table(name) for name in FIELDS if name != "events"},
    }
    events = doc.get("events", [])
    if not isinstance(events, list):
        raise CatalogueError(f"translations {path}: events must be an array of tables ([[events]])")
    entries["events"] = {}
    for n, e in enumerate(events, 1):
        if not isinstance(e, dict) or not e.get("date_start") or not e.get("en"):
            raise CatalogueError(f"translations {path}: events #{n} needs date_start and en (its English label)")
        key = event_key({"date_start": e["date_start"], "label": e["en"]})
        if key in entries["events"]:
            raise CatalogueError(f"translations {path}: events #{n} repeats {key!r}")
        entries["events"][key] = {k: v for k, v in e.items() if k not in ("date_start", "en")}

    unknown = [name for name in doc if name not in entries]
    unknown += [f"country.{k}" for k in sorted(table("country").keys() - {"name"})]
    tables, forms = {}, {}
    for name, keyed in entries.items():
        allowed = set(FIELDS.get(name, ("",))) | ({"forms"} if name in _WITH_FORMS else set())
        tables[name] = {}
        for key, entry in keyed.items():
            if not isinstance(entry, dict):
                raise CatalogueError(f"translations {path}: {name}.{key} must be a table")
            tables[name][key] = {k: v for k, v in entry.items() if k != "forms"}
            unknown += [f"{name}.{key}.{k}" for k in sorted(entry.keys() - allowed)]
            if "forms" in entry:
                forms.setdefault(name, {})[key] = dict(entry["forms"])
                unknown += [f"{name}.{key}.forms.{k}" for k in sorted(entry["forms"].keys() - set(PLURAL_FORMS))]
    return Translations(tables, forms, tuple(unknown))


def localize(catalogue: Catalogue, lang: str) -> Catalogue:
    """A copy of the catalogue whose display texts are in `lang`: the country's, families', units' and
    indicators' names and descriptions, and source names. For showing only: collectors match sources by the
    English country name and the store keeps the English texts, so give them the catalogue itself."""
    t = translations(catalogue, lang)
    if not t:
        return catalogue

    def texts(table: str, key: str, obj) -> dict[str, str]:
        return {name: t.text(table, key, name, getattr(obj, name)) for name in FIELDS[table]}

    return replace(
        catalogue,
        country=replace(catalogue.country, name=t.text("country", "", "", catalogue.country.name)),
        families={fid: replace(f, **texts("families", fid, f)) for fid, f in catalogue.families.items()},
        units={uid: replace(u, **texts("units", uid, u), difference_words=_difference_words(t, u.difference))
               for uid, u in catalogue.units.items()},
        indicators={iid: replace(ind, **texts("indicators", iid, ind),
                                 sources=tuple(replace(s, name=t.text("sources", s.name, "", s.name))
                                               for s in ind.sources))
                    for iid, ind in catalogue.indicators.items()},
    )


def _difference_words(t: Translations, difference: str | None) -> tuple[tuple[str, str], ...]:
    """A difference's word in the file's language, plain ("") and by plural category, for the display copy."""
    if not difference:
        return ()
    forms = t.forms.get("differences", {}).get(difference, {})
    return (("", t.text("differences", difference, "label", difference)),
            *((category, word) for category, word in forms.items() if _said(word)))


def localize_event(row: Mapping, lang: str, catalogue: Catalogue | None = None) -> dict:
    """The event row with its label and description in `lang` (English where there is no translation), from
    the translations of `catalogue`, else of the catalogue in use."""
    t = translations(catalogue or load_catalogue(), lang)
    key = event_key(row)
    return {**row, **{name: t.text("events", key, name, row[name]) for name in FIELDS["events"] if row.get(name)}}


def _words(t: Translations, table: str, key: str, n: float | None, lang: str, english: str) -> str:
    forms = t.forms.get(table, {}).get(key)
    if forms and n is not None:
        form = forms.get(plural_category(n, lang))
        if _said(form):
            return form
    return t.text(table, key, "label", english)


def unit_words(catalogue: Catalogue, unit_id: str, n: float | None, lang: str) -> str:
    """The unit's label as it reads beside the number n in `lang` ("2 дарожныя карты", "5 дарожных карт");
    its plain label where it has no plural forms or n is None."""
    return _words(translations(catalogue, lang), "units", unit_id, n, lang, catalogue.units[unit_id].label)


def difference_words(catalogue: Catalogue, difference: str, n: float | None, lang: str) -> str:
    """The unit of a change told as a difference (pp, points, places, people), as it reads beside n in `lang`:
    "+14 месцаў", "−1 пункт"; in English the catalogue's own word."""
    return _words(translations(catalogue, lang), "differences", difference, n, lang, difference)


def cadence_label(catalogue: Catalogue, cadence_id: str, lang: str) -> str:
    """How often an indicator's figures are expected, in words of `lang` (in English, its id: "daily")."""
    return translations(catalogue, lang).text("cadences", cadence_id, "label", cadence_id)


# -- what a translation file must hold, for the tests and for a translator ----------------------------------


def english(catalogue: Catalogue, events: Iterable[Mapping] = ()) -> dict[str, dict[str, dict[str, str]]]:
    """Every English text that a translation file translates, in the file's shape: table, key, field."""
    def said(obj, table: str) -> dict[str, str]:
        return {name: getattr(obj, name) for name in FIELDS[table] if getattr(obj, name)}

    return {
        "country": {"": {"": catalogue.country.name}},
        "families": {fid: said(f, "families") for fid, f in catalogue.families.items()},
        "units": {uid: said(u, "units") for uid, u in catalogue.units.items()},
        "differences": {u.difference: {"label": u.difference} for u in catalogue.units.values() if u.difference},
        "cadences": {cid: {"label": cid} for cid in catalogue.cadences},
        "indicators": {iid: said(i, "indicators") for iid, i in catalogue.indicators.items()},
        "sources": {s.name: {"": s.name} for i in catalogue.indicators.values() for s in i.sources},
        "events": {event_key(e): {n: e[n] for n in FIELDS["events"] if e.get(n)} for e in events},
    }


def _where(*parts: str) -> str:
    return ".".join(p for p in parts if p)


def missing(catalogue: Catalogue, lang: str, events: Iterable[Mapping] = ()) -> list[str]:
    """Every English text of the catalogue or its events with no translation in `lang`, as "table.key.field";
    a word given plural forms needs all of one, few, many and other."""
    t = translations(catalogue, lang)
    out = []
    for table, keyed in english(catalogue, events).items():
        for key, texts in keyed.items():
            out += [_where(table, key, name) for name in texts if not _said(t.tables.get(table, {}).get(key, {})
                                                                             .get(name))]
            forms = t.forms.get(table, {}).get(key)
            if forms is not None:
                out += [_where(table, key, "forms", f) for f in PLURAL_FORMS if not _said(forms.get(f))]
    return out


def unknown(catalogue: Catalogue, lang: str, events: Iterable[Mapping] = ()) -> list[str]:
    """Every entry or field of the translation file that names nothing in the catalogue or its events: a stale
    key left when an id, a source's name or an event's label changed, or a misspelt field."""
    t = translations(catalogue, lang)
    expected = english(catalogue, events)
    stale = [_where(table, key) for table, keyed in t.tables.items() for key in keyed
             if key not in expected[table]]
    return list(t.unknown) + stale


def pairs(catalogue: Catalogue, lang: str, events: Iterable[Mapping] = ()) -> dict[str, tuple[str, str]]:
    """Every translated text beside its English, by "table.key.field" (plural forms one by one)."""
    t = translations(catalogue, lang)
    out = {}
    for table, keyed in english(catalogue, events).items():
        for key, texts in keyed.items():
            for name, source in texts.items():
                value = t.tables.get(table, {}).get(key, {}).get(name)
                if _said(value):
                    out[_where(table, key, name)] = (source, value)
            for form, value in t.forms.get(table, {}).get(key, {}).items():
                out[_where(table, key, "forms", form)] = (texts.get("label", ""), value)
    return out
