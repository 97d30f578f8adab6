"""Manual observations: add, correct, retract and import, shared by the CLI and the dashboard.

Every path validates with indicators.model.validation before it touches the database, refuses
read-only deployments and duplicates, and writes in one transaction, so bad input saves nothing. Once a write is
saved, the alert rules are evaluated (indicators.reports.alerts); a failure there is logged, never raised.
"""
from __future__ import annotations

import operator
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import fields
from datetime import date
from typing import BinaryIO

from ..access import require_writable
from ..reports.alerts import evaluate_quietly
from ..model.catalogue import Catalogue, load_catalogue
from ..model import text_policy
from ..languages.i18n import _, count, ngettext
from ..model.observation import Observation
from ..store import Store, StoreError, duplicate_key, utc_now
from ..model.validation import FieldError, ValidationError, check_reason, validate

PROGRESS_STEP = 1000
CHUNK_ROWS = 10_000
SHOWN_PROBLEMS = 20
_fields = operator.attrgetter(*(f.name for f in fields(Observation)))  # an Observation as a plain tuple
_COMPARED = ("period_start", "period_end", "qualifier", "value", "value_low", "value_high", "source_url",
             "citation", "note", "note_confidential", "source_confidential")


class DuplicateObservation(StoreError):
    """The same figure for the same indicator, period and source is already recorded and active."""

    def __init__(self, existing_id: int, where: str = ""):
        self.existing_id = existing_id
        super().__init__(where + _("observation {id} already records this figure for the same indicator, period and "
                                   "source; nothing saved").format(id=existing_id))


class RowsRejected(ValidationError):
    """Bad rows in a file, each named by its line in the file (the header is line 1)."""

    def __init__(self, problems: list[tuple[int, FieldError]]):
        lines = sorted({n for n, _ in problems})
        first = set(lines[:SHOWN_PROBLEMS])
        shown = [_("line {line}: {problem}").format(line=n, problem=e) for n, e in problems if n in first]
        hidden = len(lines) - SHOWN_PROBLEMS
        more = ngettext("; and {n} more bad line", "; and {n} more bad lines", hidden).format(n=count(hidden)) \
            if hidden > 0 else ""
        super().__init__([e for _n, e in problems])
        self.problems = problems
        self.lines = lines
        self.args = (ngettext("{n} bad line: {problems}", "{n} bad lines: {problems}", len(lines)).format(
            n=count(len(lines)), problems="; ".join(shown)) + more,)

    def __str__(self) -> str:
        return self.args[0]


def _refuse_duplicate(store: Store, obs: Observation, *, ignoring: int | None = None) -> None:
    (existing,) = store.find_duplicates([obs])
    if existing is not None and existing != ignoring:
        raise DuplicateObservation(existing)


def add(store: Store, catalogue: Catalogue, record: Mapping, *, allow_duplicate: bool = False,
        today: date | None = None) -> int:
    """Validate and save one observation; returns its id."""
    require_writable()
    obs = validate(record, catalogue, today=today)

    with store.transaction():
        if not allow_duplicate:
            _refuse_duplicate(store, obs)
        (new_id,) = store.append([obs])
    evaluate_quietly(store, catalogue)
    return new_id


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
    reason = check_reason(reason, required=False)
    with store.transaction():
        old = store.get(old_id)
        new = obs.as_dict()
        if all(new[k] == (bool(old[k]) if k.endswith("_confidential") else old[k]) for k in _COMPARED):
            raise ValidationError([FieldError("value", _("the correction changes nothing in observation {id}").format(
                id=old_id))])
        if not allow_duplicate:
            _refuse_duplicate(store, obs, ignoring=old_id)
        new_id = store.correct(old_id, obs, reason=reason)
    evaluate_quietly(store, catalogue)
    return new_id


def retract(store: Store, obs_id: int, reason: str, *, catalogue: Catalogue | None = None) -> None:
    """Mark an observation retracted, with the reason; the row itself stays. The alert rules are those of
    `catalogue` (default: the catalogue in use, $BAROMETER_CATALOGUE or the one shipped)."""
    require_writable()
    if text_policy.blank(reason):
        raise ValidationError([FieldError("reason", _("is required: say why the observation is retracted"))])
    reason = check_reason(reason, required=True)
    store.retract(obs_id, reason)
    evaluate_quietly(store, catalogue or load_catalogue())


def _recorded(store: Store, chunk: Sequence[tuple[int, Observation]]) -> list[tuple[int, FieldError]]:
    """Lines of a chunk already recorded (and active) in the database."""
    found = store.find_duplicates([obs for _, obs in chunk])
    return [(number, FieldError("value", _("duplicates observation {id} (same indicator, period, figure and "
                                           "source)").format(id=existing)))
            for (number, _obs), existing in zip(chunk, found) if existing is not None]


def _spooled(spool: BinaryIO) -> Iterator[list[tuple[int, Observation]]]:
    """The checked chunks back from the spool file, in order."""
    spool.seek(0)
    while True:
        try:
            chunk = pickle.load(spool)
        except EOFError:
            return
        yield [(number, Observation(*values)) for number, values in chunk]


def _repeats(spool: BinaryIO, repeated: set[int], skipped: set[int]) -> list[tuple[int, FieldError]]:
    """Lines repeating an earlier line of the file, among rows whose key hash was seen more than once."""
    first_line: dict[tuple, int] = {}
    problems = []
    for chunk in _spooled(spool):
        for number, obs in chunk:
            key = duplicate_key(obs)
            if number not in skipped and hash(key) in repeated and first_line.setdefault(key, number) != number:
                problems.append((number, FieldError("value", _("repeats line {line} of this file").format(
                    line=first_line[key]))))
    return problems


def _check(store: Store, catalogue: Catalogue, lines: Iterable[tuple[int, Mapping]], spool: BinaryIO,
           today: date, look_up: bool, progress: Callable[[int], None] | None
           ) -> tuple[set[str], set[int], list[tuple[int, FieldError]]]:
    """Validate every line and look each chunk up in the database, keeping in memory only the problems,
    one chunk and one hash per row; the checked rows go to the spool file. Raises RowsRejected for
    invalid rows, else returns the indicators named, the hashes seen more than once and the rows already
    recorded."""
    problems: list[tuple[int, FieldError]] = []
    recorded: list[tuple[int, FieldError]] = []
    indicators: set[str] = set()
    hashes: set[int] = set()
    repeated: set[int] = set()
    count = 0
    chunk: list[tuple[int, Observation]] = []

    def flush() -> None:
        if look_up:
            recorded.extend(_recorded(store, chunk))
        pickle.dump([(number, _fields(obs)) for number, obs in chunk], spool, protocol=pickle.HIGHEST_PROTOCOL)
        chunk.clear()

    for count, (number, record) in enumerate(lines, 1):
        try:
            obs = validate(record, catalogue, today=today)
        except ValidationError as exc:
            problems.extend((number, e) for e in exc.errors)
        else:
            indicators.add(obs.indicator_id)
            if look_up:
                key_hash = hash(duplicate_key(obs))
                (repeated if key_hash in hashes else hashes).add(key_hash)
            if not problems:
                chunk.append((number, obs))
        if len(chunk) == CHUNK_ROWS:
            flush()
        if progress is not None and count % PROGRESS_STEP == 0:
            progress(PROGRESS_STEP)
    if progress is not None and count % PROGRESS_STEP:
        progress(count % PROGRESS_STEP)
    if not count:
        raise ValidationError([FieldError("file", _("has no observations below the header"))])
    if problems:
        raise RowsRejected(problems)
    flush()
    return indicators, repeated, recorded


def _duplicates(store: Store, spool: BinaryIO, repeated: set[int], recorded: list[tuple[int, FieldError]] | None
                ) -> list[tuple[int, FieldError]]:
    """Rows already recorded in the database (looked up again unless given), then rows repeating an
    earlier line of the file."""
    if recorded is None:
        recorded = [problem for chunk in _spooled(spool) for problem in _recorded(store, chunk)]
    if repeated:  # a hash seen twice: compare the real keys of those rows
        recorded = recorded + _repeats(spool, repeated, {number for number, _ in recorded})
    return sorted(recorded, key=lambda problem: problem[0])


def import_lines(store: Store, catalogue: Catalogue, lines: Iterable[tuple[int, Mapping]], *,
                 allow_duplicate: bool = False, today: date | None = None,
                 progress: Callable[[int], None] | None = None) -> list[int]:
    """All or nothing: validate every (line number, record), then save them all in one transaction.

    `lines` may be a generator (imports.iter_lines), read once: the checked rows wait in a temporary
    spool file, not in memory, and are saved from it chunk by chunk once every row has passed."""
    require_writable()
    with tempfile.TemporaryFile() as spool:
        version = store.data_version()
        indicators, repeated, recorded = _check(store, catalogue, lines, spool, today or date.today(),
                                                not allow_duplicate, progress)

        ids: list[int] = []
        with store.transaction():  # a second writer of these indicators waits until this one commits
            store.lock_indicators(indicators)
            if not allow_duplicate:
                # rows are never deleted nor made active again, so an unchanged database version
                # means the lookups made while checking still hold; otherwise look again
                unchanged = store.data_version() == version
                problems = _duplicates(store, spool, repeated, recorded if unchanged else None)
                if problems:
                    raise RowsRejected(problems)
            entered_at = utc_now()  # one moment for the whole file, as for one insert
            for chunk in _spooled(spool):
                ids += store.append([obs for _, obs in chunk], entered_at=entered_at)
    evaluate_quietly(store, catalogue)
    return ids
