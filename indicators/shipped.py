"""What an install ships: the figures `barometer init` loads, told apart from what people and collectors enter.

Shipped are the paper's figures and those cited since (their `entered_by`: "paper", and whoever the cited files
name, "barometer maintainers"), and the figures parsed from the recorded history files, known by the sha256 of
the file they came from (every collected figure keeps its payload's), and the shipped corrections `init` applies to
them. A file a person loads with `collect
--from-file` is not shipped, even through the same parser: its bytes are not the catalogue's.
"""
from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .model.catalogue import Catalogue
from .seed import PAPER_ENTERED_BY, cited_records, correction_records


@dataclass(frozen=True)
class Shipped:
    """Who the shipped figures say entered them, and the payloads the history files are."""

    by: frozenset[str]
    payloads: frozenset[str]
    retractions: frozenset[str] = frozenset()  # the reasons of the shipped corrections that retract a figure

    def holds(self, row: Mapping) -> bool:
        """True for a row `init` loaded from the files shipped with this version."""
        return row["entered_by"] in self.by or (row.get("payload_sha256") or "") in self.payloads

    def retracted(self, row: Mapping) -> bool:
        """True for a shipped row that `init` retracted by a shipped correction (its reason is the file's)."""
        return self.holds(row) and row.get("status_reason") in self.retractions


@lru_cache(maxsize=64)
def _digest(path: Path, size: int, mtime: float) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def shipped(catalogue: Catalogue) -> Shipped:
    """The catalogue's shipped figures: by their enterers and by their history files' sha256."""
    by = {PAPER_ENTERED_BY, *(r["entered_by"] for r in cited_records(catalogue) if r.get("entered_by"))}
    payloads = set()
    for item in catalogue.history:
        stat = item.path.stat()
        payloads.add(_digest(item.path, stat.st_size, stat.st_mtime))
    retractions = {r["reason"] for r in correction_records(catalogue) if r.get("action") == "retract"}
    return Shipped(frozenset(by), frozenset(payloads), frozenset(retractions))
