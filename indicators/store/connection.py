"""One SQLite connection: its settings, transactions, errors and the change counter readers key caches on."""
from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Self

from ..access import READONLY_ENV, is_readonly

DEFAULT_DB = "data.db"
BUSY_TIMEOUT_S = 30.0


class StoreError(RuntimeError):
    """A store operation that cannot be done as asked (the message says why)."""


class SchemaTooNew(StoreError):
    """The database was written by a newer version of this tool."""


class NotFound(StoreError, LookupError):
    pass


def timestamp(moment: datetime) -> str:
    """A moment in the store's one form (UTC, microseconds, Z), so that 'entered by then' is a string comparison."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def end_of(day: date) -> str:
    """The last moment of a day, in the store's form."""
    return f"{day.isoformat()}T23:59:59.999999Z"


def utc_now() -> str:
    return timestamp(datetime.now(timezone.utc))


def default_path() -> str:
    return os.environ.get("BAROMETER_DB") or DEFAULT_DB


def _known_clause(as_of: str | None, alias: str = "") -> tuple[str, list]:
    """Rows in force now, or, with `as_of`, rows entered by then and not yet superseded or retracted then."""
    p = f"{alias}." if alias else ""
    if as_of is None:
        return f"{p}status = 'active'", []
    return (f"{p}entered_at <= ? AND ({p}status = 'active' OR {p}status_changed_at > ?)", [as_of, as_of])


def _connect_readonly(path: str) -> sqlite3.Connection:
    """A connection that cannot write, to a database that must already exist: never one created on the way."""
    if not Path(path).is_file():
        raise StoreError(f"{path}: no such database; a read-only deployment ({READONLY_ENV}) never creates "
                         f"one: run `barometer init` without {READONLY_ENV} first")
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, check_same_thread=False)


class Connection:
    """WAL, foreign keys and a busy timeout on every connection; writes take the lock at once."""

    def __init__(self, path: str | Path, *, migrate: bool = True, readonly: bool = False):
        self.path = str(path)
        self.readonly = readonly
        if readonly:
            conn = _connect_readonly(self.path)
        else:
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, check_same_thread=False)
        self.conn = conn
        self._depth = 0
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
        if readonly:
            self._require_schema()
            return
        if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        if migrate:
            self.migrate()

    def _require_schema(self) -> None:
        try:
            applied = self.applied_versions()
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise StoreError(f"{self.path}: not a barometer database ({exc})") from None
        if not applied:
            self.conn.close()
            raise StoreError(f"{self.path}: not a barometer database (no schema); a read-only deployment "
                             f"({READONLY_ENV}) never creates or migrates one")

    @classmethod
    def open(cls, path: str | Path | None = None, *, migrate: bool = True) -> Self:
        """The store at `path`, or at $BAROMETER_DB, or ./data.db. In a read-only deployment
        ($BAROMETER_READONLY) the database must exist: it is opened read-only, never created nor migrated."""
        if is_readonly():
            return cls(path or default_path(), migrate=False, readonly=True)
        return cls(path or default_path(), migrate=migrate)

    def query(self, sql: str, params: Sequence = ()) -> Iterator[dict]:
        """Rows as dicts keyed by column name."""
        cursor = self.conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return (dict(zip(names, row)) for row in cursor)

    @property
    def db(self):
        """The same connection through sqlite-utils, for table-level work (upserting the catalogue); loaded on
        first use because it brings pandas with it when pandas is installed."""
        from sqlite_utils import Database

        return Database(self.conn)

    def table_names(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Self]:
        """All or nothing. The outermost level takes the write lock at once (BEGIN IMMEDIATE),
        so two writers queue on the busy timeout instead of failing mid-way; inner levels nest
        as savepoints."""
        if self._depth == 0:
            self.conn.execute("BEGIN IMMEDIATE")
        else:
            self.conn.execute(f"SAVEPOINT sp{self._depth}")
        self._depth += 1
        try:
            yield self
        except BaseException:
            self._depth -= 1
            if self._depth == 0:
                self.conn.execute("ROLLBACK")
            else:
                self.conn.execute(f"ROLLBACK TO sp{self._depth}")
                self.conn.execute(f"RELEASE sp{self._depth}")
            raise
        else:
            self._depth -= 1
            self.conn.execute("COMMIT" if self._depth == 0 else f"RELEASE sp{self._depth}")

    def data_version(self) -> tuple:
        """Changes whenever anything a reader sees changes; cheap enough to ask on every page run."""
        return self.conn.execute(
            "SELECT (SELECT max(id) FROM observations),"
            " (SELECT max(status_changed_at) FROM observations WHERE status_changed_at IS NOT NULL),"
            " (SELECT max(id) FROM events),"
            " (SELECT max(id) || '/' || ifnull(max(finished_at), '') FROM collector_runs),"
            " (SELECT count(*) || '/' || total(length(name) + length(definition)) FROM indicators)"
        ).fetchone()
