"""Where the store's two SQL dialects differ: SQLite (a file path) and PostgreSQL (a postgresql:// URL).

Store code writes one SQL text, with `?` placeholders and functions both databases know; what cannot be
written once is asked of the dialect here: connecting, beginning a write, date arithmetic, a group's last
value, inserting rows and getting their ids, locks, the change counter, the list of tables and the migrations
folder. psycopg is imported only when a PostgreSQL URL is opened.
"""
from __future__ import annotations

import itertools
import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from .targets import display, is_url

_STREAMS = itertools.count()  # server-side cursors need a name unique on their connection
# Advisory lock keys on PostgreSQL. Migrating takes the one-number key; a write holds (space, hashtext(name)) in
# the two-number key space, which never meets the one-number one: writers of an indicator's figures the space
# FIGURES_LOCK with the indicator's id, an evaluation of the alert rules the space ALERTS_LOCK.
MIGRATION_LOCK = 7_242_683_120_517_771_001
FIGURES_LOCK = 1_650_553_649
ALERTS_LOCK = 1_650_553_650


def dialect_of(target: str | Path) -> SQLite | PostgreSQL:
    return PostgreSQL() if is_url(target) else SQLite()


class SQLite:
    """The embedded default: one file, one writer at a time (BEGIN IMMEDIATE takes the write lock at once)."""

    name = "sqlite"
    migrations_folder = "migrations"
    begin = "BEGIN IMMEDIATE"
    integrity_error = sqlite3.IntegrityError
    database_error = sqlite3.DatabaseError
    insertion_order = "rowid"
    # A join read in the order written (the left table drives): SQLite's CROSS JOIN with ON forces it.
    join_in_order = "CROSS JOIN"
    # The engine's own tables, not the database's content.
    bookkeeping = frozenset({"sqlite_sequence", "sqlite_stat1", "sqlite_stat4"})

    def connect(self, target: str, *, readonly: bool, timeout: float, missing: str) -> sqlite3.Connection:
        """WAL, foreign keys and a busy timeout; read-only connections never create the file. Autocommit, as on
        PostgreSQL: the store says BEGIN itself, and a statement outside a transaction never leaves one open."""
        if readonly:
            if not Path(target).is_file():
                raise FileNotFoundError(f"{target}: {missing}")
            uri = Path(target).resolve().as_uri() + "?mode=ro"
            conn = sqlite3.connect(uri, uri=True, timeout=timeout, check_same_thread=False, isolation_level=None)
        else:
            conn = sqlite3.connect(target, timeout=timeout, check_same_thread=False, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        return conn

    # -- fragments -----------------------------------------------------------------------------------

    @staticmethod
    def days(start: str, end: str) -> str:
        """The days a period covers, both ends counted, as a float."""
        return f"(julianday({end}) - julianday({start}) + 1)"

    @staticmethod
    def week_start(day: str) -> str:
        """The Monday of a day's week, as 'YYYY-MM-DD'."""
        return f"date({day}, '-6 days', 'weekday 1')"

    @staticmethod
    def days_before(day: str) -> str:
        """A day minus a `?` number of days, as 'YYYY-MM-DD'."""
        return f"date({day}, '-' || ? || ' days')"

    @staticmethod
    def greatest(a: str, b: str) -> str:
        return f"max({a}, {b})"

    @staticmethod
    def least(a: str, b: str) -> str:
        return f"min({a}, {b})"

    @staticmethod
    def last_of_group(expr: str, order: str) -> str:
        """`expr` of a group's row that comes first in `order` (its first key: the query's one max()). SQLite
        takes a bare column from the row its one max() found (the first such row read, on a tie)."""
        return expr

    @staticmethod
    def latest_of_group(expr: str, end: str, start: str, key: str, *, where: str | None = None) -> str:
        """`expr` of the group's row with the latest `end` (then the earliest `start`, then the lowest `key`), for
        the rows `where` holds: last_of_group's order, for a query whose one max() is of `end`."""
        return expr

    @staticmethod
    def any_of_group(expr: str) -> str:
        """A value the same on every row of the group (a bare column, so that the query's one max() still
        decides the other bare columns)."""
        return expr

    @staticmethod
    def unindexed(expr: str) -> str:
        """An expression the planner must not use an index for (SQLite's unary plus)."""
        return f"+{expr}"

    @staticmethod
    def ignoring_conflict(columns: str) -> str:
        """What an INSERT ends with to pass over a row that is there already (SQLite: its triggers refuse a
        replacement, so the statement itself says WHERE NOT EXISTS)."""
        return ""

    # -- statements ----------------------------------------------------------------------------------

    @staticmethod
    def insert_rows(conn, table: str, columns: Sequence[str], rows: list[tuple]) -> list[int]:
        """Insert rows and return their new ids, in order: under the write lock, ids go on from max(id)."""
        before = conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]
        conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                         rows)
        return list(range(before + 1, before + 1 + len(rows)))

    @staticmethod
    def lock(conn, space: int, names) -> None:
        """Nothing to do: BEGIN IMMEDIATE holds the whole database's write lock."""

    @staticmethod
    @contextmanager
    def migration_lock(conn) -> Iterator[None]:
        yield

    @staticmethod
    def run_script(conn, script: str) -> None:
        for statement in split_sql(script):
            conn.execute(statement)

    @staticmethod
    def table_names(conn) -> list[str]:
        return [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]

    @staticmethod
    def data_version(conn) -> tuple:
        """Ids only grow and rows are never deleted, so the highest ids, the latest status change, the latest
        finished run and the catalogue's size change whenever anything a reader sees changes."""
        return conn.execute(
            "SELECT (SELECT max(id) FROM observations),"
            " (SELECT max(status_changed_at) FROM observations WHERE status_changed_at IS NOT NULL),"
            " (SELECT max(id) FROM events),"
            " (SELECT max(id) || '/' || ifnull(max(finished_at), '') FROM collector_runs),"
            " (SELECT count(*) || '/' || total(length(name) + length(definition)) FROM indicators)"
        ).fetchone()

    # -- copying a whole database (store/copying.py) -------------------------------------------------

    # Every read until COMMIT sees the database as the first one did (WAL keeps that snapshot).
    begin_snapshot = "BEGIN"

    @staticmethod
    def stream(conn, sql: str) -> Iterator[tuple]:
        """A large result row by row: SQLite's cursor steps through it without holding it."""
        return iter(conn.execute(sql))

    @staticmethod
    def restart_ids(conn, table: str) -> None:
        """Nothing to do: an INTEGER PRIMARY KEY goes on from the highest id there is."""

    @staticmethod
    def settle(conn, tables) -> None:
        """Nothing to do after a bulk load: SQLite plans from its indexes alone."""


def split_sql(script: str) -> list[str]:
    """Statements of a SQLite migration script; trigger bodies keep their inner semicolons."""
    statements, buf = [], []
    for line in script.splitlines():
        if line.strip().startswith("--") and not buf:
            continue
        buf.append(line)
        candidate = "\n".join(buf).strip()
        if candidate.endswith(";") and sqlite3.complete_statement(candidate):
            statements.append(candidate)
            buf = []
    if "\n".join(buf).strip():
        statements.append("\n".join(buf).strip())
    return statements


class PostgreSQL:
    """A shared server. Writes run at READ COMMITTED: each statement sees what others committed before it, and
    the guarantees that need more are taken explicitly rather than left to SERIALIZABLE (which would abort one
    of two writers and leave every caller to retry): writers of an indicator's figures queue on an advisory
    lock keyed on the indicator (so the read-then-write of a duplicate check or a collector's upsert cannot
    race), status moves update only a row still active, and the change counter is bumped at commit."""

    name = "postgresql"
    migrations_folder = "migrations/postgresql"
    begin = "BEGIN ISOLATION LEVEL READ COMMITTED"
    # Ties in the order payloads were archived: a row's place in the table, which is the order of insertion in
    # a table whose rows are never updated nor deleted (unless a rolled-back insert's space is taken again).
    insertion_order = "ctid"
    join_in_order = "JOIN"

    @property
    def integrity_error(self):
        import psycopg

        return psycopg.IntegrityError

    @property
    def database_error(self):
        import psycopg

        return psycopg.DatabaseError

    def connect(self, target: str, *, readonly: bool, timeout: float, missing: str) -> PgConnection:
        """Autocommit (the store says BEGIN itself); a read-only session cannot write whatever it is asked;
        waits for a lock give up after `timeout`, as SQLite's busy timeout does."""
        try:
            import psycopg
            from psycopg.conninfo import conninfo_to_dict
        except ImportError:
            raise ConnectionError(f"{display(target)}: PostgreSQL needs psycopg: "
                                  f"pip install 'legitimacy-barometer[postgresql]'") from None

        defaults = {"application_name": "barometer", "connect_timeout": int(timeout)}
        try:
            given = conninfo_to_dict(target)
            conn = psycopg.connect(target, autocommit=True, **{k: v for k, v in defaults.items() if k not in given})
        except psycopg.OperationalError as exc:
            reason = " ".join(line.strip() for line in str(exc).splitlines() if line.strip()) or type(exc).__name__
            if re.search(r'database ".*" does not exist', reason):
                raise FileNotFoundError(f"{display(target)}: {missing}") from None
            raise ConnectionError(f"{display(target)}: cannot connect ({reason})") from None
        except psycopg.ProgrammingError as exc:
            raise ConnectionError(f"{display(target)}: not a PostgreSQL URL ({str(exc).strip()})") from None
        conn.adapters.register_loader("numeric", _numeric_loader())
        conn.execute(f"SET lock_timeout = '{int(timeout * 1000)}ms'")
        if readonly:
            conn.execute("SET default_transaction_read_only = on")
        return PgConnection(conn)

    # -- fragments -----------------------------------------------------------------------------------

    @staticmethod
    def days(start: str, end: str) -> str:
        """A one-day period (most of them) without parsing its dates."""
        return (f"CASE WHEN ({start}) = ({end}) THEN 1.0::double precision "
                f"ELSE (({end})::date - ({start})::date + 1)::double precision END")

    @staticmethod
    def week_start(day: str) -> str:
        return f"to_char(({day})::date - (extract(isodow FROM ({day})::date)::integer - 1), 'YYYY-MM-DD')"

    @staticmethod
    def days_before(day: str) -> str:
        return f"to_char(({day})::date - CAST(? AS integer), 'YYYY-MM-DD')"

    @staticmethod
    def greatest(a: str, b: str) -> str:
        return f"greatest({a}, {b})"

    @staticmethod
    def least(a: str, b: str) -> str:
        return f"least({a}, {b})"

    @staticmethod
    def last_of_group(expr: str, order: str) -> str:
        return f"(array_agg({expr} ORDER BY {order}))[1]"

    @staticmethod
    def latest_of_group(expr: str, end: str, start: str, key: str, *, where: str | None = None) -> str:
        """The greatest array (end, −start, −key, expr), days counted from 2000: an aggregate that hashes, where
        array_agg(… ORDER BY …) sorts every group (the overview's sparklines: a third of their time at 730k rows)."""
        latest = (f"max(ARRAY[({end})::date - DATE '2000-01-01', DATE '2000-01-01' - ({start})::date, -({key}), "
                  f"{expr}]::float8[])")
        return f"({latest}{f' FILTER (WHERE {where})' if where else ''})[4]"

    @staticmethod
    def any_of_group(expr: str) -> str:
        return f"min({expr})"

    @staticmethod
    def unindexed(expr: str) -> str:
        return expr

    @staticmethod
    def ignoring_conflict(columns: str) -> str:
        return f"ON CONFLICT ({columns}) DO NOTHING"

    # -- statements ----------------------------------------------------------------------------------

    @staticmethod
    def insert_rows(conn: PgConnection, table: str, columns: Sequence[str], rows: list[tuple]) -> list[int]:
        """Ids drawn from the table's sequence first, then the rows copied in with them (COPY: the fast path
        for a large import); ids come in the order drawn, not necessarily one after another."""
        if not rows:
            return []
        ids = [r[0] for r in conn.execute(
            f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, ?) ORDER BY 1",
            [len(rows)])]
        with conn.raw.cursor().copy(f"COPY {table} (id, {', '.join(columns)}) FROM STDIN") as copy:
            for new_id, row in zip(ids, rows):
                copy.write_row((new_id, *row))
        return ids

    @staticmethod
    def lock(conn: PgConnection, space: int, names) -> None:
        """Hold off other writers that lock these names in this space until this transaction ends; taken in one
        order, so that two writers of the same names queue instead of deadlocking."""
        for name in sorted(set(names)):
            conn.execute(f"SELECT pg_advisory_xact_lock({int(space)}, hashtext(?))", [name])

    @staticmethod
    @contextmanager
    def migration_lock(conn: PgConnection) -> Iterator[None]:
        """One process migrates at a time; the others wait, then find the work done."""
        conn.execute(f"SELECT pg_advisory_lock({MIGRATION_LOCK})")
        try:
            yield
        finally:
            conn.execute(f"SELECT pg_advisory_unlock({MIGRATION_LOCK})")

    @staticmethod
    def run_script(conn: PgConnection, script: str) -> None:
        conn.raw.execute(script)  # without parameters, one call runs every statement

    @staticmethod
    def table_names(conn: PgConnection) -> list[str]:
        return [r[0] for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")]

    @staticmethod
    def data_version(conn: PgConnection) -> tuple:
        """A counter every committed write bumps (see the migrations: a statement trigger marks the
        transaction, a trigger deferred to its commit bumps once), seen together with the write it counts."""
        return conn.execute("SELECT version FROM store_version").fetchone()

    # -- copying a whole database (store/copying.py) -------------------------------------------------

    begin_snapshot = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
    # The change counter's tables: each database keeps its own.
    bookkeeping = frozenset({"store_version", "store_version_pending"})

    @staticmethod
    def stream(conn: PgConnection, sql: str) -> Iterator[tuple]:
        """A large result in batches through a server-side cursor (inside a transaction), never all at once."""
        with conn.raw.cursor(name=f"barometer_stream_{next(_STREAMS)}") as cursor:
            cursor.itersize = 5_000
            cursor.execute(sql)
            yield from cursor

    @staticmethod
    def restart_ids(conn: PgConnection, table: str) -> None:
        """Rows copied in with their ids leave the identity's sequence behind: the next id drawn follows the
        highest there is."""
        conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce(max(id), 1), "
                     f"max(id) IS NOT NULL) FROM {table}")

    @staticmethod
    def settle(conn: PgConnection, tables) -> None:
        """After a bulk load (outside its transaction): statistics for the planner, and the visibility map that
        lets index-only scans skip the table, rather than waiting for autovacuum to get round to them."""
        for table in tables:
            conn.execute(f"VACUUM (ANALYZE) {table}")


class PgConnection:
    """A psycopg connection that takes the store's SQL as written: `?` and `:name` placeholders."""

    def __init__(self, raw):
        self.raw = raw

    def execute(self, sql: str, params: Sequence | dict = ()):
        return self.raw.execute(_pg_sql(sql), params)

    def executemany(self, sql: str, rows):
        cursor = self.raw.cursor()
        cursor.executemany(_pg_sql(sql), rows)
        return cursor

    def close(self) -> None:
        self.raw.close()


@lru_cache(maxsize=1)
def _numeric_loader():
    """A loader of NUMERIC results (a sum of integers, a decimal literal) as SQLite gives them: integral values
    as int, the rest as float."""
    from psycopg.types.numeric import NumericLoader

    class SQLiteLikeNumeric(NumericLoader):
        def load(self, data):
            value = super().load(data)
            exponent = value.as_tuple().exponent
            return int(value) if isinstance(exponent, int) and exponent >= 0 else float(value)

    return SQLiteLikeNumeric


@lru_cache(maxsize=1024)
def _pg_sql(sql: str) -> str:
    """`?` → `%s`, `:name` → `%(name)s` and `%` → `%%`, outside quotes and comments (where only `%` doubles)."""
    out, i, n = [], 0, len(sql)
    while i < n:
        c = sql[i]
        if c in "'\"":
            end = i + 1
            while True:
                end = sql.find(c, end)
                if end == -1:
                    end = n
                    break
                if sql.startswith(c * 2, end):
                    end += 2
                    continue
                end += 1
                break
            out.append(sql[i:end].replace("%", "%%"))
            i = end
        elif sql.startswith("--", i):
            end = sql.find("\n", i)
            end = n if end == -1 else end
            out.append(sql[i:end].replace("%", "%%"))
            i = end
        elif c == "?":
            out.append("%s")
            i += 1
        elif c == "%":
            out.append("%%")
            i += 1
        elif sql.startswith("::", i):
            out.append("::")
            i += 2
        elif c == ":" and (m := re.match(r":([A-Za-z_]\w*)", sql[i:])):
            out.append(f"%({m.group(1)})s")
            i += m.end()
        else:
            out.append(c)
            i += 1
    return "".join(out)
