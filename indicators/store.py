"""The store: the only module that speaks SQL. Append-only observations in one SQLite file."""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from importlib import resources
from pathlib import Path

from sqlite_utils import Database

from .access import READONLY_ENV, is_readonly
from .catalogue import Catalogue
from .observation import Observation

DEFAULT_DB = "data.db"
BUSY_TIMEOUT_S = 30.0
# A run still 'running' this long after it started lost its process (killed, or the machine stopped):
# the next run marks it 'interrupted'. A run is one transaction, so nothing it fetched was saved.
STALE_RUN_HOURS = 6
_MAX_ID = 2 ** 63 - 1
_OBS_COLUMNS = (
    "indicator_id", "period_start", "period_end", "value", "value_low", "value_high", "qualifier",
    "source_url", "citation", "collector", "entered_by", "entered_at", "supersedes", "note",
    "note_confidential", "source_confidential", "payload_sha256", "run_id",
)
# What summaries and snapshots read of an observation: its figure and its public provenance.
_OBS_READ = ", ".join(f"o.{c}" for c in (
    "id", "indicator_id", "period_start", "period_end", "qualifier", "value", "value_low", "value_high",
    "source_url", "note", "note_confidential", "source_confidential"))
# How a period's end date falls into a bucket of each grain (weeks start on Monday).
_BUCKETS = {
    "day": "period_end",
    "week": "date(period_end, '-6 days', 'weekday 1')",
    "month": "strftime('%Y-%m-01', period_end)",
}
_INSERT_OBS = (f"INSERT INTO observations ({', '.join(_OBS_COLUMNS)}) "
               f"VALUES ({', '.join('?' * len(_OBS_COLUMNS))})")


class StoreError(RuntimeError):
    """A store operation that cannot be done as asked (the message says why)."""


class SchemaTooNew(StoreError):
    """The database was written by a newer version of this tool."""


class NotFound(StoreError, LookupError):
    pass


def utc_now() -> str:
    """UTC timestamps in one sortable form, so that 'entered by then' is a string comparison."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def default_path() -> str:
    return os.environ.get("BAROMETER_DB") or DEFAULT_DB


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every migration shipped with the package, in order."""
    found = []
    for entry in resources.files("indicators").joinpath("migrations").iterdir():
        if entry.name.endswith(".sql"):
            version, _, name = entry.name.removesuffix(".sql").partition("_")
            found.append((int(version), name, entry.read_text(encoding="utf-8")))
    return sorted(found)


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


class Store:
    def __init__(self, path: str | Path, *, migrate: bool = True, readonly: bool = False):
        self.path = str(path)
        self.readonly = readonly
        if readonly:
            conn = _connect_readonly(self.path)
        else:
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, check_same_thread=False)
        self.db = Database(conn)
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
    def open(cls, path: str | Path | None = None, *, migrate: bool = True) -> "Store":
        """The store at `path`, or at $BAROMETER_DB, or ./data.db. In a read-only deployment
        ($BAROMETER_READONLY) the database must exist: it is opened read-only, never created nor migrated."""
        if is_readonly():
            return cls(path or default_path(), migrate=False, readonly=True)
        return cls(path or default_path(), migrate=migrate)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- transactions and schema ---------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator["Store"]:
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

    def applied_versions(self) -> list[int]:
        if "schema_migrations" not in self.db.table_names():
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

    def data_version(self) -> tuple:
        """Changes whenever anything a reader sees changes; cheap enough to ask on every page run."""
        return self.conn.execute(
            "SELECT (SELECT max(id) FROM observations),"
            " (SELECT max(status_changed_at) FROM observations WHERE status_changed_at IS NOT NULL),"
            " (SELECT max(id) FROM events),"
            " (SELECT max(id) || '/' || ifnull(max(finished_at), '') FROM collector_runs),"
            " (SELECT count(*) || '/' || total(length(name) + length(definition)) FROM indicators)"
        ).fetchone()

    # -- catalogue ---------------------------------------------------------------------------------

    def sync_catalogue(self, catalogue: Catalogue) -> tuple[int, int]:
        """Bring the catalogue's entries in (added, changed); observations are untouched."""
        existing = {r["id"]: r for r in self.db.query("SELECT * FROM indicators")}
        rows = []
        for ind in catalogue.indicators.values():
            rows.append({
                "id": ind.id, "name": ind.name, "family": ind.family, "unit": ind.unit, "kind": ind.kind,
                "worse_when": ind.worse_when, "cadence": ind.cadence, "definition": ind.definition,
                "paper_context": ind.paper_context,
                "sources": json.dumps([s.__dict__ for s in ind.sources], ensure_ascii=False),
                "approx_tolerance": ind.approx_tolerance,
                "baseline_pin": json.dumps(ind.baseline_pin) if ind.baseline_pin else None,
                "collector": ind.collector, "params": json.dumps(ind.params, ensure_ascii=False, sort_keys=True),
                "position": ind.position,
            })
        added = [r for r in rows if r["id"] not in existing]
        changed = [r for r in rows if r["id"] in existing and existing[r["id"]] != r]
        if added or changed:
            with self.transaction():
                self.db["indicators"].upsert_all(added + changed, pk="id")
        return len(added), len(changed)

    # -- observations: writes ---------------------------------------------------------------------

    @staticmethod
    def _row(obs: Observation, entered_at: str, supersedes=None, payload_sha256=None, run_id=None) -> tuple:
        return (obs.indicator_id, obs.period_start, obs.period_end, obs.value, obs.value_low, obs.value_high,
                obs.qualifier, obs.source_url, obs.citation, obs.collector, obs.entered_by, entered_at,
                supersedes, obs.note, int(obs.note_confidential), int(obs.source_confidential),
                payload_sha256, run_id)

    def _insert_many(self, rows: list[tuple]) -> list[int]:
        before = self.conn.execute("SELECT ifnull(max(id), 0) FROM observations").fetchone()[0]
        self.conn.executemany(_INSERT_OBS, rows)
        return list(range(before + 1, before + 1 + len(rows)))

    def append(self, observations: Iterable[Observation], *, entered_at: str | None = None,
               payload_sha256: str | None = None, run_id: int | None = None) -> list[int]:
        """Insert new observations in one transaction; returns their ids in order."""
        at = entered_at or utc_now()
        rows = [self._row(o, at, None, payload_sha256, run_id) for o in observations]
        with self.transaction():
            return self._insert_many(rows)

    def correct(self, old_id: int, new: Observation, *, reason: str | None = None,
                entered_at: str | None = None) -> int:
        """A correction: the new row supersedes the old one, which keeps its figure and becomes superseded."""
        at = entered_at or utc_now()
        with self.transaction():
            old = self.get(old_id)
            if old["status"] != "active":
                raise StoreError(f"observation {old_id} is {old['status']}; only an active one can be corrected")
            if new.indicator_id != old["indicator_id"]:
                raise StoreError(f"a correction keeps the indicator ({old['indicator_id']}); "
                                 f"retract and add instead")
            (new_id,) = self._insert_many([self._row(new, at, old_id)])
            self.conn.execute(
                "UPDATE observations SET status = 'superseded', status_changed_at = ?, status_reason = ? "
                "WHERE id = ?", (at, reason or f"corrected by observation {new_id}", old_id))
        return new_id

    def retract(self, obs_id: int, reason: str, *, at: str | None = None) -> None:
        if not reason or not reason.strip():
            raise StoreError("a retraction needs a reason")
        with self.transaction():
            row = self.get(obs_id)
            if row["status"] != "active":
                raise StoreError(f"observation {obs_id} is {row['status']}; only an active one can be retracted")
            self.conn.execute(
                "UPDATE observations SET status = 'retracted', status_changed_at = ?, status_reason = ? "
                "WHERE id = ?", (at or utc_now(), reason.strip(), obs_id))

    def upsert(self, observations: Sequence[Observation], *, payload_sha256: str | None = None,
               run_id: int | None = None, entered_at: str | None = None) -> tuple[int, int]:
        """Idempotent loading for one source (a collector, or the paper's figures): (added, revised).

        The key is indicator, period and source URL among rows of the same collector and enterer.
        Unchanged figures add nothing; a changed one becomes a revision that supersedes the old row;
        a row someone corrected or retracted is left as they left it.
        """
        at = entered_at or utc_now()
        by_indicator: dict[str, list[Observation]] = defaultdict(list)
        for o in observations:
            by_indicator[o.indicator_id].append(o)
        new_rows, revisions = [], []
        with self.transaction():
            for indicator_id, group in by_indicator.items():
                first = min(o.period_end for o in group)
                last = max(o.period_end for o in group)
                if self.conn.execute("SELECT 1 FROM observations WHERE indicator_id = ? AND period_end "
                                     "BETWEEN ? AND ? LIMIT 1", (indicator_id, first, last)).fetchone() is None:
                    new_rows.extend(self._row(o, at, None, payload_sha256, run_id) for o in group)
                    continue  # nothing stored in the range yet: every row is new
                latest: dict[tuple, tuple] = {}
                for row in self.conn.execute(
                        "SELECT period_start, period_end, source_url, collector, entered_by, id, status, "
                        "qualifier, value, value_low, value_high FROM observations "
                        "WHERE indicator_id = ? AND period_end BETWEEN ? AND ? ORDER BY id",
                        (indicator_id, first, last)):
                    latest[row[:5]] = row[5:]
                for o in group:
                    hit = latest.get((o.period_start, o.period_end, o.source_url, o.collector, o.entered_by))
                    if hit is None:
                        new_rows.append(self._row(o, at, None, payload_sha256, run_id))
                    elif hit[1] == "active" and hit[2:] != (o.qualifier, o.value, o.value_low, o.value_high):
                        revisions.append((hit[0], self._row(o, at, hit[0], payload_sha256, run_id)))
            self._insert_many(new_rows)
            if revisions:
                self._insert_many([r for _, r in revisions])
                self.conn.executemany(
                    "UPDATE observations SET status = 'superseded', status_changed_at = ?, "
                    "status_reason = 'revised by a later load of the same source' WHERE id = ?",
                    [(at, old_id) for old_id, _ in revisions])
        return len(new_rows), len(revisions)

    def upsert_collected(self, observations: Sequence[Observation], *, collector: str,
                         payload_sha256: str | None, run_id: int | None) -> tuple[int, int]:
        bad = [o for o in observations if o.collector != collector]
        if bad:
            raise StoreError(f"observation for {bad[0].indicator_id} is not marked as collected by {collector}")
        return self.upsert(observations, payload_sha256=payload_sha256, run_id=run_id)

    # -- observations: reads ----------------------------------------------------------------------

    def get(self, obs_id: int) -> dict:
        if not 0 < obs_id <= _MAX_ID:  # SQLite ids are 64-bit; anything beyond names no row
            shown = obs_id if abs(obs_id) < 10 ** 30 else "of that size"
            raise NotFound(f"no observation with id {shown}")
        rows = list(self.db.query("SELECT * FROM observations WHERE id = ?", [obs_id]))
        if not rows:
            raise NotFound(f"no observation with id {obs_id}")
        return rows[0]

    def find_duplicates(self, observations: Sequence[Observation]) -> list[int | None]:
        """For each observation, the id of an active one with the same indicator, period, figure and
        source, or None: one query per indicator, so that a 50,000-row import checks quickly."""
        by_indicator: dict[str, list[Observation]] = defaultdict(list)
        for o in observations:
            by_indicator[o.indicator_id].append(o)
        active: dict[tuple, int] = {}
        for indicator_id, group in by_indicator.items():
            for row in self.conn.execute(
                    "SELECT indicator_id, period_start, period_end, source_url, qualifier, value, value_low, "
                    "value_high, id FROM observations WHERE indicator_id = ? AND status = 'active' "
                    "AND period_start BETWEEN ? AND ? ORDER BY id",
                    (indicator_id, min(o.period_start for o in group), max(o.period_start for o in group))):
                active.setdefault(row[:8], row[8])
        return [active.get(duplicate_key(o)) for o in observations]

    def observations(self, indicator_id: str, *, include_inactive: bool = False, start: str | None = None,
                     end: str | None = None, as_of: str | None = None) -> list[dict]:
        """An indicator's observations by period (then id); inactive ones only on request."""
        where, params = ["indicator_id = ?"], [indicator_id]
        if not include_inactive:
            clause, extra = _known_clause(as_of)
            where.append(clause)
            params += extra
        if start:
            where.append("period_end >= ?")
            params.append(start)
        if end:
            where.append("period_start <= ?")
            params.append(end)
        return list(self.db.query(
            f"SELECT * FROM observations WHERE {' AND '.join(where)} ORDER BY period_end, period_start, id",
            params))

    def history(self, obs_id: int) -> list[dict]:
        """The revision chain an observation belongs to, oldest first."""
        row = self.get(obs_id)
        while row["supersedes"] is not None:
            row = self.get(row["supersedes"])
        chain = [row]
        while True:
            nxt = list(self.db.query("SELECT * FROM observations WHERE supersedes = ? ORDER BY id", [chain[-1]["id"]]))
            if not nxt:
                return chain
            chain.append(nxt[0])

    def window_rows(self, start: str, end: str, *, ending_by: str | None = None,
                    as_of: str | None = None) -> dict[str, list[dict]]:
        """Observations in force that overlap [start, end] (and end by `ending_by`), per indicator, with the
        provenance a published snapshot needs, in one order every reader sees."""
        clause, params = _known_clause(as_of, "o")
        cap, cap_params = ("AND o.period_end <= ?", [ending_by]) if ending_by else ("", [])
        out: dict[str, list[dict]] = defaultdict(list)
        for row in self.db.query(
                # Driven from indicators so that each one's rows are an index range on period_end;
                # `+` keeps the planner off the period_start index, which would read far more.
                f"SELECT {_OBS_READ} FROM indicators i CROSS JOIN observations o ON o.indicator_id = i.id "
                f"WHERE {clause} AND o.period_end >= ? AND +o.period_start <= ? {cap} "
                f"ORDER BY o.indicator_id, o.period_end, o.period_start, o.id",
                [*params, start, end, *cap_params]):
            out[row["indicator_id"]].append(row)
        return out

    def latest_rows_before(self, before: str, *, as_of: str | None = None) -> dict[str, list[dict]]:
        """Per indicator, the observations in force of the latest period ending before a date."""
        day_before = (date.fromisoformat(before) - timedelta(days=1)).isoformat()
        return self.recent_rows(1, until=day_before, as_of=as_of)

    def recent_rows(self, days: int = 30, *, until: str | None = None,
                    as_of: str | None = None) -> dict[str, list[dict]]:
        """Per indicator, the observations in force whose period ends within `days` of its latest period
        end (on or before `until`, to read as it stood then). The latest end is found first, per indicator,
        by walking the index backwards; the rows are then read by index range."""
        clause, params = _known_clause(as_of, "o")
        inner, inner_params = _known_clause(as_of, "x")
        cap, cap_params = ("AND x.period_end <= ?", [until]) if until else ("", [])
        out: dict[str, list[dict]] = defaultdict(list)
        for row in self.db.query(
                f"WITH l AS MATERIALIZED (SELECT i.id AS iid, (SELECT x.period_end FROM observations x "
                f"WHERE x.indicator_id = i.id AND {inner} {cap} "
                f"ORDER BY x.period_end DESC LIMIT 1) AS last_end FROM indicators i) "
                f"SELECT {_OBS_READ} FROM l CROSS JOIN observations o ON o.indicator_id = l.iid "
                f"WHERE {clause} AND o.period_end <= l.last_end AND o.period_end > date(l.last_end, ?) "
                f"ORDER BY o.indicator_id, o.period_end, o.period_start, o.id",
                [*inner_params, *cap_params, *params, f"-{days} days"]):
            out[row["indicator_id"]].append(row)
        return out

    def last_period_end(self, indicator_ids: Sequence[str], *, collector: str | None = None,
                        active_only: bool = False) -> str | None:
        """The latest period end among these indicators' rows (of one collector): a collector's bookmark."""
        if not indicator_ids:
            return None
        where = [f"indicator_id IN ({','.join('?' * len(indicator_ids))})"]
        params: list = list(indicator_ids)
        if collector is not None:
            where.append("collector = ?")
            params.append(collector)
        if active_only:
            where.append("status = 'active'")
        return self.conn.execute(
            f"SELECT max(period_end) FROM observations WHERE {' AND '.join(where)}", params).fetchone()[0]

    def source_counts(self, *, as_of: str | None = None) -> dict[str, int]:
        clause, params = _known_clause(as_of)
        return {r[0]: r[1] for r in self.conn.execute(
            f"SELECT indicator_id, count(DISTINCT source_url) FROM observations WHERE {clause} "
            f"GROUP BY indicator_id", params)}

    # -- events -----------------------------------------------------------------------------------

    def add_events(self, events: Iterable[dict], *, entered_at: str | None = None) -> int:
        """Add events not yet present (same start date and label); returns how many were added."""
        at = entered_at or utc_now()
        with self.transaction():
            before = self.conn.total_changes
            self.conn.executemany(  # only events not yet present: the table refuses a replacement
                "INSERT INTO events (date_start, date_end, label, family, description, source_url, "
                "entered_by, entered_at) SELECT :date_start, :date_end, :label, :family, :description, "
                ":source_url, :entered_by, :entered_at WHERE NOT EXISTS "
                "(SELECT 1 FROM events WHERE date_start = :date_start AND label = :label)",
                [{"family": None, "description": None, **e, "entered_at": at,
                  "date_end": e.get("date_end") or e["date_start"]} for e in events])
            return self.conn.total_changes - before

    def events(self, *, start: str | None = None, end: str | None = None, family: str | None = None,
               as_of: str | None = None) -> list[dict]:
        """Events overlapping [start, end], in date order; with `as_of`, only those entered by then."""
        where, params = ["1"], []
        for clause, value in (("date_end >= ?", start), ("date_start <= ?", end), ("family = ?", family),
                              ("entered_at <= ?", as_of)):
            if value is not None:
                where.append(clause)
                params.append(value)
        return list(self.db.query(
            f"SELECT * FROM events WHERE {' AND '.join(where)} ORDER BY date_start, date_end, label, id", params))

    # -- raw payloads and collector runs ----------------------------------------------------------

    def archive_payload(self, *, source: str, url: str | None, status: int | None, fetched_at: str,
                        body: bytes, content_type: str | None = None) -> str:
        """Keep the untouched bytes, content-addressed; returns their sha256."""
        digest = hashlib.sha256(body).hexdigest()
        with self.transaction():
            if self.conn.execute("SELECT 1 FROM raw_payloads WHERE sha256 = ?", (digest,)).fetchone() is None:
                self.conn.execute(  # kept once: the table refuses a replacement
                    "INSERT INTO raw_payloads (sha256, source, url, status, fetched_at, content_type, "
                    "size, compression, body) VALUES (?, ?, ?, ?, ?, ?, ?, 'zlib', ?)",
                    (digest, source, url, status, fetched_at, content_type, len(body), zlib.compress(body, 6)))
        return digest

    def payload(self, sha256: str) -> tuple[dict, bytes]:
        rows = list(self.db.query("SELECT * FROM raw_payloads WHERE sha256 = ?", [sha256]))
        if not rows:
            raise NotFound(f"no archived payload {sha256}")
        meta = rows[0]
        body = meta.pop("body")
        return meta, zlib.decompress(body) if meta["compression"] == "zlib" else body

    def payloads(self, source: str) -> list[dict]:
        return list(self.db.query(
            "SELECT sha256, source, url, status, fetched_at, content_type, size FROM raw_payloads "
            "WHERE source = ? ORDER BY fetched_at, sha256", [source]))

    def start_run(self, source: str, params: dict | None = None) -> int:
        """Log a new run as running; runs left running past STALE_RUN_HOURS are marked interrupted first."""
        cutoff = (datetime.now(timezone.utc) - timedelta(hours=STALE_RUN_HOURS)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        with self.transaction():
            self.conn.execute(
                "UPDATE collector_runs SET status = 'interrupted', finished_at = ?, error = ? "
                "WHERE status = 'running' AND started_at < ?",
                (utc_now(), f"interrupted: still running {STALE_RUN_HOURS} hours after it started; its process was "
                            f"most likely stopped or killed, and then nothing it fetched was saved", cutoff))
            cur = self.conn.execute(
                "INSERT INTO collector_runs (source, started_at, status, params) VALUES (?, ?, 'running', ?)",
                (source, utc_now(), json.dumps(params or {}, sort_keys=True, default=str)))
            return cur.lastrowid

    def finish_run(self, run_id: int, *, status: str, rows_added: int = 0, rows_revised: int = 0,
                   error: str | None = None) -> None:
        with self.transaction():
            self.conn.execute(
                "UPDATE collector_runs SET finished_at = ?, status = ?, rows_added = ?, rows_revised = ?, "
                "error = ? WHERE id = ? AND status = 'running'",  # a run marked interrupted meanwhile stays so
                (utc_now(), status, rows_added, rows_revised, error, run_id))

    def runs(self, source: str | None = None, limit: int = 50) -> list[dict]:
        where, params = ("WHERE source = ?", [source]) if source else ("", [])
        return list(self.db.query(
            f"SELECT * FROM collector_runs {where} ORDER BY id DESC LIMIT ?", [*params, limit]))

    # -- weekly snapshots: reads capped at a period end -----------------------------------------

    # -- aggregated series (the dashboard's charts and sparklines) --------------------------------

    def series(self, indicator_id: str, *, start: str | None = None, end: str | None = None,
               grain: str = "week") -> list[dict]:
        """An indicator's active observations aggregated per day, week or month, in SQL.

        See `_aggregated` for what a bucket holds.
        """
        where, params = ["o.indicator_id = ?"], [indicator_id]
        if start:
            where.append("o.period_end >= ?")
            params.append(start)
        if end:
            where.append("o.period_end <= ?")
            params.append(end)
        return [{k: r[k] for k in r if k != "indicator_id"} for r in self._aggregated(where, params, grain)]

    def sparklines(self, since: str, *, grain: str = "week") -> dict[str, list[dict]]:
        """Every indicator's trend since a date, in one lean query (the overview's sparklines).

        Per bucket, a flow's rate per 30 days (its figures' sum over the days they cover, so that
        two sources for one day count once on average) or a level's latest value; no bounds.
        """
        if grain not in _BUCKETS:
            raise StoreError(f"grain: {grain!r} is not one of {', '.join(_BUCKETS)}")
        out: dict[str, list[dict]] = defaultdict(list)
        for indicator_id, kind, bucket, total, days, last, _ in self.conn.execute(
                f"SELECT o.indicator_id, i.kind, {_BUCKETS[grain].replace('period_end', 'o.period_end')}, "
                f"sum(coalesce(o.value, (o.value_low + o.value_high) / 2.0)), "
                f"sum(julianday(o.period_end) - julianday(o.period_start) + 1), "
                f"coalesce(o.value, (o.value_low + o.value_high) / 2.0), "
                f"max(o.period_end) "  # the only max(): `last` is taken from its row
                f"FROM indicators i CROSS JOIN observations o ON o.indicator_id = i.id "
                f"WHERE o.status = 'active' AND o.period_end >= ? GROUP BY 1, 3 ORDER BY 1, 3", [since]):
            out[indicator_id].append({"bucket": bucket, "value": total * 30.0 / days if kind == "flow" else last})
        return dict(out)

    def span(self, indicator_id: str, *, start: str | None = None, end: str | None = None) -> tuple[int, str | None, str | None]:
        """(count, first period start, last period end) of an indicator's active observations ending
        within [start, end]."""
        return tuple(self.conn.execute(
            "SELECT count(*), min(period_start), max(period_end) FROM observations "
            "WHERE indicator_id = ? AND status = 'active' AND period_end >= ? AND period_end <= ?",
            (indicator_id, start or "0000-01-01", end or "9999-12-31")).fetchone())

    def _aggregated(self, where: list[str], params: list, grain: str) -> list[dict]:
        """Active observations per indicator and bucket (the bucket of each period's end).

        Rows of the same period (disagreeing sources) are first merged into their hull. Then a flow
        sums its periods and is given as a rate per 30 days of the days they cover ("sum-rate"), so
        that any grain compares with a per-30-days baseline; a level keeps its latest period's value.
        `low`/`high` bound the value (approx widened by the indicator's tolerance); `open_low` /
        `open_high` say that a bound is open (at most / at least), its number then being meaningless.
        """
        if grain not in _BUCKETS:
            raise StoreError(f"grain: {grain!r} is not one of {', '.join(_BUCKETS)}")
        sql = f"""
            WITH rows AS (
                SELECT o.indicator_id, o.period_start, o.period_end, i.kind,
                       coalesce(o.value, (o.value_low + o.value_high) / 2.0) AS v,
                       CASE o.qualifier WHEN 'range' THEN o.value_low
                            WHEN 'approx' THEN o.value * (1 - ifnull(i.approx_tolerance, 0.1))
                            WHEN 'at_most' THEN NULL ELSE o.value END AS lo,
                       CASE o.qualifier WHEN 'range' THEN o.value_high
                            WHEN 'approx' THEN o.value * (1 + ifnull(i.approx_tolerance, 0.1))
                            WHEN 'at_least' THEN NULL ELSE o.value END AS hi,
                       o.qualifier = 'at_most' AS olo, o.qualifier = 'at_least' AS ohi
                FROM indicators i CROSS JOIN observations o ON o.indicator_id = i.id
                WHERE o.status = 'active' AND {' AND '.join(where)}
            ), periods AS (
                SELECT indicator_id, kind, period_start, period_end, {_BUCKETS[grain]} AS bucket,
                       julianday(period_end) - julianday(period_start) + 1 AS days, count(*) AS n,
                       avg(v) AS v, min(lo) AS lo, max(hi) AS hi, max(olo) AS olo, max(ohi) AS ohi
                FROM rows GROUP BY indicator_id, period_end, period_start  -- the index order: no sort
            )
            SELECT indicator_id, kind, bucket, sum(n) AS n, sum(days) AS days,
                   sum(v) AS sum_v, sum(lo) AS sum_lo, sum(hi) AS sum_hi, sum(olo) AS any_olo, sum(ohi) AS any_ohi,
                   v AS last_v, lo AS last_lo, hi AS last_hi, olo AS last_olo, ohi AS last_ohi,
                   max(period_end) AS last_end  -- the only max(): the bare columns come from its row
            FROM periods GROUP BY indicator_id, bucket ORDER BY indicator_id, bucket"""
        out = []
        for r in self.db.query(sql, params):
            if r["kind"] == "flow":
                per30 = 30.0 / r["days"]
                olo, ohi = bool(r["any_olo"]), bool(r["any_ohi"])
                value, low, high = r["sum_v"] * per30, r["sum_lo"], r["sum_hi"]
                low = None if olo or low is None else low * per30
                high = None if ohi or high is None else high * per30
            else:
                olo, ohi = bool(r["last_olo"]), bool(r["last_ohi"])
                value = r["last_v"]
                low = None if olo else r["last_lo"]
                high = None if ohi else r["last_hi"]
            out.append({"indicator_id": r["indicator_id"], "bucket": r["bucket"], "last_end": r["last_end"],
                        "value": value, "low": low, "high": high, "open_low": olo, "open_high": ohi,
                        "observations": r["n"], "days": int(r["days"]),
                        "basis": "per_30_days" if r["kind"] == "flow" else "level"})
        return out


def duplicate_key(obs: Observation) -> tuple:
    """What makes two observations the same record: indicator, period, source and figure."""
    return (obs.indicator_id, obs.period_start, obs.period_end, obs.source_url, obs.qualifier,
            obs.value, obs.value_low, obs.value_high)


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
