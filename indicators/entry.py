"""Manual observations: add, correct, retract and import, shared by the CLI and the dashboard.

Every path validates with indicators.validation before it touches the database, refuses
read-only deployments and duplicates, and writes in one transaction, so bad input saves nothing.
"""
from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import date

from .access import require_writable
from .catalogue import Catalogue
from .observation import Observation
from .store import Store, StoreError, duplicate_key
from .validation import FieldError, ValidationError, validate

LOCK_RETRIES = 5
LOCK_BACKOFF_S = 0.25
PROGRESS_STEP = 1000
SHOWN_PROBLEMS = 20
_COMPARED = ("period_start", "period_end", "qualifier", "value", "value_low", "value_high", "source_url",
             "citation", "note", "note_confidential", "source_confidential")


class DuplicateObservation(StoreError):
    """The same figure for the same indicator, period and source is already recorded and active."""

    def __init__(self, existing_id: int, where: str = ""):
        self.existing_id = existing_id
        super().__init__(f"{where}observation {existing_id} already records this figure for the same indicator, "
                         f"period and source; nothing saved")


class RowsRejected(ValidationError):
    """Bad rows in a file, each named by its line in the file (the header is line 1)."""

    def __init__(self, problems: list[tuple[int, FieldError]]):
        lines = sorted({n for n, _ in problems})
        shown = [f"line {n}: {e}" for n, e in problems if n in lines[:SHOWN_PROBLEMS]]
        more = f"; and {len(lines) - SHOWN_PROBLEMS} more bad lines" if len(lines) > SHOWN_PROBLEMS else ""
        super().__init__([e for _, e in problems])
        self.problems = problems
        self.lines = lines
        self.args = (f"{len(lines)} bad line{'s' if len(lines) > 1 else ''}: " + "; ".join(shown) + more,)

    def __str__(self) -> str:
        return self.args[0]


def with_lock_retry(write: Callable[[], object]) -> object:
    """Run a write, trying again when another process holds the database past the busy timeout."""
    for attempt in range(LOCK_RETRIES):
        try:
            return write()
        except sqlite3.OperationalError as exc:
            message = str(exc).lower()
            if ("locked" not in message and "busy" not in message) or attempt == LOCK_RETRIES - 1:
                raise
            time.sleep(LOCK_BACKOFF_S * 2 ** attempt)
    raise AssertionError("unreachable")


def _refuse_duplicate(store: Store, obs: Observation, *, ignoring: int | None = None) -> None:
    (existing,) = store.find_duplicates([obs])
    if existing is not None and existing != ignoring:
        raise DuplicateObservation(existing)


def add(store: Store, catalogue: Catalogue, record: Mapping, *, allow_duplicate: bool = False,
        today: date | None = None) -> int:
    """Validate and save one observation; returns its id."""
    require_writable()
    obs = validate(record, catalogue, today=today)

    def write() -> int:
        with store.transaction():
            if not allow_duplicate:
                _refuse_duplicate(store, obs)
            (new_id,) = store.append([obs])
        return new_id

    return with_lock_retry(write)


def record_of(row: Mapping) -> dict:
    """A stored row as an input record: what a correction starts from."""
    return {
        "indicator_id": row["indicator_id"], "value": row["value"], "period_start": row["period_start"],
        "period_end": row["period_end"], "qualifier": row["qualifier"], "value_low": row["value_low"],
        "value_high": row["value_high"], "source_url": row["source_url"], "citation": row["citation"],
        "note": row["note"], "entered_by": row["entered_by"],
        "note_confidential": bool(row["note_confidential"]),
        "source_confidential": bool(row["source_confidential"]),
    }


def correct(store: Store, catalogue: Catalogue, old_id: int, record: Mapping, *, reason: str | None = None,
            allow_duplicate: bool = False, today: date | None = None) -> int:
    """Save a corrected figure as a new row superseding `old_id`; returns the new id."""
    require_writable()
    obs = validate(record, catalogue, today=today)

    def write() -> int:
        with store.transaction():
            old = store.get(old_id)
            new = obs.as_dict()
            if all(new[k] == (bool(old[k]) if k.endswith("_confidential") else old[k]) for k in _COMPARED):
                raise ValidationError([FieldError("value", f"the correction changes nothing in observation {old_id}")])
            if not allow_duplicate:
                _refuse_duplicate(store, obs, ignoring=old_id)
            return store.correct(old_id, obs, reason=reason.strip() if reason and reason.strip() else None)

    return with_lock_retry(write)


def retract(store: Store, obs_id: int, reason: str) -> None:
    """Mark an observation retracted, with the reason; the row itself stays."""
    require_writable()
    if not reason or not reason.strip():
        raise ValidationError([FieldError("reason", "is required: say why the observation is retracted")])
    with_lock_retry(lambda: store.retract(obs_id, reason))


def validate_lines(catalogue: Catalogue, lines: Sequence[tuple[int, Mapping]], *, today: date | None = None,
                   progress: Callable[[int], None] | None = None) -> list[Observation]:
    """Every record validated before anything is written; bad ones raise RowsRejected naming their lines."""
    today = today or date.today()
    observations: list[Observation] = []
    problems: list[tuple[int, FieldError]] = []
    for position, (number, record) in enumerate(lines, 1):
        try:
            observations.append(validate(record, catalogue, today=today))
        except ValidationError as exc:
            problems.extend((number, e) for e in exc.errors)
        if progress is not None and position % PROGRESS_STEP == 0:
            progress(PROGRESS_STEP)
    if progress is not None and len(lines) % PROGRESS_STEP:
        progress(len(lines) % PROGRESS_STEP)
    if problems:
        raise RowsRejected(problems)
    return observations


def _duplicate_problems(store: Store, lines: Sequence[int], observations: Sequence[Observation]
                        ) -> list[tuple[int, FieldError]]:
    problems = []
    first_line: dict[tuple, int] = {}
    for number, obs, existing in zip(lines, observations, store.find_duplicates(observations)):
        if existing is not None:
            problems.append((number, FieldError(
                "value", f"duplicates observation {existing} (same indicator, period, figure and source)")))
            continue
        earlier = first_line.setdefault(duplicate_key(obs), number)
        if earlier != number:
            problems.append((number, FieldError("value", f"repeats line {earlier} of this file")))
    return problems


def import_lines(store: Store, catalogue: Catalogue, lines: Sequence[tuple[int, Mapping]], *,
                 allow_duplicate: bool = False, today: date | None = None,
                 progress: Callable[[int], None] | None = None) -> list[int]:
    """All or nothing: validate every (line number, record), then save them all in one transaction."""
    require_writable()
    if not lines:
        raise ValidationError([FieldError("file", "has no observations below the header")])
    observations = validate_lines(catalogue, lines, today=today, progress=progress)
    numbers = [n for n, _ in lines]

    def write() -> list[int]:
        with store.transaction():
            if not allow_duplicate:
                problems = _duplicate_problems(store, numbers, observations)
                if problems:
                    raise RowsRejected(problems)
            return store.append(observations)

    return with_lock_retry(write)
