"""The catalogue, the paper's figures and events, and the figures cited since, loaded idempotently."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from .model.catalogue import Catalogue
from .store import Store
from .model.validation import FieldError, ValidationError, check_reason, validate, validate_event, validate_many

PAPER_ENTERED_BY = "paper"


@dataclass(frozen=True)
class InitReport:
    indicators_added: int
    indicators_changed: int
    observations_added: int
    observations_revised: int
    events_added: int
    corrections_applied: int = 0


CORRECTION_ACTIONS = ("correct", "retract")
# The columns a correction may change; a blank cell keeps the shipped figure's value.
CORRECTED_FIELDS = ("value", "value_low", "value_high", "qualifier", "period_start", "period_end", "source_url",
                    "citation", "note")


def _data_rows(path: Path | None) -> list[dict]:
    """The rows of a CSV file, or of every CSV file in a folder by name (one file per family or topic)."""
    if path is None:
        return []
    rows = []
    for file in sorted(path.glob("*.csv")) if path.is_dir() else [path]:
        with open(file, encoding="utf-8", newline="") as fh:
            rows.extend(csv.DictReader(fh))
    return rows


def paper_records(catalogue: Catalogue) -> list[dict]:
    """The baseline paper's figures, from the file the catalogue's [country] names."""
    return [{**row, "entered_by": PAPER_ENTERED_BY} for row in _data_rows(catalogue.country.paper_data)]


def cited_records(catalogue: Catalogue) -> list[dict]:
    """Figures quoted on public pages since the paper: each row names its page, quotes the passage and says
    who compiled it (entered_by)."""
    return _data_rows(catalogue.country.cited_data)


def paper_events(catalogue: Catalogue) -> list[dict]:
    return [{**row, "entered_by": PAPER_ENTERED_BY} for row in _data_rows(catalogue.country.events)]


def correction_records(catalogue: Catalogue) -> list[dict]:
    """Shipped figures found wrong after they shipped, from the file the catalogue's [country] names: each row
    names the figure (indicator, period, source, who entered it, its value), the action, what changes (the
    `new_…` columns) and why."""
    return _data_rows(catalogue.country.corrections)


def apply_corrections(store: Store, catalogue: Catalogue, rows: list[dict]) -> int:
    """Each correction as a revision of the shipped figure (a new row superseding it) or its retraction, never
    an edit in place. A figure no longer active (corrected already) is passed over, so `init` stays idempotent."""
    applied = 0
    for index, row in enumerate(rows):
        try:
            action = row.get("action", "")
            if action not in CORRECTION_ACTIONS:
                raise ValidationError([FieldError("action", f"{action!r} is not one of {', '.join(CORRECTION_ACTIONS)}")])
            reason = check_reason(row.get("reason"), required=True)
            old_id = store.active_id(row["indicator_id"], row["period_start"], row["period_end"], row["source_url"],
                                     row["entered_by"], float(row["value"]) if row.get("value") else None)
            if old_id is None:
                continue
            if action == "retract":
                store.retract(old_id, reason)
            else:
                old = store.get(old_id)
                changed = {k: row[f"new_{k}"] for k in CORRECTED_FIELDS if row.get(f"new_{k}")}
                if "value_low" in changed:
                    changed.setdefault("value", None)
                record = {**{k: old[k] for k in (*CORRECTED_FIELDS, "indicator_id", "entered_by", "note_confidential",
                                                  "source_confidential")}, **changed}
                new = validate(record, catalogue)
                if all(getattr(new, k) == old[k] for k in CORRECTED_FIELDS):
                    continue  # the active figure is the correction itself (it kept the key it corrects)
                store.correct(old_id, new, reason=reason)
            applied += 1
        except ValidationError as exc:
            exc.index = index
            raise
    return applied


def initialize(store: Store, catalogue: Catalogue) -> InitReport:
    """Create or update everything `init` owns in one transaction; a second run changes nothing."""
    observations = validate_many([*paper_records(catalogue), *cited_records(catalogue)], catalogue)
    events = []
    for index, event in enumerate(paper_events(catalogue)):
        try:
            events.append(validate_event(event))
        except ValidationError as exc:
            exc.index = index
            raise
    corrections = correction_records(catalogue)
    with store.transaction():
        added_ind, changed_ind = store.sync_catalogue(catalogue)
        added_obs, revised_obs = store.upsert(observations)
        events_added = store.add_events(events)
        applied = apply_corrections(store, catalogue, corrections)
    return InitReport(added_ind, changed_ind, added_obs, revised_obs, events_added, applied)
