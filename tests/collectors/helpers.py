"""Shared helpers for collector tests: fixture paths and a stand-in for catalogue indicators."""
from __future__ import annotations

import dataclasses

from dataclasses import dataclass, field
from pathlib import Path

from indicators.model.catalogue import load_catalogue

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CATALOGUE = load_catalogue()
BY = CATALOGUE.country  # the shipped catalogue's country, Belarus


@dataclass(frozen=True)
class Ind:
    """The two attributes a parser reads from a catalogue Indicator."""

    id: str
    params: dict = field(default_factory=dict)


def fixture(source: str, name: str) -> bytes:
    return (FIXTURES / source / name).read_bytes()


def history(source: str, name: str | None = None):
    """The shipped catalogue's [[history]] file of a source (the one named, if it has several): (bytes, url)."""
    items = [h for h in CATALOGUE.history if h.source == source and (name is None or h.path.name == name)]
    assert len(items) == 1, f"{source}: {len(items)} history files match {name!r}"
    return items[0].path.read_bytes(), items[0].url


def by_collector(source: str):
    """The shipped catalogue's indicators fed by a source."""
    return CATALOGUE.by_collector(source)


def only(catalogue, *keep: str):
    """The catalogue with the collectors of the kept indicators feeding only those indicators."""
    sources = {catalogue.get(i).collector for i in keep}
    indicators = {iid: (ind if ind.collector not in sources or iid in keep
                        else dataclasses.replace(ind, collector=None))
                  for iid, ind in catalogue.indicators.items()}
    return dataclasses.replace(catalogue, indicators=indicators)


def active(store, indicator_id: str) -> list[tuple]:
    return [(r["period_start"], r["value"]) for r in store.observations(indicator_id)]


def counts(store) -> tuple[int, int]:
    """(observations, raw payloads) in the store."""
    return (store.conn.execute("SELECT count(*) FROM observations").fetchone()[0],
            store.conn.execute("SELECT count(*) FROM raw_payloads").fetchone()[0])
