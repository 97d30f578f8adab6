"""What the Alerts page shows and does, as plain functions of a Store (tested without Streamlit): alerts as
table rows, each one's explanation, and an editor's acknowledgement (indicators.reports.alerts)."""
from __future__ import annotations

from indicators.reports import alerts as al
from indicators.reports import alert_view as av
from indicators.model.addresses import shown_in
from indicators.languages.i18n import _
from indicators.store import Store
from indicators.model.text_policy import neutralize

COLUMNS = ["id", "status", "rule", "title", "opened", "acknowledged", "resolved"]
SHOWN = 500


def when(stamp: str | None) -> str:
    """A stored moment as a reader reads it: 2026-11-30 04:56 UTC."""
    return f"{stamp[:16].replace('T', ' ')} UTC" if stamp else ""


def alert_rows(store: Store, *, include_resolved: bool = False) -> list[dict]:
    """The alerts, the latest opened first: open ones, or all of them."""
    out = []
    for a in store.alerts(include_resolved=include_resolved, limit=SHOWN):
        p = av.public_alert(a)
        out.append({"id": p["id"], "status": av.status_word(p["status"]), "rule": av.rule_name(p["rule"]),
                    "title": p["title"], "opened": when(p["opened_at"]),
                    "acknowledged": neutralize(f"{p['acknowledged_by']}, {when(p['acknowledged_at'])}")
                    if p["acknowledged_at"] else "",
                    "resolved": when(p["resolved_at"])})
    return out


def label(row: dict) -> str:
    return f"#{row['id']} · {row['title']}"


def details(store: Store, alert_id: int) -> list[str]:
    """An alert in lines of plain text: its explanation, then who acknowledged it and how it ended."""
    p = av.public_alert(store.alert(alert_id))
    lines = [_("Opened {at}.").format(at=when(p["opened_at"])) + f" {p['explanation']}"]
    if p["acknowledged_at"]:
        lines.append(_("Acknowledged by {by} at {at}.").format(by=p["acknowledged_by"], at=when(p["acknowledged_at"])))
    if p["resolved_at"]:
        lines.append(_("Resolved {at}.").format(at=when(p["resolved_at"])) + f" {p['resolution']}")
    return [shown_in(line) for line in lines]  # a source's address as a browser shows it


def to_acknowledge(store: Store) -> dict[int, str]:
    """Alerts not yet acknowledged, open ones first, by id with a label."""
    rows = [a for a in store.alerts(limit=SHOWN) if not a["acknowledged_at"]]
    rows.sort(key=lambda a: (a["resolved_at"] is not None, -a["id"]))
    return {a["id"]: f"#{a['id']} · " + (_("resolved: {title}") if a["resolved_at"] else "{title}").format(
        title=a["title"]) for a in rows}


def acknowledge(store: Store, alert_id: int, by: str) -> str:
    """Acknowledge an alert as `by` (validated, once); returns what to tell the editor."""
    row = al.acknowledge(store, alert_id, by)
    return _("Alert {id} acknowledged by {by} at {at}.").format(id=row["id"], by=row["acknowledged_by"],
                                                                at=when(row["acknowledged_at"]))
