"""The two databases the tests run the store on: fresh PostgreSQL databases on the server that
BAROMETER_TEST_POSTGRES names, what tests do to either behind the store's back (raw writes, digests, a held
write lock), and writers released at the same moment."""
from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import pytest

from indicators.store import Store, is_url, migrations
from indicators.store.dialect import split_sql

POSTGRES_ENV = "BAROMETER_TEST_POSTGRES"
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.skipif(
        not os.environ.get(POSTGRES_ENV),
        reason=f"no PostgreSQL server: set {POSTGRES_ENV} to its URL (.ci/run starts one) to run this on it")),
]


def database_url(server: str, name: str) -> str:
    """The URL of another database on the same server."""
    parts = urlsplit(server)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


class PostgresServer:
    """Fresh empty databases on the test server, each dropped after its test (connections still open to it
    included: a test's subprocess may have left one)."""

    def __init__(self, url: str):
        import psycopg

        self.url = url
        self.admin = psycopg.connect(url, autocommit=True)

    def create(self) -> str:
        """The URL of a new database, without any schema yet (as a SQLite file not created yet)."""
        name = f"t_{uuid.uuid4().hex[:20]}"
        self.admin.execute(f'CREATE DATABASE "{name}"')
        return database_url(self.url, name)

    def drop(self, url: str) -> None:
        self.admin.execute(f'DROP DATABASE IF EXISTS "{urlsplit(url).path.lstrip("/")}" WITH (FORCE)')

    def close(self) -> None:
        self.admin.close()


@contextmanager
def connect(target) -> Iterator:
    """A raw connection behind the store's back: Python's sqlite3, or psycopg in autocommit."""
    if is_url(str(target)):
        import psycopg

        con = psycopg.connect(str(target), autocommit=True)
    else:
        con = sqlite3.connect(target, isolation_level=None)
    try:
        yield con
    finally:
        con.close()


def execute(target, sql: str) -> None:
    """One statement through a raw connection, committed."""
    with connect(target) as con:
        con.execute(sql)


def table_digest(target) -> str:
    """A digest of every table's schema and rows: equal digests mean nothing was written."""
    with connect(target) as con:
        if isinstance(con, sqlite3.Connection):
            dump = "\n".join(con.iterdump())
        else:
            tables = [r[0] for r in con.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1")]
            schema = con.execute("SELECT table_name, column_name, data_type FROM information_schema.columns "
                                 "WHERE table_schema = current_schema() ORDER BY 1, 2").fetchall()
            rows = [con.execute(f'SELECT t::text FROM "{t}" AS t ORDER BY 1').fetchall() for t in tables]
            dump = repr((tables, schema, rows))
    return hashlib.sha256(dump.encode("utf-8")).hexdigest()


def at_first_version(target) -> None:
    """A database at schema version 1, as the first release left it: its first migration applied by hand."""
    dialect = "postgresql" if is_url(str(target)) else "sqlite"
    _, name, sql = migrations(dialect)[0]
    with connect(target) as con:
        if dialect == "sqlite":
            con.execute("PRAGMA foreign_keys = ON")
            for statement in split_sql(sql):
                con.execute(statement)
        else:
            con.execute(sql)
        con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                    "applied_at TEXT NOT NULL)")
        con.execute(f"INSERT INTO schema_migrations VALUES (1, '{name}', 't')")


def is_blank(target) -> bool:
    """Nothing created: no SQLite file, or a PostgreSQL database without a table."""
    if not is_url(str(target)):
        return not os.path.exists(target)
    with connect(target) as con:
        return con.execute("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()").fetchone()[0] == 0


@contextmanager
def writes_held(target) -> Iterator[None]:
    """Hold off every writer of observations until the block ends, so that writers started in it really
    queue: SQLite's write lock, or a PostgreSQL table lock that lets reads through."""
    with connect(target) as con:
        if isinstance(con, sqlite3.Connection):
            con.execute("BEGIN IMMEDIATE")
        else:
            con.execute("BEGIN")
            con.execute("LOCK TABLE observations IN SHARE MODE")
        try:
            yield
        finally:
            con.execute("COMMIT")


def at_once(db_target, work, count: int = 6) -> list:
    """`work(store)` in `count` threads, each with its own connection, released together; what each returned
    or raised."""
    stores = [Store.open(db_target) for _ in range(count)]
    gate = threading.Barrier(count)
    results: list = [None] * count

    def one(i):
        gate.wait()
        try:
            results[i] = work(stores[i])
        except Exception as exc:  # noqa: BLE001 - collected, then asserted on
            results[i] = exc

    threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for s in stores:
        s.close()
    return results
