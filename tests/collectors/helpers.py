"""Shared helpers for collector tests: fixture paths and a stand-in for catalogue indicators."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@dataclass(frozen=True)
class Ind:
    """The two attributes a parser reads from a catalogue Indicator."""

    id: str
    params: dict = field(default_factory=dict)


def fixture(source: str, name: str) -> bytes:
    return (FIXTURES / source / name).read_bytes()
