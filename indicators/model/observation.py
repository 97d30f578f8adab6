"""The observation record every part of the tool passes around."""
from __future__ import annotations

from dataclasses import asdict, dataclass

QUALIFIERS = ("exact", "approx", "at_least", "at_most", "range")


@dataclass(frozen=True, slots=True)
class Observation:
    """A validated figure: one value (or bounds) for one indicator over one period.

    Dates are ISO strings so that they sort, compare and store without conversion.
    """

    indicator_id: str
    period_start: str
    period_end: str
    qualifier: str
    source_url: str
    entered_by: str
    value: float | None = None
    value_low: float | None = None
    value_high: float | None = None
    citation: str | None = None
    note: str | None = None
    collector: str | None = None
    note_confidential: bool = False
    source_confidential: bool = False

    def as_dict(self) -> dict:
        return asdict(self)
