"""`barometer init`: the catalogue, the paper's figures and its events, loaded idempotently."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources

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


def _data_rows(name: str) -> list[dict]:
    with resources.files("indicators").joinpath("data", name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def paper_records() -> list[dict]:
    return [{**row, "entered_by": PAPER_ENTERED_BY} for row in _data_rows("paper_observations.csv")]


def paper_events() -> list[dict]:
    return [{**row, "entered_by": PAPER_ENTERED_BY} for row in _data_rows("events.csv")]


def initialize(store: Store, catalogue: Catalogue) -> InitReport:
    """Create or update everything `init` owns in one transaction; a second run changes nothing."""
    observations = validate_many(paper_records(), catalogue)
    events = []
    for index, event in enumerate(paper_events()):
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
