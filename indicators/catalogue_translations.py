"""The catalogue's display texts in the reader's language: families, indicator names, definitions, units,
cadences and events' labels.

This is the interface every surface calls; until the translated catalogue lands it returns the catalogue's
own (English) texts unchanged.
"""
from __future__ import annotations

from collections.abc import Mapping

from .catalogue import Catalogue


def localize(catalogue: Catalogue, lang: str) -> Catalogue:
    """A copy of `catalogue` whose display texts are in `lang`; ids, rules and numbers are unchanged."""
    return catalogue


def localize_event(row: Mapping, lang: str, catalogue: Catalogue | None = None) -> dict:
    """An event row with its label and description in `lang`, from the translations of `catalogue` (else of the
    catalogue in use)."""
    return dict(row)


def cadence_label(catalogue: Catalogue, cadence_id: str, lang: str) -> str:
    """How often an indicator's figures are expected, in words of `lang` (in English, its id: "daily")."""
    return cadence_id
