"""The catalogue, the paper's figures and events, and the figures cited since, loaded idempotently."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from .catalogue import Catalogue
from .store import Store
from .validation import ValidationError, validate_event, validate_many

PAPER_ENTERED_BY = "paper"


@dataclass(frozen=True)
class InitReport:
    indicators_added: int
    indicators_changed: int
    observations_added: int
    observations_revised: int
    events_added: int


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
    with store.transaction():
        added_ind, changed_ind = store.sync_catalogue(catalogue)
        added_obs, revised_obs = store.upsert(observations)
        events_added = store.add_events(events)
    return InitReport(added_ind, changed_ind, added_obs, revised_obs, events_added)
