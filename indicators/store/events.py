"""Dated events (elections, protests, agreements) drawn beside the series."""
from __future__ import annotations

from collections.abc import Iterable

from .connection import utc_now


class Events:
    def add_events(self, events: Iterable[dict], *, entered_at: str | None = None) -> int:
        """Add events not yet present (same start date and label); returns how many were added."""
        at = entered_at or utc_now()
        with self.transaction():
            return self.conn.executemany(  # only events not yet present: the table refuses a replacement
                "INSERT INTO events (date_start, date_end, label, family, description, source_url, "
                "entered_by, entered_at) SELECT :date_start, :date_end, :label, :family, :description, "
                ":source_url, :entered_by, :entered_at WHERE NOT EXISTS "
                "(SELECT 1 FROM events WHERE date_start = :date_start AND label = :label) "
                f"{self.sql.ignoring_conflict('date_start, label')}",
                [{"family": None, "description": None, **e, "entered_at": at,
                  "date_end": e.get("date_end") or e["date_start"]} for e in events]).rowcount

    def events(self, *, start: str | None = None, end: str | None = None, family: str | None = None,
               as_of: str | None = None) -> list[dict]:
        """Events overlapping [start, end], in date order; with `as_of`, only those entered by then."""
        where, params = ["TRUE"], []
        for clause, value in (("date_end >= ?", start), ("date_start <= ?", end), ("family = ?", family),
                              ("entered_at <= ?", as_of)):
            if value is not None:
                where.append(clause)
                params.append(value)
        return list(self.query(
            f"SELECT * FROM events WHERE {' AND '.join(where)} ORDER BY date_start, date_end, label, id", params))
