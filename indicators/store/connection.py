"""One connection to the store: transactions, errors, the timestamp form, and the change counter readers key
caches on."""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Self

from .. import settings
from ..access import is_readonly
from ..languages.i18n import _
from .dialect import ALERTS_LOCK, FIGURES_LOCK, dialect_of
from .targets import display

DEFAULT_DB = "data.db"
BUSY_TIMEOUT_S = 30.0


class StoreError(RuntimeError):
    """A store operation that cannot be done as asked (the message says why)."""


class SchemaTooNew(StoreError):
    """The database was written by a newer version of this tool."""


class NotFound(StoreError, LookupError):
    pass


class DiskFull(StoreError):
    """The disk (or the database's size limit) ran out in a write: the write was undone as a whole."""


def disk_full(exc: BaseException) -> bool:
    """Whether a database error says the disk or the database is full (SQLite's SQLITE_FULL, PostgreSQL's
    53100 disk_full)."""
    return ("database or disk is full" in str(exc) or getattr(exc, "sqlstate", None) == "53100"
            or getattr(getattr(exc, "diag", None), "sqlstate", None) == "53100")


def timestamp(moment: datetime) -> str:
    """A moment in the store's one form (UTC, microseconds, Z), so that 'entered by then' is a string comparison."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def end_of(day: date) -> str:
    """The last moment of a day, in the store's form."""
    return f"{day.isoformat()}T23:59:59.999999Z"


def utc_now() -> str:
    return timestamp(datetime.now(timezone.utc))


def default_path() -> str:
    return settings.DB.text() or DEFAULT_DB


def _known_clause(as_of: str | None, alias: str = "") -> tuple[str, list]:
    """Rows in force now, or, with `as_of`, rows entered by then and not yet superseded or retracted then."""
    p = f"{alias}." if alias else ""
    if as_of is None:
        return f"{p}status = 'active'", []
    return (f"{p}entered_at <= ? AND ({p}status = 'active' OR {p}status_changed_at > ?)", [as_of, as_of])


class Connection:
    """One connection to SQLite or PostgreSQL (see dialect.py), its transactions, and the change counter readers
    key caches on."""

    def __init__(self, path: str | Path, *, migrate: bool = True, readonly: bool = False, guarded: bool = True):
        self.sql = dialect_of(path)
        self.target = str(path)
        self.path = display(path)
        self.readonly = readonly
        self._depth = 0
        if readonly:
            missing = (f"no such database; a read-only deployment ({settings.READONLY.name}) never creates one: run "
                       f"`barometer init` without {settings.READONLY.name} first")
        else:  # only a server's database can be missing: a SQLite file is created
            missing = "no such database; create it on the server first (createdb), then `barometer init` fills it"
        try:
            self.conn = self.sql.connect(self.target, readonly=readonly, timeout=BUSY_TIMEOUT_S, missing=missing)
        except (FileNotFoundError, ConnectionError) as exc:
            raise StoreError(str(exc)) from None
        if readonly:
            self._require_schema()
            return
        try:
            if migrate:
                self.migrate()
            if guarded:  # a store that may write checks first that the database's rules are whole
                self.verify_guards()
        except BaseException:
            self.conn.close()
            raise

    @property
    def dialect(self) -> str:
        """"sqlite" or "postgresql"."""
        return self.sql.name

    def _require_schema(self) -> None:
        try:
            applied = self.applied_versions()
        except self.sql.database_error as exc:
            self.conn.close()
            raise StoreError(f"{self.path}: not a barometer database ({exc})") from None
        if not applied:
            self.conn.close()
            raise StoreError(f"{self.path}: not a barometer database (no schema); a read-only deployment "
                             f"({settings.READONLY.name}) never creates or migrates one")

    @classmethod
    def open(cls, path: str | Path | None = None, *, migrate: bool = True) -> Self:
        """The store at `path` (a SQLite file, or a postgresql:// URL), or at $BAROMETER_DB, or ./data.db. In a
        read-only deployment ($BAROMETER_READONLY) the database must exist: it is opened read-only, never
        created nor migrated."""
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
        """A SQLite store's connection through sqlite-utils, for table-level work; loaded on first use because
        it brings pandas with it when pandas is installed."""
        from sqlite_utils import Database

        if self.dialect != "sqlite":
            raise StoreError(f"{self.path}: sqlite-utils works on SQLite databases only")
        return Database(self.conn)

    def table_names(self) -> list[str]:
        return self.sql.table_names(self.conn)

    def lock_indicators(self, indicator_ids) -> None:
        """Inside a write, hold off other writers of these indicators' figures until it ends, so that what was
        read (a duplicate check, the rows an upsert compares with) still holds when writing. SQLite's write lock
        does so for the whole database already."""
        if self._depth:
            self.sql.lock(self.conn, FIGURES_LOCK, indicator_ids)

    def lock_alerts(self) -> None:
        """Inside a write, hold off other evaluations of the alert rules until it ends, so that the alerts read
        as open stay the open ones (SQLite's write lock does so already)."""
        if self._depth:
            self.sql.lock(self.conn, ALERTS_LOCK, ["alerts"])

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Self]:
        """All or nothing; inner levels nest as savepoints. On SQLite the outermost level takes the write lock
        at once (BEGIN IMMEDIATE), so two writers queue on the busy timeout instead of failing mid-way; on
        PostgreSQL it begins at READ COMMITTED, and writers queue on the locks they take (see dialect.py)."""
        if self._depth == 0:
            self.conn.execute(self.sql.begin)
        else:
            self.conn.execute(f"SAVEPOINT sp{self._depth}")
        self._depth += 1
        try:
            yield self
        except BaseException as exc:
            self._depth -= 1
            self._undo()
            if isinstance(exc, self.sql.database_error) and disk_full(exc):
                raise self._full(exc) from exc
            raise
        else:
            self._depth -= 1
            try:
                self.conn.execute("COMMIT" if self._depth == 0 else f"RELEASE sp{self._depth}")
            except self.sql.database_error as exc:
                if not disk_full(exc):
                    raise
                self._undo()
                raise self._full(exc) from exc

    def _undo(self) -> None:
        """Roll back this level. A full disk makes SQLite roll the whole transaction back itself: then there is
        nothing left to roll back, and what is raised is the full disk, not "no transaction is active"."""
        try:
            if self._depth == 0:
                self.conn.execute("ROLLBACK")
            else:
                self.conn.execute(f"ROLLBACK TO sp{self._depth}")
                self.conn.execute(f"RELEASE sp{self._depth}")
        except self.sql.database_error as exc:
            if "no transaction is active" not in str(exc) and "no such savepoint" not in str(exc):
                raise

    def _full(self, exc: BaseException) -> DiskFull:
        return DiskFull(_("{db}: the disk is full (or the database reached its size limit): the write was undone "
                          "and nothing of it was saved; the data already stored is intact. Free some space and "
                          "try again").format(db=self.path))

    def data_version(self) -> tuple:
        """Changes whenever anything a reader sees changes; cheap enough to ask on every page run."""
        return tuple(self.sql.data_version(self.conn))
