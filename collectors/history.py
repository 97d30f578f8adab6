"""The recorded history shipped with the catalogue, loaded as if collected.

Each file named in the catalogue's [[history]] goes through its source's run: the bytes are archived
(sha256), parsed by the source's own parser, validated and stored, so every figure traces back to the
file it came from. A file whose bytes are archived already was loaded before and is passed over, so a
second `barometer init` adds nothing.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from indicators.reports.alerts import evaluate_quietly
from indicators.model.catalogue import Catalogue
from indicators.seed import InitReport, initialize
from indicators.store import Store

from .runner import RunResult, collect_source


@dataclass(frozen=True)
class HistoryReport:
    loaded: list[RunResult]
    skipped: int

    @property
    def failed(self) -> list[RunResult]:
        return [r for r in self.loaded if r.status != "ok"]


def load_history(store: Store, catalogue: Catalogue) -> HistoryReport:
    """Every history file not loaded yet, one logged run each; a failed file leaves the others loaded."""
    loaded, skipped = [], 0
    for item in catalogue.history:
        body = item.path.read_bytes()
        if store.has_payload(hashlib.sha256(body).hexdigest()):
            skipped += 1
            continue
        loaded.append(collect_source(store, catalogue, item.source, from_file=item.path, url=item.url))
    return HistoryReport(loaded, skipped)


def initialize_all(store: Store, catalogue: Catalogue) -> tuple[InitReport, HistoryReport]:
    """What `barometer init` does: the catalogue, the paper's and the cited figures, events, then the history;
    then the alert rules are evaluated, as after any load."""
    reports = initialize(store, catalogue), load_history(store, catalogue)
    evaluate_quietly(store, catalogue)
    return reports
