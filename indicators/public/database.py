"""The public database file, written with sqlite-utils from public_tables: typed tables with primary and foreign
keys, indexes for the questions a reader asks (an indicator's figures by period, a verdict, a family, a date),
full-text search over names, notes, citations and events, and its Datasette metadata beside it.

The same rows give the same bytes: tables are created and filled in one fixed order, nothing records the time
it was written, and the file is vacuumed last, so its pages are laid out from its content alone. Both files are
written beside their target and renamed into place, so a reader never sees half of one.
"""
from __future__ import annotations

import json
import os
import tempfile
from datetime import date
from pathlib import Path

from sqlite_utils import Database

from ..model.catalogue import Catalogue
from ..model.catalogue_translations import localize
from ..languages.i18n import DEFAULT, use
from .metadata import TABLES, document
from .tables import PublicTables, build
from ..store import Store

# table -> (columns with their types, primary key, foreign keys (column, table, column))
SCHEMA: dict[str, tuple[dict[str, type], str, tuple[tuple[str, str, str], ...]]] = {
    "about": ({"key": str, "value": str}, "key", ()),
    "families": ({"id": str, "name": str, "name_en": str, "description": str, "description_en": str,
                  "position": int}, "id", ()),
    "units": ({"id": str, "label": str, "label_en": str, "description": str, "description_en": str,
               "min": float, "max": float}, "id", ()),
    "indicators": ({"id": str, "family": str, "unit": str, "name": str, "name_en": str, "definition": str,
                    "definition_en": str, "paper_context": str, "paper_context_en": str, "kind": str,
                    "kind_label": str, "worse_when": str, "worse_when_label": str, "basis": str, "cadence": str,
                    "seasonal": int, "since": str, "reporting_ended": str, "sources": str, "position": int},
                   "id", (("family", "families", "id"), ("unit", "units", "id"))),
    "readings": ({"indicator_id": str, "as_of": str, "latest_text": str, "latest_low": float, "latest_high": float,
                  "latest_period_start": str, "latest_period_end": str, "current_text": str, "current_low": float,
                  "current_high": float, "basis": str, "baseline_text": str, "baseline_low": float,
                  "baseline_high": float, "baseline_period_start": str, "baseline_period_end": str,
                  "baseline_fallback": int, "baseline_pinned": int, "change_text": str, "change_low": float,
                  "change_high": float, "change_relative_low": float, "change_relative_high": float,
                  "verdict": str, "verdict_label": str, "verdict_note": str, "context": str, "freshness": str,
                  "freshness_label": str, "age_days": int, "sources": int},
                 "indicator_id", (("indicator_id", "indicators", "id"),)),
    "payloads": ({"sha256": str, "source": str, "url": str, "status": int, "fetched_at": str, "content_type": str,
                  "size": int, "licence": str}, "sha256", ()),
    "observations": ({"id": int, "indicator_id": str, "period_start": str, "period_end": str, "qualifier": str,
                      "value": float, "value_low": float, "value_high": float, "value_text": str,
                      "source_url": str, "citation": str, "note": str, "note_en": str, "note_confidential": int,
                      "source_confidential": int, "collector": str, "entered_by": str, "entered_at": str,
                      "status": str, "supersedes": int, "status_changed_at": str, "status_reason": str,
                      "payload_sha256": str},
                     "id", (("indicator_id", "indicators", "id"), ("supersedes", "observations", "id"),
                            ("payload_sha256", "payloads", "sha256"))),
    "events": ({"id": int, "date_start": str, "date_end": str, "family": str, "label": str, "label_en": str,
                "description": str, "description_en": str, "source_url": str, "entered_at": str},
               "id", (("family", "families", "id"),)),
    "sources": ({"url": str, "name": str, "observations": int, "events": int, "licence": str}, "url", ()),
}
INDEXES = {
    "indicators": (["family", "position"],),
    "readings": (["verdict"], ["freshness"]),
    "observations": (["indicator_id", "period_end", "period_start"], ["period_end"], ["status"],
                     ["payload_sha256"], ["supersedes"]),
    "events": (["date_start", "date_end"], ["family"]),
}
SEARCHABLE = {
    "indicators": ["name", "name_en", "definition", "definition_en", "paper_context", "paper_context_en"],
    "observations": ["note", "note_en", "citation"],
    "events": ["label", "label_en", "description", "description_en"],
    "sources": ["name", "url"],
}
assert set(SCHEMA) == set(TABLES), set(SCHEMA) ^ set(TABLES)


def metadata_path(out: Path) -> Path:
    """Where the Datasette metadata goes: beside the database, `public.db` → `public.metadata.json`."""
    return out.with_name(out.stem + ".metadata.json")


def _temporary(target: Path) -> str:
    """An empty file beside `target`, readable by all once renamed: what it will hold is public."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    os.chmod(tmp, 0o644)
    return tmp


def _fill(path: str, tables: PublicTables) -> None:
    db = Database(path)
    try:
        for name, (columns, pk, foreign_keys) in SCHEMA.items():
            rows = getattr(tables, name)
            table = db.table(name)
            table.create(columns, pk=pk, foreign_keys=list(foreign_keys) or None, not_null={pk})
            table.insert_all(({c: r[c] for c in columns} for r in rows), batch_size=500)
            for cols in INDEXES.get(name, ()):
                table.create_index(cols, index_name=f"{name}_by_{'_'.join(cols)}")
            if name in SEARCHABLE:
                table.enable_fts(SEARCHABLE[name], fts_version="FTS5", create_triggers=False)
        db.vacuum()
    finally:
        db.close()


def write(tables: PublicTables, out: str | Path, *, country: str) -> tuple[Path, Path]:
    """Write the database to `out` and its Datasette metadata beside it; returns both paths."""
    out = Path(out)
    meta = metadata_path(out)
    with use(tables.lang):  # the site's title and description in the copy's language, whoever asks
        doc = document(out.stem, tables.as_of.isoformat(), tables.lang, country)
    text = json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    written = [_temporary(out), _temporary(meta)]
    try:
        _fill(written[0], tables)
        Path(written[1]).write_text(text, encoding="utf-8")
        os.replace(written[0], out)
        os.replace(written[1], meta)
    finally:
        for tmp in written:
            Path(tmp).unlink(missing_ok=True)
    return out, meta


def publish(store: Store, catalogue: Catalogue, out: str | Path, *, as_of: date, lang: str = DEFAULT) -> PublicTables:
    """Build the public copy of `store` as it read on `as_of` and write it (and its metadata) to `out`."""
    tables = build(store, catalogue, as_of, lang)
    write(tables, out, country=localize(catalogue, lang).country.name)
    return tables
