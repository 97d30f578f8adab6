"""The catalogue's and the events' texts in other languages, from translation files keyed by id, and the notes
of figures, keyed by their English text.

A catalogue names the folder of its translations in [country] (`translations = "data/translations"`), one
`<lang>.toml` per language, so a catalogue for another country brings its own or none: without them it reads in
English. Ids, numbers and URLs are never translated; a text with no translation stays in English. The store keeps
every note as it was written: only what is shown is translated.
"""
from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from .catalogue import Catalogue, CatalogueError, load_catalogue
from ..languages.i18n import plural_category
from .text_policy import limit

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
# A note pattern's placeholder: a collector's note is matched whole, each placeholder standing for any text.
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_NOTE_FIELDS = {"en", "text", "collector"}


@dataclass(frozen=True)
class NotePattern:
    """A collector's note with `{placeholders}` (`en`) and its translation (`text`), for that collector's notes
    only, so that a note a person typed is never read as one a collector wrote."""

    collector: str
    en: str
    text: str
    regex: re.Pattern

    def apply(self, note: str) -> str | None:
        """The note in translation, each placeholder's value carried across as written; None if it does not
        match whole. Its fixed words are looked for first, so text that cannot match costs no regex."""
        parts = _PLACEHOLDER.split(self.en)[::2]
        if not (note.startswith(parts[0]) and note.endswith(parts[-1])):
            return None
        at = 0
        for part in filter(None, parts):
            at = note.find(part, at)
            if at < 0:
                return None
            at += len(part)
        found = self.regex.fullmatch(note)
        if found is None:
            return None
        return _PLACEHOLDER.sub(lambda m: found.group(m.group(1)), self.text)


@dataclass(frozen=True)
class Translations:
    """One language's translation file, by table and key: each entry a mapping of field to text (a source or
    the country a single text under ""); `forms` of a unit or a difference by plural category."""

    tables: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    forms: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    unknown: tuple[str, ...] = ()
    notes: dict[str, str] = field(default_factory=dict)
    note_patterns: tuple[NotePattern, ...] = ()

    def text(self, table: str, key: str, name: str, english: str) -> str:
        """The translation of one field, or the English where the file has none."""
        value = self.tables.get(table, {}).get(key, {}).get(name)
        return value if _said(value) else english

    def note(self, text: str, collector: str | None = None) -> str | None:
        """A note's translation: the one given for its exact English text, else, for a note a collector wrote,
        that collector's pattern it matches whole; None where there is none."""
        value = self.notes.get(text)
        if _said(value):
            return value
        if collector and len(text) <= limit("note"):
            for pattern in self.note_patterns:
                if pattern.collector == collector:
                    shown = pattern.apply(text)
                    if shown is not None:
                        return shown
        return None

    def __bool__(self) -> bool:
        return bool(self.tables or self.notes or self.note_patterns)


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
    """`<lang>.toml`, then every `<lang>/*.toml` beside it by name (the texts of figures added by topic): one
    set of texts, where a table's key said twice is an error and arrays ([[events]], [[notes]]) add up."""
    main = Path(path)
    files = [main, *sorted(main.with_suffix("").glob("*.toml"))]
    doc: dict = {}
    for file in files:
        try:
            with open(file, "rb") as fh:
                part = tomllib.load(fh)
        except FileNotFoundError:
            continue
        except tomllib.TOMLDecodeError as exc:
            raise CatalogueError(f"translations {file}: {exc}") from None
        for name, value in part.items():
            if name not in doc:
                doc[name] = value  # its shape is checked once, by _parse
            elif isinstance(value, list) and isinstance(doc[name], list):
                doc[name] = [*doc[name], *value]
            elif isinstance(value, dict) and isinstance(doc[name], dict):
                table = doc[name] = dict(doc[name])
                for key in value.keys() & table.keys():
                    raise CatalogueError(f"translations {file}: {name}.{key} is given in another file too")
                table.update(value)
            else:
                raise CatalogueError(f"translations {file}: {name} has another shape than in {main.name}")
    return _parse(doc, path) if doc else NONE


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

    notes, patterns, note_fields = _parse_notes(doc.get("notes", []), path)
    unknown = [name for name in doc if name not in entries and name != "notes"]
    unknown += [f"country.{k}" for k in sorted(table("country").keys() - {"name"})]
    unknown += note_fields
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
    return Translations(tables, forms, tuple(unknown), notes, patterns)


def _pattern_regex(en: str) -> re.Pattern:
    """The regex a note must match whole: the fixed words as written, each placeholder any text (a repeated one
    the same text)."""
    out, seen = [], set()
    for n, part in enumerate(_PLACEHOLDER.split(en)):
        if n % 2 == 0:
            out.append(re.escape(part))
        else:
            out.append(f"(?P={part})" if part in seen else f"(?P<{part}>.+?)")
            seen.add(part)
    return re.compile("".join(out), re.S)


def _parse_notes(entries, path: str) -> tuple[dict[str, str], tuple[NotePattern, ...], list[str]]:
    """The [[notes]] array: a note's translation by its English text, or, with `collector`, a pattern of that
    collector's notes whose `{placeholders}` the translation carries across, each one of them once or more."""
    if not isinstance(entries, list):
        raise CatalogueError(f"translations {path}: notes must be an array of tables ([[notes]])")
    notes: dict[str, str] = {}
    patterns: dict[tuple[str, str], NotePattern] = {}
    unknown: list[str] = []
    for n, e in enumerate(entries, 1):
        if not isinstance(e, dict) or not all(isinstance(e.get(k), str) and e[k] for k in ("en", "text")):
            raise CatalogueError(f"translations {path}: notes #{n} needs en (the note's English) and text")
        en, text, collector = e["en"], e["text"], e.get("collector")
        unknown += [f"notes #{n}.{k}" for k in sorted(e.keys() - _NOTE_FIELDS)]
        if collector is None:
            if en in notes:
                raise CatalogueError(f"translations {path}: notes #{n} repeats {en!r}")
            notes[en] = text
            continue
        if not isinstance(collector, str) or not collector:
            raise CatalogueError(f"translations {path}: notes #{n}: collector must be a collector's id")
        names, used = set(_PLACEHOLDER.findall(en)), set(_PLACEHOLDER.findall(text))
        if not names:
            raise CatalogueError(f"translations {path}: notes #{n}: en has no {{placeholder}}, yet with a collector "
                                 "it is a pattern of that collector's notes")
        if used != names:
            raise CatalogueError(f"translations {path}: notes #{n}: text must carry the placeholders of en "
                                 f"({', '.join(sorted(names))}), it has {', '.join(sorted(used)) or 'none'}")
        if (collector, en) in patterns:
            raise CatalogueError(f"translations {path}: notes #{n} repeats {collector}'s {en!r}")
        patterns[(collector, en)] = NotePattern(collector, en, text, _pattern_regex(en))
    return notes, tuple(patterns.values()), unknown


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


def localize_note(text: str, lang: str, catalogue: Catalogue | None = None, *,
                  collector: str | None = None) -> str:
    """A figure's note as it reads in `lang`, from the translations of `catalogue`, else of the catalogue in use:
    its translation where one is given for its exact English text, or, for a note a collector wrote (`collector`:
    the row's), that collector's pattern ("Freedom in the World {edition}") with the values carried across. A note
    typed in another language, or with no translation, is shown as written."""
    if not text or lang == ENGLISH:
        return text
    shown = translations(catalogue or load_catalogue(), lang).note(text, collector)
    return text if shown is None else shown


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


def _note_key(en: str, collector: str | None = None) -> str:
    return f"notes.{collector}: {en}" if collector else f"notes.{en}"


def missing(catalogue: Catalogue, lang: str, events: Iterable[Mapping] = (),
            notes: Iterable[tuple[str, str | None]] = ()) -> list[str]:
    """Every English text of the catalogue or its events with no translation in `lang`, as "table.key.field";
    a word given plural forms needs all of one, few, many and other. `notes` are (note, collector) pairs, the
    collector None for a note a person wrote: each must read translated, "notes.<note>" where it does not."""
    t = translations(catalogue, lang)
    out = []
    for table, keyed in english(catalogue, events).items():
        for key, texts in keyed.items():
            out += [_where(table, key, name) for name in texts if not _said(t.tables.get(table, {}).get(key, {})
                                                                             .get(name))]
            forms = t.forms.get(table, {}).get(key)
            if forms is not None:
                out += [_where(table, key, "forms", f) for f in PLURAL_FORMS if not _said(forms.get(f))]
    out += [_note_key(note, collector) for note, collector in dict.fromkeys(notes) if t.note(note, collector) is None]
    return out


def unknown(catalogue: Catalogue, lang: str, events: Iterable[Mapping] = (),
            notes: Iterable[tuple[str, str | None]] = ()) -> list[str]:
    """Every entry or field of the translation file that names nothing in the catalogue, its events or `notes`
    (the (English note, collector) pairs shown: a person's note, or the pattern of the collector's notes): a stale
    key left when an id, a source's name, an event's label or a note changed, or a misspelt field."""
    t = translations(catalogue, lang)
    expected = english(catalogue, events)
    stale = [_where(table, key) for table, keyed in t.tables.items() for key in keyed
             if key not in expected[table]]
    named = set(notes)
    stale += [_note_key(en) for en in t.notes if (en, None) not in named]
    stale += [_note_key(p.en, p.collector) for p in t.note_patterns if (p.en, p.collector) not in named]
    return list(t.unknown) + stale


def pairs(catalogue: Catalogue, lang: str, events: Iterable[Mapping] = ()) -> dict[str, tuple[str, str]]:
    """Every translated text beside its English, by "table.key.field" (plural forms one by one; a note as
    "notes.<English>", a collector's note pattern as "notes.<collector>: <English>")."""
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
    out |= {_note_key(en): (en, text) for en, text in t.notes.items()}
    out |= {_note_key(p.en, p.collector): (p.en, p.text) for p in t.note_patterns}
    return out
