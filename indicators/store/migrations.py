"""The versioned schema: SQL files applied in order, each in its own transaction. SQLite's are in
indicators/migrations, PostgreSQL's in indicators/migrations/postgresql, under the same version numbers."""
from __future__ import annotations

from importlib import resources

from . import guards
from .connection import SchemaTooNew, utc_now
from .dialect import PostgreSQL, SQLite

_FOLDERS = {d.name: d.migrations_folder for d in (SQLite, PostgreSQL)}


def migrations(dialect: str = "sqlite") -> list[tuple[int, str, str]]:
    """(version, name, sql) of every migration shipped with the package for a dialect, in order."""
    found = []
    for entry in resources.files("indicators").joinpath(*_FOLDERS[dialect].split("/")).iterdir():
        if entry.name.endswith(".sql"):
            version, _, name = entry.name.removesuffix(".sql").partition("_")
            found.append((int(version), name, entry.read_text(encoding="utf-8")))
    return sorted(found)


class Migrations:
    def applied_versions(self) -> list[int]:
        if "schema_migrations" not in self.table_names():
            return []
        return [r[0] for r in self.conn.execute("SELECT version FROM schema_migrations ORDER BY version")]

    def migrate(self) -> list[int]:
        """Apply pending migrations, each in its own transaction; refuse a database from a newer tool. On
        PostgreSQL one process migrates at a time (an advisory lock): another waits, then finds nothing to do."""
        known = migrations(self.dialect)
        newest_known = known[-1][0] if known else 0
        applied = set(self.applied_versions())
        if applied and applied >= {v for v, _, _ in known} and max(applied) <= newest_known:
            return []
        with self.sql.migration_lock(self.conn):
            with self.transaction():
                self.conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                                  "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
            applied = set(self.applied_versions())
            if applied and max(applied) > newest_known:
                raise SchemaTooNew(
                    f"{self.path} has schema version {max(applied)}, but this version of barometer knows "
                    f"only up to {newest_known}: upgrade barometer to open it")
            done = []
            for version, name, sql in known:
                if version in applied:
                    continue
                with self.transaction():
                    if version in self.applied_versions():  # applied by another process while this one queued
                        continue
                    self.sql.run_script(self.conn, sql)
                    self.conn.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", (version, name, utc_now()))
                done.append(version)
        return done

    def verify_guards(self) -> None:
        """Refuse a database whose append-only rules are not those the migrations made (GuardsBroken). A database
        without a schema yet, or at an older version than this tool's, is left to `migrate`."""
        applied = self.applied_versions()
        if not applied or max(applied) < guards.expected_version(self.dialect):
            return
        found = guards.problems(self.conn, self.dialect)
        if found:
            raise guards.refusal(self.path, found)
