"""Confidential notes and sources (a witness, a private chat): kept for editors, blanked for the public.

Read-only deployments and every export show rows through `public_view`.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from .languages.i18n import N_

WITHHELD = N_("[confidential]")  # shown through _() where a withheld source would be


def public_view(row: Mapping) -> dict:
    """A copy of an observation row with its confidential note and source blanked (set to None).

    A confidential source takes its citation with it: the quoted passage names or identifies it.
    """
    out = dict(row)
    if out.get("note_confidential"):
        out["note"] = None
    if out.get("source_confidential"):
        out["source_url"] = None
        if "citation" in out:
            out["citation"] = None
    return out


def visible_rows(rows: Iterable[Mapping], *, editor: bool) -> list[dict]:
    """Rows as an editor sees them (everything) or as the public does (confidential parts blanked)."""
    return [dict(r) if editor else public_view(r) for r in rows]
