"""What a reader sees in a language once the data is taken out: the words the barometer itself wrote.

A surface read in Belarusian, in Russian or in the pseudo-language must leave no English word once every text
that is data is removed: the catalogue's own texts (in the language asked), what people and sources entered
(notes, citations, names, events, reasons, errors from remote services), ids and URLs. What remains in Latin
letters is English that bypassed translation."""
from __future__ import annotations

import html
import re
import sys
from collections.abc import Iterable

from click.testing import CliRunner

from collectors.registry import REGISTRY
from indicators.model.catalogue import Catalogue
from indicators.model.catalogue_translations import localize, localize_event, localize_note
from indicators.cli.main import cli
from indicators.seed import cited_records, correction_records, paper_records
from indicators.store import Store

_URL = re.compile(r"<?(?:https?|ftp)://[^\s<>\"')]+>?")
_STYLE = re.compile(r"<style>.*?</style>", re.S)
_TAG = re.compile(r"<[^>]+>")
_CHART = re.compile(r"charts/\w+\.png")
_MOMENT = re.compile(r"\d{4}-W\d{2}|\d{4}-\d{2}-\d{2}T[\d:.]+Z?")  # ISO weeks and timestamps
# A character named as Unicode names it ("U+202E RIGHT-TO-LEFT OVERRIDE"): an identifier, in every language.
_CHARACTER = re.compile(r"U\+[0-9A-F]{4,6}(?: [A-Z][A-Z0-9 -]*[A-Z0-9])?")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*(?:['’][A-Za-z]+)?")
# Latin words that are not English prose: abbreviations any language writes so, and the literal names of
# options, columns and formats a message asks the reader to type.
NOT_ENGLISH = {"UTC", "ISO", "CSV", "UTF", "csv", "xlsx", "json", "md", "html", "png", "zip", "NaN", "http", "https",
               "YYYY", "MM", "DD", "Www", "FILE", "SOURCE"}


def catalogue_texts(catalogue: Catalogue, lang: str) -> list[str]:
    """Every display text and id of the catalogue, as it reads in `lang`."""
    shown = localize(catalogue, lang)
    out: list[str] = [catalogue.country.name, shown.country.name]
    for cat in (catalogue, shown):
        for fam in cat.families.values():
            out += [fam.id, fam.name, fam.description]
        for ind in cat.indicators.values():
            out += [ind.id, ind.name, ind.definition, ind.paper_context, ind.unit, ind.cadence, ind.family,
                    ind.collector or "", *(s.name for s in ind.sources)]
        for unit in cat.units.values():
            out += [unit.id, unit.label, unit.description, unit.difference or ""]
        out += list(cat.cadences)
    return out


def collector_notes() -> list[tuple[str, str]]:
    """(template, collector) of every note a collector writes: each collector module's NOTE… strings."""
    out = []
    for source in REGISTRY.values():
        module = vars(sys.modules[source.parse.__module__])
        out += [(text, source.id) for name, text in module.items() if name.startswith("NOTE") and isinstance(text, str)]
    return out


def shipped_notes(catalogue: Catalogue) -> list[tuple[str, str | None]]:
    """Every note a translation file translates, as (English, collector): the shipped figures' notes (a person's,
    collector None) and the templates of the notes collectors write."""
    typed = dict.fromkeys([*(r["note"] for r in [*paper_records(catalogue), *cited_records(catalogue)] if r.get("note")),
                           *(r["new_note"] for r in correction_records(catalogue) if r.get("new_note"))])
    return [(note, None) for note in typed] + collector_notes()


def stored_texts(store: Store, catalogue: Catalogue, lang: str, *, notes_translated: bool = False) -> list[str]:
    """What people and sources entered: notes, citations, who entered what, reasons, events, run errors. With
    `notes_translated`, a note counts as data only in its translation into `lang`: one left in English is then
    English left."""
    out: list[str] = []
    for iid in catalogue.indicators:
        for row in store.observations(iid, include_inactive=True):
            out += [row[k] or "" for k in ("citation", "entered_by", "status_reason", "collector")]
            shown = localize_note(row["note"], lang, catalogue, collector=row["collector"])
            out.append((shown if shown != row["note"] else "") if notes_translated else row["note"] or "")
    for row in store.events():
        shown = localize_event(row, lang, catalogue)
        out += [row[k] or "" for k in ("label", "description", "family", "entered_by")]
        out += [shown["label"] or "", shown["description"] or ""]
    for run in store.runs(limit=10_000):
        out += [run["source"] or "", run["error"] or ""]
    return out


def english_left(text: str, data: Iterable[str], allowed: Iterable[str] = ()) -> list[str]:
    """The Latin-letter words of `text` that are neither data nor in `allowed` (nor NOT_ENGLISH)."""
    text = html.unescape(_TAG.sub(" ", _STYLE.sub(" ", text))).replace("\\", "")
    for pattern in (_URL, _CHART, _CHARACTER, _MOMENT):
        text = pattern.sub(" ", text)
    for piece in sorted({d for d in data if d and len(d) > 1}, key=len, reverse=True):
        for form in {piece, " ".join(piece.split())}:
            text = text.replace(form, " ")
    ok = NOT_ENGLISH | set(allowed)
    return [w for w in _LATIN_WORD.findall(text) if len(w) > 1 and w not in ok]


def run(db, *args, env=None):
    """`barometer --db DB ARGS…` as a user runs it (never in a read-only deployment, whatever the shell says)."""
    return CliRunner().invoke(cli, ["--db", str(db), *map(str, args)], env={"BAROMETER_READONLY": "", **(env or {})})


def fresh_install(folder) -> object:
    """A store as `barometer init` leaves it in `folder`: the shipped figures and the recorded history."""
    path = folder / "data.db"
    result = run(path, "init")
    assert result.exit_code == 0, result.output
    return path
