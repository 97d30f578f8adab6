"""Alerts as a log: opened once per condition, resolved once when it ends, acknowledged once by an editor; and
the log of their webhook deliveries."""
from __future__ import annotations

import json

from ..languages.i18n import _
from .connection import NotFound, StoreError, utc_now

_ALERT_COLUMNS = ("id, key, rule, indicator_id, source, opened_at, title, explanation, detail, resolved_at, "
                  "resolution, acknowledged_by, acknowledged_at")


def _alert(row: dict) -> dict:
    return {**row, "detail": json.loads(row["detail"] or "{}")}


class Alerts:
    def open_alerts(self) -> dict[str, dict]:
        """The alerts still open, by condition key."""
        return {r["key"]: _alert(r) for r in self.query(
            f"SELECT {_ALERT_COLUMNS} FROM alerts WHERE resolved_at IS NULL ORDER BY id")}

    def alerts(self, *, include_resolved: bool = True, limit: int | None = None) -> list[dict]:
        """Alerts, the latest opened first; without `include_resolved`, only the open ones."""
        where = "" if include_resolved else "WHERE resolved_at IS NULL"
        cap, params = ("LIMIT ?", [limit]) if limit is not None else ("", [])
        return [_alert(r) for r in self.query(
            f"SELECT {_ALERT_COLUMNS} FROM alerts {where} ORDER BY opened_at DESC, id DESC {cap}", params)]

    def alert(self, alert_id: int) -> dict:
        rows = list(self.query(f"SELECT {_ALERT_COLUMNS} FROM alerts WHERE id = ?", [alert_id]))
        if not rows:
            raise NotFound(_("no alert with id {id}").format(id=alert_id))
        return _alert(rows[0])

    def open_alert(self, *, key: str, rule: str, indicator_id: str | None, source: str | None, title: str,
                   explanation: str, detail: dict, at: str | None = None) -> int:
        """Open an alert for a condition; refused while one for the same condition is open."""
        with self.transaction():
            try:
                return self.conn.execute(
                    "INSERT INTO alerts (key, rule, indicator_id, source, opened_at, title, explanation, detail) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    (key, rule, indicator_id, source, at or utc_now(), title, explanation,
                     json.dumps(detail, ensure_ascii=False, sort_keys=True))).fetchone()[0]
            except self.sql.integrity_error as exc:
                raise StoreError(f"an alert for {key} is open already") from exc

    def resolve_alert(self, alert_id: int, resolution: str, *, at: str | None = None) -> None:
        with self.transaction():
            if self.conn.execute("UPDATE alerts SET resolved_at = ?, resolution = ? WHERE id = ? AND resolved_at "
                                 "IS NULL", (at or utc_now(), resolution, alert_id)).rowcount != 1:
                self.alert(alert_id)  # NotFound when there is no such alert
                raise StoreError(_("alert {id} is resolved already").format(id=alert_id))

    def acknowledge_alert(self, alert_id: int, by: str, *, at: str | None = None) -> None:
        with self.transaction():
            if self.conn.execute("UPDATE alerts SET acknowledged_by = ?, acknowledged_at = ? WHERE id = ? AND "
                                 "acknowledged_at IS NULL", (by, at or utc_now(), alert_id)).rowcount != 1:
                row = self.alert(alert_id)
                raise StoreError(_("alert {id} was acknowledged already, by {who} at {when}").format(
                    id=alert_id, who=row["acknowledged_by"], when=row["acknowledged_at"]))

    def record_delivery(self, alert_id: int, event: str, *, channel: str, attempts: int, status: str,
                        error: str | None = None, at: str | None = None) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO alert_deliveries (alert_id, event, channel, attempted_at, attempts, status, error) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)", (alert_id, event, channel, at or utc_now(), attempts, status, error))

    def deliveries(self, alert_id: int | None = None) -> list[dict]:
        where, params = ("WHERE alert_id = ?", [alert_id]) if alert_id is not None else ("", [])
        return list(self.query(f"SELECT * FROM alert_deliveries {where} ORDER BY id", params))

    def undelivered(self, channel: str, *, max_failures: int) -> list[tuple[int, str]]:
        """(alert id, event) that failed on a channel and never went through, tried fewer than `max_failures`
        times (a row of 0 attempts, left waiting while the endpoint was down, does not count): what the next
        delivery sends again."""
        return [(r[0], r[1]) for r in self.conn.execute(
            "SELECT alert_id, event FROM alert_deliveries WHERE channel = ? GROUP BY alert_id, event "
            "HAVING sum(CASE WHEN status = 'ok' THEN 1 ELSE 0 END) = 0 "
            "AND sum(CASE WHEN attempts > 0 THEN 1 ELSE 0 END) < ? ORDER BY min(id)", (channel, max_failures))]
