"""The versioned schema: SQL files in indicators/migrations, applied in order, each in its own transaction."""
from __future__ import annotations

import sqlite3
from importlib import resources

from .connection import SchemaTooNew, utc_now


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every migration shipped with the package, in order."""
    found = []
    for entry in resources.files("indicators").joinpath("migrations").iterdir():
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
        """Apply pending migrations, each in its own transaction; refuse a database from a newer tool."""
        known = migrations()
        newest_known = known[-1][0] if known else 0
        applied = set(self.applied_versions())
        if applied and applied >= {v for v, _, _ in known} and max(applied) <= newest_known:
            return []
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
                for statement in _split_sql(sql):
                    self.conn.execute(statement)
                self.conn.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", (version, name, utc_now()))
            done.append(version)
        return done


def _split_sql(script: str) -> list[str]:
    """Statements of a migration script; trigger bodies keep their inner semicolons."""
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
