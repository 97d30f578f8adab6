"""What changed between two moments: figures added, corrected and retracted, and the moves they made.

A span runs from the first moment of its first day to the last moment of its last day (UTC). Edits are read
by when they were made: rows entered, and rows retracted, within the span. Moves compare where each indicator
stood at the opening (the end of the day before the span) with where it stood at the closing (the end of its
last day), each read as a past week is (summary.read_rows: only figures for periods ending by then count):

- as the periods stood, with every correction made since (the default, as a plain weekly snapshot reads); or
- as known then (`as_known_then`): only what had been entered by each moment, later corrections and
  retractions undone, as an as-known-then snapshot reads. The changes between two such snapshots are then
  exactly what `changes` lists for the weeks after the first up to the second.

The moves: a verdict that changed; a figure outside the baseline's interval for the first time since the
baseline window closed; a new high or low since the window opened; a series that went stale; a source whose
collector failed on so many runs in a row (the catalogue's alert rule). Each item names its indicator, its
figures (qualifier and period), the baseline it was judged against, the rule, and its public sources: every
text comes from indicators.readings.reading and indicators.readings.formatting, and every row passes through
confidentiality.public_view, so no confidential note or source reaches an item.

Nothing here reads the clock: the same database and span give the same items.
"""
from __future__ import annotations

from ...model.catalogue import Catalogue
from ...store import Store
from .edits import edits, events
from .model import Item, KINDS, Span, Standing, opening_standing, standing_at
from .moves import collector_moves, figure_moves, stale_moves, verdict_moves


# -- the whole --------------------------------------------------------------------------------------------


def changes(store: Store, catalogue: Catalogue, span: Span, *, opening: Standing | None = None,
            closing: Standing | None = None) -> list[Item]:
    """Everything that changed in the span, in the order of KINDS. `opening` and `closing` may be given when the
    caller has read them already (a snapshot has the closing one)."""
    after = closing or standing_at(store, catalogue, span.end, as_of=span.closing if span.as_known_then else None)
    before = opening or opening_standing(store, catalogue, span, after)
    items = [*verdict_moves(catalogue, before, after), *figure_moves(store, catalogue, span, after),
             *stale_moves(catalogue, before, after), *collector_moves(store, catalogue, span, after),
             *edits(store, catalogue, span, after), *events(store, span, catalogue)]
    rank = {kind: n for n, kind in enumerate(KINDS)}
    return sorted(items, key=lambda item: rank[item.kind])  # stable: each kind keeps its own order


# -- as a table ---------------------------------------------------------------------------------------------

CSV_FIELDS = ("kind", "indicator_id", "subject", "at", "figures", "baseline", "rule", "explanation", "sources")


def record(item: Item) -> dict:
    """One item as a flat row (changes.csv)."""
    return {"kind": item.kind, "indicator_id": item.indicator_id, "subject": item.subject, "at": item.at,
            "figures": "; ".join(f["text"] for f in item.figures) or None, "baseline": item.baseline,
            "rule": item.rule, "explanation": item.explanation, "sources": " ".join(item.sources) or None}
