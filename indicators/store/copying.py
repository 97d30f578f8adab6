"""A whole database copied into an empty one, on either backend, then verified row by row.

Rows go in as the database's own rules let them in: the target's migrations make its schema and triggers, every
table is copied in key order, and a row that the log rules let start only one way (an observation starts active,
a collector run running, an alert open) is inserted that way and then moved, in the same transaction, exactly as
the source's row says it moved. Nothing is disabled. Each table's rows are then read back and compared with the
source's by count and by a checksum of every row in a canonical form, before anything is committed.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from .connection import StoreError, timestamp
from .targets import is_url
from .migrations import migrations

CHUNK = 5_000


@dataclass(frozen=True)
class Table:
    """A table to copy: the column that orders its rows, whether the database numbers them (ids drawn from a
    sequence), and the columns its rows may only gain after insertion (their values on insertion: what a new
    row starts with)."""

    name: str
    key: str
    later: dict = field(default_factory=dict)
    numbered: bool = False


# In the order foreign keys need them.
TABLES = (
    Table("schema_migrations", "version"),
    Table("indicators", "id"),
    Table("raw_payloads", "sha256"),
    Table("collector_runs", "id", {"status": "running", "finished_at": None, "rows_added": 0, "rows_revised": 0,
                                   "error": None}, numbered=True),
    Table("observations", "id", {"status": "active", "status_changed_at": None, "status_reason": None},
          numbered=True),
    Table("events", "id", numbered=True),
    Table("alerts", "id", {"resolved_at": None, "resolution": None, "acknowledged_by": None,
                           "acknowledged_at": None}, numbered=True),
    Table("alert_deliveries", "id", numbered=True),
)
DATA_TABLES = tuple(t.name for t in TABLES if t.name != "schema_migrations")


class CopyMismatch(RuntimeError):
    """What was read back from the target is not what the source holds; nothing was committed."""

    def __init__(self, checks: list[TableCheck]):
        self.checks = checks
        bad = ", ".join(c.table for c in checks if not c.ok)
        super().__init__(f"the copy does not match the source in {bad}: nothing was committed")


@dataclass(frozen=True)
class TableCheck:
    table: str
    rows: int
    checksum: str
    target_rows: int
    target_checksum: str

    @property
    def ok(self) -> bool:
        return (self.rows, self.checksum) == (self.target_rows, self.target_checksum)


def canonical(value):
    """One form for a value whichever backend returned it: a blob by its digest, a moment in the store's form."""
    if value is None or isinstance(value, (str, float)):
        return value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        data = bytes(value)
        return {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    if isinstance(value, datetime):
        return timestamp(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"no canonical form for {type(value).__name__}")


class Checksum:
    """The digest of a table: each row's canonical JSON hashed, and the row digests hashed in key order. Rows must
    come in that order, strictly rising: both backends order keys byte by byte (text is COLLATE "C" on
    PostgreSQL), as Python compares them, so a key out of order means the two do not agree on it."""

    def __init__(self, table: str = "rows"):
        self.table = table
        self.total = hashlib.sha256()
        self.count = 0
        self.last = None

    def add(self, key, row: Iterable) -> None:
        if self.count and not key > self.last:
            raise StoreError(f"{self.table}: key {key!r} came after {self.last!r}; the copy cannot be checked")
        text = json.dumps([canonical(v) for v in row], ensure_ascii=False, separators=(",", ":"))
        self.total.update(hashlib.sha256(text.encode("utf-8")).digest())
        self.count, self.last = self.count + 1, key

    def hexdigest(self) -> str:
        return self.total.hexdigest()


class Copying:
    """The store's side of `barometer copy-db`: what a copy reads, writes and checks."""

    @contextmanager
    def read_snapshot(self) -> Iterator[None]:
        """Every read inside sees the database as it was at the first one, whatever is written meanwhile."""
        self.conn.execute(self.sql.begin_snapshot)
        try:
            yield
        finally:
            self.conn.execute("COMMIT")

    def columns(self, table: str) -> list[str]:
        return [d[0] for d in self.conn.execute(f"SELECT * FROM {table} LIMIT 0").description]

    def rows_in_key_order(self, table: Table, columns: list[str]) -> Iterator[tuple]:
        """Inside a transaction (read_snapshot, or the copy's own) on PostgreSQL, where rows are streamed."""
        return self.sql.stream(self.conn, f"SELECT {', '.join(columns)} FROM {table.name} ORDER BY {table.key}")

    def nonempty_tables(self) -> dict[str, int]:
        """The data tables that hold rows, with how many."""
        counts = {t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in DATA_TABLES}
        return {t: n for t, n in counts.items() if n}

    def checksum(self, table: Table, columns: list[str]) -> tuple[int, str]:
        digest, key = Checksum(table.name), columns.index(table.key)
        for row in self.rows_in_key_order(table, columns):
            digest.add(row[key], row)
        return digest.count, digest.hexdigest()

    def insert_rows(self, table: Table, columns: list[str], rows: list[tuple]) -> None:
        """Rows as the source has them, through the target's rules: each starts as a new row must, then moves."""
        starting = [tuple(table.later[c] if c in table.later else v for c, v in zip(columns, row))
                    for row in rows]
        self.conn.executemany(f"INSERT INTO {table.name} ({', '.join(columns)}) "
                              f"VALUES ({', '.join('?' * len(columns))})", starting)
        if not table.later:
            return
        moved = [c for c in columns if c in table.later]
        key = columns.index(table.key)
        changes = [tuple(row[columns.index(c)] for c in moved) + (row[key],)
                   for row in rows if any(row[columns.index(c)] != table.later[c] for c in moved)]
        if changes:
            self.conn.executemany(f"UPDATE {table.name} SET {', '.join(f'{c} = ?' for c in moved)} "
                                  f"WHERE {table.key} = ?", changes)

    def record_migrations(self, rows: list[tuple], columns: list[str]) -> None:
        """The source's schema history (when each version was applied, and so when the database was made) in
        place of the one the target's migrations have just written; both hold the same versions."""
        for row in rows:
            values = dict(zip(columns, row))
            self.conn.execute("UPDATE schema_migrations SET name = ?, applied_at = ? WHERE version = ?",
                              (values["name"], values["applied_at"], values["version"]))

    @classmethod
    def copy(cls, source: str, target: str) -> list[TableCheck]:
        """Open SOURCE read-only and TARGET (created and migrated if new), copy, verify; an SQLite file this call
        created is removed again if the copy fails, so that a failed copy leaves nothing behind."""
        if str(source) == str(target):
            raise StoreError("TARGET: it is SOURCE itself; copy into a new or empty database")
        created = None if is_url(target) or Path(target).exists() else Path(target)
        with cls(source, migrate=False, readonly=True) as src:
            try:
                with cls.open(target) as dst:
                    return copy_database(src, dst)
            except BaseException:
                if created is not None:
                    for leftover in (created, Path(f"{created}-wal"), Path(f"{created}-shm")):
                        leftover.unlink(missing_ok=True)
                raise


def copy_database(source, target) -> list[TableCheck]:
    """Copy every table of `source` into the empty `target` (two open stores) and verify it; commits only when
    every table's count and checksum match, else raises CopyMismatch (nothing committed)."""
    known = [v for v, _, _ in migrations(source.dialect)]
    if source.applied_versions() != known:
        raise StoreError(f"SOURCE: {source.path} has schema versions {source.applied_versions()}, not this "
                         f"version's {known}: migrate it first (barometer --db SOURCE init)")
    unknown = sorted(set(source.table_names()) - {t.name for t in TABLES} - source.sql.bookkeeping)
    if unknown:
        raise StoreError(f"SOURCE: {source.path} has tables this version does not copy: {', '.join(unknown)}")
    filled = target.nonempty_tables()
    if filled:
        listed = ", ".join(f"{t} ({n:,} rows)" for t, n in filled.items())
        raise StoreError(f"TARGET: {target.path} is not empty ({listed}); copy-db writes only into a new or "
                         "empty database")
    checks = []
    with source.read_snapshot(), target.transaction():
        for table in TABLES:
            columns = source.columns(table.name)
            if set(target.columns(table.name)) != set(columns):
                raise StoreError(f"{table.name}: the columns differ between SOURCE and TARGET")
            digest, key, chunk = Checksum(table.name), columns.index(table.key), []
            for row in source.rows_in_key_order(table, columns):
                digest.add(row[key], row)
                chunk.append(row)
                if len(chunk) == CHUNK:
                    _write(target, table, columns, chunk)
                    chunk = []
            _write(target, table, columns, chunk)
            if table.numbered:
                target.sql.restart_ids(target.conn, table.name)
            checks.append(TableCheck(table.name, digest.count, digest.hexdigest(),
                                     *target.checksum(table, columns)))
        if not all(c.ok for c in checks):
            raise CopyMismatch(checks)
    target.sql.settle(target.conn, [t.name for t in TABLES])
    return checks


def _write(target, table: Table, columns: list[str], rows: list[tuple]) -> None:
    if not rows:
        return
    if table.name == "schema_migrations":
        target.record_migrations(rows, columns)
    else:
        target.insert_rows(table, columns, rows)
