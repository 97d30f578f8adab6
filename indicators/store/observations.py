"""Observations: append-only writes (append, correct, retract, upsert) and the reads of figures and edits (what
readings read is in readings.py).

Every write first locks the indicators it writes (Connection.lock_indicators), so that a duplicate check or an
upsert's comparison still holds when its rows are written, whatever the backend.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from ..languages.i18n import _
from ..model.text_policy import blank
from ..model.observation import Observation
from .intervals import high_sql, low_sql
from .connection import NotFound, StoreError, _known_clause, utc_now

_OBS_COLUMNS = (
    "indicator_id", "period_start", "period_end", "value", "value_low", "value_high", "qualifier",
    "source_url", "citation", "collector", "entered_by", "entered_at", "supersedes", "note",
    "note_confidential", "source_confidential", "payload_sha256", "run_id",
)
# What summaries and snapshots read of an observation: its figure and its public provenance (the collector that
# wrote a note, so that the note reads in the language shown).
_OBS_READ = ", ".join(f"o.{c}" for c in (
    "id", "indicator_id", "period_start", "period_end", "qualifier", "value", "value_low", "value_high",
    "source_url", "note", "note_confidential", "source_confidential", "collector"))
# What a list of edits reads of an observation: its figure, public provenance, who, when and its status.
_EDIT_READ = ", ".join((
    "id", "indicator_id", "period_start", "period_end", "qualifier", "value", "value_low", "value_high", "source_url",
    "note", "note_confidential", "source_confidential", "entered_by", "entered_at", "supersedes", "status",
    "status_changed_at", "status_reason", "collector", "payload_sha256"))
_MAX_ID = 2 ** 63 - 1


class Observations:
    @staticmethod
    def _row(obs: Observation, entered_at: str, supersedes=None, payload_sha256=None, run_id=None) -> tuple:
        return (obs.indicator_id, obs.period_start, obs.period_end, obs.value, obs.value_low, obs.value_high,
                obs.qualifier, obs.source_url, obs.citation, obs.collector, obs.entered_by, entered_at,
                supersedes, obs.note, int(obs.note_confidential), int(obs.source_confidential),
                payload_sha256, run_id)

    def _insert_many(self, rows: list[tuple]) -> list[int]:
        self.lock_indicators({r[0] for r in rows})
        return self.sql.insert_rows(self.conn, "observations", _OBS_COLUMNS, rows)

    def _bounds(self, s: str) -> tuple[str, str]:
        """An observation's lower and upper bound as baseline.interval_of reads its qualifier (NULL: open), given
        the unit's minimum and maximum and the approx tolerance of the spec row `s`."""
        return low_sql(self.sql, f"{s}.tol", f"{s}.umin"), high_sql(self.sql, f"{s}.tol", f"{s}.umax")

    def _set_status(self, obs_id: int, status: str, at: str, reason: str) -> None:
        """Move an active row's status, once: a row another writer moved meanwhile is refused, not moved again."""
        if self.conn.execute(
                "UPDATE observations SET status = ?, status_changed_at = ?, status_reason = ? "
                "WHERE id = ? AND status = 'active'", (status, at, reason, obs_id)).rowcount != 1:
            raise _not_active(obs_id, self.get(obs_id)["status"], "correct" if status == "superseded" else "retract")

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
                raise _not_active(old_id, old["status"], "correct")
            if new.indicator_id != old["indicator_id"]:
                raise StoreError(_("a correction keeps the indicator ({indicator}): retract the figure and add a new "
                                   "one instead").format(indicator=old["indicator_id"]))
            (new_id,) = self._insert_many([self._row(new, at, old_id)])
            self._set_status(old_id, "superseded", at, reason or f"corrected by observation {new_id}")
        return new_id

    def retract(self, obs_id: int, reason: str, *, at: str | None = None) -> None:
        if blank(reason):
            raise StoreError(_("a retraction needs a reason"))
        with self.transaction():
            row = self.get(obs_id)
            if row["status"] != "active":
                raise _not_active(obs_id, row["status"], "retract")
            self._set_status(obs_id, "retracted", at or utc_now(), reason.strip())

    def active_id(self, indicator_id: str, period_start: str, period_end: str, source_url: str,
                  entered_by: str, value: float | None) -> int | None:
        """The active row of that key and figure entered by `entered_by` (a shipped figure), or None."""
        row = self.conn.execute(
            "SELECT id FROM observations WHERE indicator_id = ? AND period_start = ? AND period_end = ? "
            "AND source_url = ? AND entered_by = ? AND collector IS NULL AND status = 'active' "
            "AND (value = ? OR (value IS NULL AND ? IS NULL)) ORDER BY id LIMIT 1",
            (indicator_id, period_start, period_end, source_url, entered_by, value, value)).fetchone()
        return None if row is None else row[0]

    def collected_periods(self, collector: str) -> list[tuple[int, str, str, str, str]]:
        """(id, indicator, source URL, period start, period end) of a collector's active rows."""
        return [tuple(r) for r in self.conn.execute(
            "SELECT id, indicator_id, source_url, period_start, period_end FROM observations "
            "WHERE collector = ? AND status = 'active' ORDER BY id", (collector,))]

    def supersede(self, ids: Sequence[int], reason: str, *, at: str | None = None) -> int:
        """Mark active rows superseded without a successor (a parser no longer reads them from their payload:
        Freedom in the World's editions dated by the year they cover, say); the rows stay in the history."""
        at = at or utc_now()
        with self.transaction():
            self.conn.executemany("UPDATE observations SET status = 'superseded', status_changed_at = ?, "
                                  "status_reason = ? WHERE id = ? AND status = 'active'",
                                  [(at, reason, i) for i in ids])
        return len(ids)

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
            self.lock_indicators(by_indicator)
            for indicator_id, group in by_indicator.items():
                first = min(o.period_end for o in group)
                last = max(o.period_end for o in group)
                if self.conn.execute("SELECT 1 FROM observations WHERE indicator_id = ? AND period_end "
                                     "BETWEEN ? AND ? LIMIT 1", (indicator_id, first, last)).fetchone() is None:
                    new_rows.extend(self._row(o, at, None, payload_sha256, run_id) for o in group)
                    continue  # nothing stored in the range yet: every row is new
                latest: dict[tuple, tuple] = {}
                left: set[tuple] = set()  # (key, figure) of rows no longer active: someone moved them on
                for row in self.conn.execute(
                        "SELECT period_start, period_end, source_url, collector, entered_by, id, status, "
                        "qualifier, value, value_low, value_high FROM observations "
                        "WHERE indicator_id = ? AND period_end BETWEEN ? AND ? ORDER BY id",
                        (indicator_id, first, last)):
                    latest[row[:5]] = row[5:]
                    if row[6] != "active":
                        left.add((row[:5], row[7:]))
                for o in group:
                    key = (o.period_start, o.period_end, o.source_url, o.collector, o.entered_by)
                    figure = (o.qualifier, o.value, o.value_low, o.value_high)
                    hit = latest.get(key)
                    if hit is None:
                        new_rows.append(self._row(o, at, None, payload_sha256, run_id))
                    elif hit[1] == "active" and hit[2:] != figure and (key, figure) not in left:
                        # a figure once loaded and since corrected (a correction may take another figure's
                        # period) is left as it was left; only a figure never seen revises the active row
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
                         payload_sha256: str | None, run_id: int | None,
                         entered_at: str | None = None) -> tuple[int, int]:
        bad = [o for o in observations if o.collector != collector]
        if bad:
            raise StoreError(f"observation for {bad[0].indicator_id} is not marked as collected by {collector}")
        return self.upsert(observations, payload_sha256=payload_sha256, run_id=run_id, entered_at=entered_at)

    def get(self, obs_id: int) -> dict:
        if not 0 < obs_id <= _MAX_ID:  # SQLite ids are 64-bit; anything beyond names no row
            raise NotFound(_("no observation with id {id}").format(id=obs_id) if abs(obs_id) < 10 ** 30 else
                           _("no observation has an id of that size"))
        rows = list(self.query("SELECT * FROM observations WHERE id = ?", [obs_id]))
        if not rows:
            raise NotFound(_("no observation with id {id}").format(id=obs_id))
        return rows[0]

    def last_observations(self, limit: int = 20) -> list[dict]:
        """The observations entered last (any status), newest first."""
        return list(self.query("SELECT * FROM observations ORDER BY id DESC LIMIT ?", [limit]))

    def find_duplicates(self, observations: Sequence[Observation]) -> list[int | None]:
        """For each observation, the id of an active one with the same indicator, period, figure and
        source, or None: one query per indicator, so that a 50,000-row import checks quickly. Inside a
        transaction the indicators are locked first, so the answer holds until it ends."""
        by_indicator: dict[str, list[Observation]] = defaultdict(list)
        for o in observations:
            by_indicator[o.indicator_id].append(o)
        self.lock_indicators(by_indicator)
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
        return list(self.query(
            f"SELECT * FROM observations WHERE {' AND '.join(where)} ORDER BY period_end, period_start, id",
            params))

    def history(self, obs_id: int) -> list[dict]:
        """The revision chain an observation belongs to, oldest first."""
        row = self.get(obs_id)
        while row["supersedes"] is not None:
            row = self.get(row["supersedes"])
        chain = [row]
        while True:
            nxt = list(self.query("SELECT * FROM observations WHERE supersedes = ? ORDER BY id", [chain[-1]["id"]]))
            if not nxt:
                return chain
            chain.append(nxt[0])

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

    def last_entered(self) -> str | None:
        """When the latest figure was entered (ids are allocated in the order rows are entered)."""
        row = self.conn.execute("SELECT entered_at FROM observations ORDER BY id DESC LIMIT 1").fetchone()
        return row[0] if row else None

    def latest_period_end_by(self, day: str) -> str | None:
        """The latest period end of any figure in force that ends by `day`."""
        return self.conn.execute("SELECT max(period_end) FROM observations WHERE status = 'active' AND period_end <= ?",
                                 [day]).fetchone()[0]

    def entered_between(self, after: str, until: str) -> list[dict]:
        """Rows entered after `after` and by `until` (timestamps), whatever their status now, in entry order:
        what was added or corrected in a span."""
        return list(self.query(
            f"SELECT {_EDIT_READ} FROM observations WHERE entered_at > ? AND entered_at <= ? ORDER BY entered_at, id",
            [after, until]))

    @staticmethod
    def _shipped_sql(by: Iterable[str], payloads: Iterable[str]) -> tuple[str, list]:
        """SQL that holds for a row entered by one of `by` or parsed from one of `payloads` (indicators.shipped)."""
        by, payloads = sorted(by), sorted(payloads)
        parts = ([f"entered_by IN ({','.join('?' * len(by))})"] if by else []) + \
            ([f"coalesce(payload_sha256, '') IN ({','.join('?' * len(payloads))})"] if payloads else [])
        return ("(" + " OR ".join(parts) + ")" if parts else "(1 = 0)"), [*by, *payloads]

    def entries(self, by: Iterable[str], payloads: Iterable[str], *, shipped: bool, after: str | None = None,
                until: str | None = None, limit: int | None = None) -> list[dict]:
        """Rows entered after `after` and by `until` (timestamps), whatever their status now, newest first: those
        shipped (entered by one of `by` or parsed from one of `payloads`), or with `shipped` False the others."""
        clause, params = self._shipped_sql(by, payloads)
        where = [clause if shipped else f"NOT {clause}"]
        for bound, op in ((after, ">"), (until, "<=")):
            if bound is not None:
                where.append(f"entered_at {op} ?")
                params.append(bound)
        tail = f" LIMIT {int(limit)}" if limit is not None else ""
        return list(self.query(f"SELECT {_EDIT_READ} FROM observations WHERE {' AND '.join(where)} "
                               f"ORDER BY entered_at DESC, id DESC{tail}", params))

    def shipped_count(self, by: Iterable[str], payloads: Iterable[str]) -> int:
        """How many figures in force were shipped (entered by one of `by` or parsed from one of `payloads`)."""
        clause, params = self._shipped_sql(by, payloads)
        return self.conn.execute(f"SELECT count(*) FROM observations WHERE status = 'active' AND {clause}",
                                 params).fetchone()[0]

    def hand_tallies(self) -> list[dict]:
        """Per public source address and indicator, the figures in force entered by hand (by no collector): how
        many, and the latest period end."""
        return list(self.query(
            "SELECT source_url, indicator_id, count(*) AS figures, max(period_end) AS last_end FROM observations "
            "WHERE status = 'active' AND collector IS NULL AND source_confidential = 0 "
            "GROUP BY source_url, indicator_id ORDER BY source_url, indicator_id"))

    def latest_from(self, indicator_id: str, source_url: str) -> dict | None:
        """The figure in force of an indicator from one source whose period ends last."""
        rows = list(self.query(
            f"SELECT {_OBS_READ} FROM observations o WHERE o.indicator_id = ? AND o.source_url = ? "
            "AND o.status = 'active' ORDER BY o.period_end DESC, o.id DESC LIMIT 1", [indicator_id, source_url]))
        return rows[0] if rows else None

    def retracted_between(self, after: str, until: str) -> list[dict]:
        """Rows retracted after `after` and by `until` (timestamps), in the order they were retracted."""
        return list(self.query(
            f"SELECT {_EDIT_READ} FROM observations WHERE status_changed_at > ? AND status_changed_at <= ? "
            "AND status = 'retracted' ORDER BY status_changed_at, id", [after, until]))

    def rows_by_id(self, ids: Iterable[int]) -> dict[int, dict]:
        ids = sorted(set(ids))
        out: dict[int, dict] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            out.update((r["id"], r) for r in self.query(
                f"SELECT * FROM observations WHERE id IN ({','.join('?' * len(chunk))})", chunk))
        return out


def duplicate_key(obs: Observation) -> tuple:
    """What makes two observations the same record: indicator, period, source and figure."""
    return (obs.indicator_id, obs.period_start, obs.period_end, obs.source_url, obs.qualifier,
            obs.value, obs.value_low, obs.value_high)


def _not_active(obs_id: int, status: str, action: str) -> StoreError:
    """Why a row that is no longer active cannot be corrected or retracted, in the reader's language."""
    state = (_("observation {id} has been corrected already") if status == "superseded" else
             _("observation {id} has been retracted already")).format(id=obs_id)
    rule = _("only an active one can be corrected") if action == "correct" else \
        _("only an active one can be retracted")
    return StoreError(f"{state}: {rule}")
