"""Where a benchmark's databases live: SQLite files in the work folder, or, when `python -m benchmarks --db-url URL`
names a PostgreSQL server, databases created on it (the URL's own database is used only to create and drop them).

The harness passes the URL to each case's process in BAROMETER_BENCH_DB_URL.
"""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from indicators.store import Store

DB_URL_ENV = "BAROMETER_BENCH_DB_URL"


def server() -> str | None:
    return os.environ.get(DB_URL_ENV) or None


def name() -> str:
    return "postgresql" if server() else "sqlite"


def _admin():
    import psycopg

    return psycopg.connect(server(), autocommit=True)


def _url(database: str) -> str:
    parts = urlsplit(server())
    return urlunsplit((parts.scheme, parts.netloc, f"/{database}", parts.query, parts.fragment))


def exists(database: str) -> bool:
    with _admin() as admin:
        return admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone() is not None


def fresh(folder: Path, stem: str) -> str | Path:
    """A new, empty database named `stem`: a file in `folder` (an old one removed), or a database on the server
    (an old one dropped)."""
    if not server():
        path = Path(folder) / f"{stem}.db"
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        return path
    drop(stem)
    with _admin() as admin:
        admin.execute(f'CREATE DATABASE "{stem}"')
    return _url(stem)


def drop(target: str | Path) -> None:
    if isinstance(target, Path) or not server():
        Path(target).unlink(missing_ok=True)
        return
    database = urlsplit(target).path.lstrip("/") if "://" in str(target) else str(target)
    with _admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def version() -> str | None:
    """The server's version, for the machine's description."""
    if not server():
        return None
    with _admin() as admin:
        return admin.execute("SHOW server_version").fetchone()[0]


def stored(path: Path, stem: str) -> str | Path:
    """The synthetic store at `path` where the benchmark reads it: the file itself, or its copy on the server
    (made once by `barometer copy-db`, verified, and kept for the day as the file is)."""
    if not server():
        return path
    url = _url(stem)
    if exists(stem):
        with Store.open(url, migrate=False) as store:
            if store.applied_versions() and store.nonempty_tables():
                return url
    Store.open(path).close()  # a file built by an earlier version is migrated first
    fresh(path.parent, stem)
    Store.copy(str(path), url)
    return url
