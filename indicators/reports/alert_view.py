"""An alert as it is shown outside the store: the words for its rule and status, its status read from its row,
and its public form, the one the CLI's JSON, the Atom feed and the webhook give (its texts are public by
construction: built from public rows, see indicators/reports/changes)."""
from __future__ import annotations

from collections.abc import Mapping

from ..languages.i18n import N_
from ..model.vocabulary import word_for

CHANGE, RUN, STALE_RULE, COLLECTOR = "change", "run", "stale", "collector"
RULE_NAMES = {CHANGE: N_("change against the baseline"), RUN: N_("moves in a row"), STALE_RULE: N_("stale series"),
              COLLECTOR: N_("collector failing")}
OPEN, ACKNOWLEDGED, RESOLVED = "open", "acknowledged", "resolved"
STATUS_WORDS = {OPEN: N_("open"), ACKNOWLEDGED: N_("acknowledged"), RESOLVED: N_("resolved")}
RUN_WORDS = {"ok": N_("ok"), "empty": N_("found nothing"), "failed": N_("failed"), "interrupted": N_("interrupted"),
             "running": N_("running")}
SENDER = "Legitimacy Barometer"


def rule_name(rule: str) -> str:
    """"stale series": an alert rule's name in words."""
    return word_for(RULE_NAMES, rule)


def status_word(status: str) -> str:
    """"open", "acknowledged", "resolved" in words."""
    return word_for(STATUS_WORDS, status)


def status(alert: Mapping) -> str:
    if alert["resolved_at"]:
        return RESOLVED
    return ACKNOWLEDGED if alert["acknowledged_at"] else OPEN


def public_alert(alert: Mapping) -> dict:
    """An alert as the CLI's JSON, the feed and the webhook give it (its texts are public by construction)."""
    detail = alert.get("detail") or {}
    return {"id": alert["id"], "key": alert["key"], "rule": alert["rule"], "status": status(alert),
            "indicator_id": alert["indicator_id"], "source": alert["source"], "title": alert["title"],
            "explanation": alert["explanation"], "baseline": detail.get("baseline"),
            "sources": detail.get("sources", []), "figures": detail.get("figures", []),
            "opened_at": alert["opened_at"], "resolved_at": alert["resolved_at"], "resolution": alert["resolution"],
            "acknowledged_by": alert["acknowledged_by"], "acknowledged_at": alert["acknowledged_at"]}
