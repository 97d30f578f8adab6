"""The alerts as an Atom feed (RFC 4287), the latest changed first, written atomically: its bytes depend only
on the alerts, so a feed reader sees an entry change only when its alert did."""
from __future__ import annotations

import os
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from pathlib import Path

from .alert_view import ACKNOWLEDGED, RESOLVED, SENDER, rule_name, status
from ..model.catalogue import Catalogue
from ..languages.i18n import _
from ..store import Store
from ..model.text_policy import printable
from ..model.validation import is_http_url

FEED_ENTRIES = 200
ATOM = "http://www.w3.org/2005/Atom"
_EPOCH = "1970-01-01T00:00:00Z"


def _xml_text(text: object) -> str:
    """Text an XML document can hold: control characters escaped as the CLI shows them, line breaks kept."""
    return "\n".join(printable(line) for line in str(text or "").split("\n"))


def _entry_id(alert: Mapping) -> str:
    name = "legitimacy-barometer:alert:" + alert["key"] + ":" + alert["opened_at"]
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def _updated(alert: Mapping) -> str:
    return max(t for t in (alert["opened_at"], alert["resolved_at"], alert["acknowledged_at"]) if t)


def feed_bytes(alerts: Sequence[Mapping], *, title: str | None = None, feed_key: str = "legitimacy-barometer") -> bytes:
    """An Atom feed (RFC 4287) of alerts, the latest changed first; its bytes depend only on the alerts."""
    def sub(parent, tag, text=None, **attrs):
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            el.text = _xml_text(text)
        return el

    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ordered = sorted(alerts, key=lambda a: (_updated(a), a["id"]), reverse=True)
    sub(feed, "id", f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'legitimacy-barometer:alerts:' + feed_key)}")
    sub(feed, "title", title or _("Legitimacy Barometer: alerts"))
    sub(feed, "subtitle", _("Alerts on indirect indicators of a regime's legitimacy against the 2020 baseline: each "
                            "names its indicator, figures, baseline, rule and public sources."))
    sub(feed, "updated", _updated(ordered[0]) if ordered else _EPOCH)
    author = sub(feed, "author")
    sub(author, "name", SENDER)
    sub(feed, "generator", SENDER)
    for alert in ordered:
        entry = sub(feed, "entry")
        sub(entry, "id", _entry_id(alert))
        state = status(alert)
        shown = {RESOLVED: _("Resolved: {title}"), ACKNOWLEDGED: _("Acknowledged: {title}")}.get(state, "{title}")
        sub(entry, "title", shown.format(title=alert["title"]))
        sub(entry, "published", alert["opened_at"])
        sub(entry, "updated", _updated(alert))
        sub(entry, "category", term=alert["rule"], label=rule_name(alert["rule"]))
        body = [_("Opened {at}.").format(at=alert["opened_at"]) + " " + alert["explanation"]]
        if alert["acknowledged_at"]:
            body.append(_("Acknowledged by {by} at {at}.").format(by=alert["acknowledged_by"],
                                                                  at=alert["acknowledged_at"]))
        if alert["resolved_at"]:
            body.append(_("Resolved {at}.").format(at=alert["resolved_at"]) + f" {alert['resolution']}")
        sub(entry, "content", "\n\n".join(body), type="text")
        for url in (alert.get("detail") or {}).get("sources", []):
            if is_http_url(url):
                sub(entry, "link", rel="related", href=url)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode").encode("utf-8") + b"\n"


def write_feed(store: Store, path, *, catalogue: Catalogue | None = None, limit: int = FEED_ENTRIES):
    """Write the feed of the latest alerts to `path` atomically (a temporary file beside it, then moved)."""
    target = Path(path)
    key = catalogue.country.name if catalogue is not None else "legitimacy-barometer"
    data = feed_bytes(store.alerts(limit=limit), feed_key=key)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, target)
    return target
