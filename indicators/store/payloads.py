"""Raw payloads, archived untouched and content-addressed, and the log of collector runs."""
from __future__ import annotations

import hashlib
import json
import zlib
from datetime import datetime, timedelta, timezone

from .connection import NotFound, timestamp, utc_now

# A run still 'running' this long after it started lost its process (killed, or the machine stopped):
# the next run marks it 'interrupted'. A run is one transaction, so nothing it fetched was saved.
STALE_RUN_HOURS = 6
FAILED_RUN = ("failed", "interrupted")  # how a run that saved nothing ends
EMPTY_RUN = "empty"  # a run whose every answer held nothing for its windows: no failure
SUCCEEDED_RUN = ("ok", EMPTY_RUN)  # how a run that reached its source ends


class Payloads:
    def archive_payload(self, *, source: str, url: str | None, status: int | None, fetched_at: str,
                        body: bytes, content_type: str | None = None) -> str:
        """Keep the untouched bytes, content-addressed; returns their sha256."""
        digest = hashlib.sha256(body).hexdigest()
        with self.transaction():
            if not self.has_payload(digest):
                self.conn.execute(  # kept once: the table refuses a replacement, and a writer archiving the
                    # same bytes at the same moment on PostgreSQL waits for this one, then passes over them
                    "INSERT INTO raw_payloads (sha256, source, url, status, fetched_at, content_type, "
                    "size, compression, body) VALUES (?, ?, ?, ?, ?, ?, ?, 'zlib', ?) "
                    f"{self.sql.ignoring_conflict('sha256')}",
                    (digest, source, url, status, fetched_at, content_type, len(body), zlib.compress(body, 6)))
        return digest

    def has_payload(self, sha256: str) -> bool:
        return self.conn.execute("SELECT 1 FROM raw_payloads WHERE sha256 = ?", (sha256,)).fetchone() is not None

    def payload(self, sha256: str) -> tuple[dict, bytes]:
        rows = list(self.query("SELECT * FROM raw_payloads WHERE sha256 = ?", [sha256]))
        if not rows:
            raise NotFound(f"no archived payload {sha256}")
        meta = rows[0]
        body = meta.pop("body")
        return meta, zlib.decompress(body) if meta["compression"] == "zlib" else body

    def payloads(self, source: str) -> list[dict]:
        return list(self.query(
            "SELECT sha256, source, url, status, fetched_at, content_type, size FROM raw_payloads "
            f"WHERE source = ? ORDER BY fetched_at, {self.sql.insertion_order}",  # oldest first; ties as archived
            [source]))

    def start_run(self, source: str, params: dict | None = None) -> int:
        """Log a new run as running; runs left running past STALE_RUN_HOURS are marked interrupted first."""
        cutoff = timestamp(datetime.now(timezone.utc) - timedelta(hours=STALE_RUN_HOURS))
        with self.transaction():
            self.conn.execute(
                "UPDATE collector_runs SET status = 'interrupted', finished_at = ?, error = ? "
                "WHERE status = 'running' AND started_at < ?",
                (utc_now(), f"interrupted: still running {STALE_RUN_HOURS} hours after it started; its process was "
                            f"most likely stopped or killed, and then nothing it fetched was saved", cutoff))
            return self.conn.execute(
                "INSERT INTO collector_runs (source, started_at, status, params) VALUES (?, ?, 'running', ?) "
                "RETURNING id", (source, utc_now(), json.dumps(params or {}, sort_keys=True, default=str))
            ).fetchone()[0]

    def finish_run(self, run_id: int, *, status: str, rows_added: int = 0, rows_revised: int = 0,
                   error: str | None = None) -> None:
        with self.transaction():
            self.conn.execute(
                "UPDATE collector_runs SET finished_at = ?, status = ?, rows_added = ?, rows_revised = ?, "
                "error = ? WHERE id = ? AND status = 'running'",  # a run marked interrupted meanwhile stays so
                (utc_now(), status, rows_added, rows_revised, error, run_id))

    def runs(self, source: str | None = None, limit: int = 50, *, started_by: str | None = None,
             finished: bool = False) -> list[dict]:
        """A source's runs (or every source's), the latest first; with `started_by`, those started by then;
        with `finished`, only runs that ended."""
        where, params = ["TRUE"], []
        if source:
            where.append("source = ?")
            params.append(source)
        if started_by:
            where.append("started_at <= ?")
            params.append(started_by)
        if finished:
            where.append("status != 'running'")
        return list(self.query(
            f"SELECT * FROM collector_runs WHERE {' AND '.join(where)} ORDER BY id DESC LIMIT ?", [*params, limit]))
