"""Alerts that explain themselves: rules from the catalogue, conditions read from where each indicator stands,
one alert per condition, and its delivery.

Rules (catalogue: [alerts], a family's or an indicator's `alerts`): a change against the 2020 baseline certainly
beyond a threshold; so many certain moves the same way over the latest consecutive periods; a series gone stale;
a source whose collector failed on so many runs in a row. `evaluate` reads the conditions that hold now, opens
an alert for each one not yet open and resolves every open alert whose condition ended, in one transaction; it
runs after every add, correction, retraction, import and collection, and on the scheduler. The same condition
never opens a second alert while the first is open (the store refuses it too), and an event (opened, resolved)
that reached the webhook is never sent again.

Delivery: `feed_bytes` writes an Atom feed (RFC 4287); `deliver` posts JSON to the webhook named by
$BAROMETER_WEBHOOK_URL, retrying with backoff within a total deadline (DEADLINE_S, however slowly the endpoint
answers), and logs a failure (and keeps it in the store, to try again at the next evaluation). After a write
(add, correct, retract, import, the dashboard's Save, a collection) the post runs in a thread of its own, after
the write has committed, on a connection of its own: no remote server can hold a write. Every text is built from public rows (changes.py), so no confidential note or source
reaches an alert, the feed or the webhook.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import threading
import time
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from .access import is_readonly, require_writable
from .catalogue import Catalogue
from .catalogue_translations import localize
from .comparability import readable_moves
from .changes import (Item, Standing, collector_item, collector_threshold, failing_streak, figure,
                      period_estimates, public_sources, rule_text, stale_item, standing_at, standing_rows,
                      standing_text)
from .formatting import difference_word, format_number, format_period, format_standing
from .i18n import N_, _, count, decimal, default_language, ngettext, use
from .reading import reading
from .store import Store, timestamp
from .text_policy import blank, printable, problem
from .validation import FieldError, ValidationError, is_http_url
from .vocabulary import NO_COMPARISON, NO_DATA, NOTHING_NEWER, STALE, freshness_word, word_for

log = logging.getLogger("barometer.alerts")

CHANGE, RUN, STALE_RULE, COLLECTOR = "change", "run", "stale", "collector"
RULE_NAMES = {CHANGE: N_("change against the baseline"), RUN: N_("moves in a row"), STALE_RULE: N_("stale series"),
              COLLECTOR: N_("collector failing")}
OPEN, ACKNOWLEDGED, RESOLVED = "open", "acknowledged", "resolved"
STATUS_WORDS = {OPEN: N_("open"), ACKNOWLEDGED: N_("acknowledged"), RESOLVED: N_("resolved")}
RUN_WORDS = {"ok": N_("ok"), "empty": N_("found nothing"), "failed": N_("failed"), "interrupted": N_("interrupted"),
             "running": N_("running")}
WEBHOOK_ENV = "BAROMETER_WEBHOOK_URL"
WEBHOOK_SECRET_ENV = "BAROMETER_WEBHOOK_SECRET"  # when set, the body is signed (X-Barometer-Signature)
WEBHOOK = "webhook"
ATTEMPTS = 3
BACKOFF_S = 1.0
TIMEOUT_S = 5.0
DEADLINE_S = 10.0  # one delivery in all: every attempt, every wait between them, however slow the answer
MAX_FAILED_DELIVERIES = 5  # evaluations that try one event before it is given up (it stays in the feed)
EVENTS_PER_POST = 100
FEED_ENTRIES = 200
ATOM = "http://www.w3.org/2005/Atom"
SENDER = "Legitimacy Barometer"
USER_AGENT = "LegitimacyBarometer-alerts/0.1"
_EPOCH = "1970-01-01T00:00:00Z"


@dataclass(frozen=True)
class Condition:
    """A condition that holds now: its key (rule, subject, direction) and the item that explains it."""

    key: str
    rule: str
    title: str
    item: Item
    source: str | None = None


def rule_name(rule: str) -> str:
    """"stale series": an alert rule's name in words."""
    return word_for(RULE_NAMES, rule)


def status_word(status: str) -> str:
    """"open", "acknowledged", "resolved" in words."""
    return word_for(STATUS_WORDS, status)


def _setting(name: str) -> str:
    """Where the catalogue sets a rule: "(catalogue: alerts.stale)"."""
    return _("(catalogue: {setting})").format(setting=f"alerts.{name}")


# -- conditions ---------------------------------------------------------------------------------------------


def _change_condition(catalogue: Catalogue, standing: Standing, iid: str) -> Condition | None:
    s = standing.summaries[iid]
    if s.change is None or s.verdict in (NOTHING_NEWER, NO_COMPARISON, NO_DATA):
        return None
    rule = catalogue.alert_rule(iid)
    if s.unit.difference:
        threshold, moved = rule.change_difference, s.change.absolute
        limit = f"±{format_number(threshold)} {difference_word(s.unit, threshold)}"
        setting = "change_difference"
    else:
        threshold, moved = rule.change_relative, s.change.relative
        limit = f"±{decimal(threshold * 100)} %"
        setting = "change_relative"
    if threshold <= 0 or moved is None:
        return None
    direction = "up" if moved.lo >= threshold else "down" if moved.hi <= -threshold else None
    if direction is None:
        return None
    ind, r = s.indicator, reading(s)
    what = (_("{name}: rose beyond {limit} against its 2020 baseline ({change}).") if direction == "up" else
            _("{name}: fell beyond {limit} against its 2020 baseline ({change}).")).format(
        name=ind.name, limit=limit, change=r.change)
    rule_words = _("a change against the 2020 baseline certainly beyond {limit}").format(limit=limit)
    noted = f"{rule_words} {_setting(setting)}"
    text = f"{what} {standing_text(s)} {rule_text(noted)}"
    item = Item(CHANGE, iid, ind.name, text, rule_words,
                public_sources(standing_rows(standing, iid)), r.baseline, tuple(figure(x, s.unit) for x in s.latest),
                s.latest[0]["period_end"], {"direction": direction, "threshold": threshold, "verdict": s.verdict})
    title = _("{name}: {change} against the 2020 baseline").format(name=ind.name, change=r.change)
    return Condition(f"{CHANGE}:{iid}:{direction}", CHANGE, title, item)


def _run_condition(catalogue: Catalogue, standing: Standing, iid: str, rows: Sequence[Mapping]) -> Condition | None:
    s = standing.summaries[iid]
    n = catalogue.alert_rule(iid).consecutive_periods
    if n <= 0 or s.freshness == STALE or not readable_moves(s.indicator):
        return None  # a run that ended long ago is no news, nor one of a kind whose moves say nothing
    found = period_estimates(s.indicator, s.unit, rows)[-(n + 1):]
    if len(found) < n + 1:
        return None
    ests = [e for e, _ in found]
    pairs = list(zip(ests, ests[1:]))
    if all(b.interval.lo > a.interval.hi for a, b in pairs):
        direction = "up"
        what = ngettext("{name}: rose over {n} consecutive period: {steps}.",
                        "{name}: rose over {n} consecutive periods: {steps}.", n)
        title = ngettext("{name}: rose {n} time in a row", "{name}: rose {n} times in a row", n)
    elif all(b.interval.hi < a.interval.lo for a, b in pairs):
        direction = "down"
        what = ngettext("{name}: fell over {n} consecutive period: {steps}.",
                        "{name}: fell over {n} consecutive periods: {steps}.", n)
        title = ngettext("{name}: fell {n} time in a row", "{name}: fell {n} times in a row", n)
    else:
        return None
    ind = s.indicator
    steps = " → ".join(f"{format_standing(e, s.unit)} ({format_period(e.period_start, e.period_end)})" for e in ests)
    rule = ngettext("{n} certain move the same way over consecutive periods",
                    "{n} certain moves the same way over consecutive periods", n).format(n=count(n))
    noted = f"{rule} {_setting('consecutive_periods')}"
    text = f"{what.format(name=ind.name, n=count(n), steps=steps)} {standing_text(s)} {rule_text(noted)}"
    group = [r for _, g in found for r in g]
    item = Item(RUN, iid, ind.name, text, rule, public_sources([*group, *standing_rows(standing, iid)]),
                reading(s).baseline if s.baseline else None, tuple(figure(r, s.unit) for r in group),
                ests[-1].period_end, {"direction": direction, "periods": n})
    return Condition(f"{RUN}:{iid}:{direction}", RUN, title.format(name=ind.name, n=count(n)), item)


def _stale_condition(catalogue: Catalogue, standing: Standing, iid: str, collecting: set[str]) -> Condition | None:
    """A series gone stale although this deployment collects it: a source that keeps publishing and a collector
    that has stopped bringing its figures. A series entered by hand, or one only loaded from shipped files, is
    stale when its source has published nothing newer, which is no news (its freshness says so)."""
    s = standing.summaries[iid]
    if s.freshness != STALE or not catalogue.alert_rule(iid).stale or s.indicator.collector not in collecting:
        return None
    item = stale_item(STALE_RULE, _("is stale"), catalogue, standing, iid, " " + _setting("stale"))
    title = _("{name}: stale since {day}").format(name=s.indicator.name, day=s.latest[0]["period_end"])
    return Condition(f"{STALE_RULE}:{iid}", STALE_RULE, title, item)


def collected_sources(store: Store, sources: set[str]) -> set[str]:
    """The sources this deployment collects: a run of theirs has fetched from the source itself and ended well
    (not a shipped file loaded by `init`, nor a reparse of the archive)."""
    out = set()
    for source in sources:
        for run in store.runs(source, limit=20, finished=True):
            params = json.loads(run["params"] or "{}")
            if run["status"] == "ok" and "from_file" not in params and not params.get("reparse"):
                out.add(source)
                break
    return out


def _collector_condition(store: Store, catalogue: Catalogue, standing: Standing, source: str) -> Condition | None:
    n = collector_threshold(catalogue, source)
    runs = failing_streak(store, source, n)
    if not runs:
        return None
    item = collector_item(COLLECTOR, catalogue, standing, source, runs)
    title = ngettext("{source}: the collector failed {n} time in a row",
                     "{source}: the collector failed {n} times in a row", n).format(source=source, n=count(n))
    return Condition(f"{COLLECTOR}:{source}", COLLECTOR, title, item, source)


def conditions(store: Store, catalogue: Catalogue, today: date, *,
               standing: Standing | None = None) -> tuple[list[Condition], Standing]:
    """Every condition that holds now, in catalogue order, and the standing they were read from."""
    standing = standing or standing_at(store, catalogue, today, until=False)
    longest = max((catalogue.alert_rule(i).consecutive_periods for i in catalogue.indicators), default=0)
    last = store.last_periods(longest + 1) if longest > 0 else {}
    out: list[Condition] = []
    collecting = collected_sources(store, {i.collector for i in catalogue.indicators.values() if i.collector})
    for iid in catalogue.indicators:
        for found in (_change_condition(catalogue, standing, iid),
                      _run_condition(catalogue, standing, iid, last.get(iid, [])),
                      _stale_condition(catalogue, standing, iid, collecting)):
            if found is not None:
                out.append(found)
    for source in sorted({i.collector for i in catalogue.indicators.values() if i.collector}):
        found = _collector_condition(store, catalogue, standing, source)
        if found is not None:
            out.append(found)
    return out, standing


def _resolution(alert: Mapping, catalogue: Catalogue, standing: Standing, store: Store) -> str:
    """Why an open alert's condition ended, in the same words."""
    iid = alert["indicator_id"]
    if alert["rule"] == COLLECTOR:
        runs = store.runs(alert["source"], limit=1, finished=True)
        if runs:
            last = _("its latest run, started {at} UTC, was {status}").format(
                at=runs[0]["started_at"][:16], status=word_for(RUN_WORDS, runs[0]["status"]))
        else:
            last = _("it has no finished run")
        return _("The condition ended: {source}: {last}.").format(source=alert["source"], last=last)
    if iid not in standing.summaries:
        return _("The condition ended: {id} is no longer in the catalogue.").format(id=iid)
    s = standing.summaries[iid]
    why = {CHANGE: _("the change against the baseline is no longer certainly beyond the threshold"),
           RUN: _("the run of moves the same way ended"),
           STALE_RULE: _("the series is {freshness} again").format(freshness=freshness_word(s.freshness))
           }.get(alert["rule"], _("the rule no longer holds"))
    return _("The condition ended: {why}.").format(why=why) + " " + standing_text(s)


# -- evaluation ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Evaluation:
    opened: tuple[int, ...] = ()
    resolved: tuple[int, ...] = ()
    delivered: int = 0
    failed: int = 0
    skipped: str = ""
    delivery: threading.Thread | None = None  # a delivery left to run after the write (see evaluate_quietly)


def evaluate(store: Store, catalogue: Catalogue, *, now: datetime | None = None, webhook_url: str | None = None,
             client=None, background: bool = False) -> Evaluation:
    """Open an alert for each condition not yet open, resolve those whose condition ended, then deliver the
    events not yet delivered to the webhook (`webhook_url`, else $BAROMETER_WEBHOOK_URL; none: no delivery),
    within DEADLINE_S; `background`: in a thread of its own, once the evaluation has committed (the Evaluation's
    `delivery`). A read-only deployment evaluates nothing. Alerts are a log kept in the deployment's language
    ($BAROMETER_LANG), whoever's command or session set off the evaluation."""
    if is_readonly() or store.readonly:
        return Evaluation(skipped="read-only")
    lang = default_language()
    with use(lang):
        return _evaluate(store, localize(catalogue, lang), now=now, webhook_url=webhook_url, client=client,
                         background=background)


def _evaluate(store: Store, catalogue: Catalogue, *, now: datetime | None, webhook_url: str | None,
              client, background: bool) -> Evaluation:
    now = now or datetime.now(timezone.utc)
    at = timestamp(now)
    found, standing = conditions(store, catalogue, now.date())
    by_key = {c.key: c for c in found}
    opened, resolved = [], []
    with store.transaction():  # a second evaluation waits, then sees these alerts open
        store.lock_alerts()
        current = store.open_alerts()
        for key, c in by_key.items():
            if key not in current:
                detail = {k: v for k, v in c.item.as_json().items() if k != "explanation"}
                opened.append(store.open_alert(key=key, rule=c.rule, indicator_id=c.item.indicator_id,
                                               source=c.source, title=c.title, explanation=c.item.explanation,
                                               detail=detail, at=at))
        for key, alert in current.items():
            if key not in by_key:
                store.resolve_alert(alert["id"], _resolution(alert, catalogue, standing, store), at=at)
                resolved.append(alert["id"])
    url = webhook_url if webhook_url is not None else os.environ.get(WEBHOOK_ENV, "").strip()
    delivered = failed = 0
    events = [(i, "opened") for i in opened] + [(i, "resolved") for i in resolved]
    if url and background:
        return Evaluation(tuple(opened), tuple(resolved),
                          delivery=deliver_in_background(store, url, events, client=client))
    if url:
        delivered, failed = deliver(store, url, events, client=client)
    return Evaluation(tuple(opened), tuple(resolved), delivered, failed)


def evaluate_quietly(store: Store, catalogue: Catalogue, **kwargs) -> Evaluation | None:
    """`evaluate` after a write that has been saved already: a failure is logged, never raised, so that a saved
    figure never reads as unsaved; the webhook is posted to in the background, so that it never holds the
    write nor the one who made it."""
    try:
        return evaluate(store, catalogue, background=True, **kwargs)
    except Exception:  # noqa: BLE001 - the write it follows has succeeded
        log.exception("alerts could not be evaluated")
        return None


def acknowledge(store: Store, alert_id: int, by: str, *, at: str | None = None) -> dict:
    """An editor acknowledges an alert, once: who (under the text policy) and when are kept."""
    require_writable()
    who = (by or "").strip()
    if blank(who):
        raise ValidationError([FieldError("by", _("is required: say who acknowledges the alert"))])
    trouble = problem("entered_by", who)
    if trouble:
        raise ValidationError([FieldError("by", trouble)])
    store.acknowledge_alert(alert_id, who, at=at)
    return store.alert(alert_id)


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


# -- the webhook --------------------------------------------------------------------------------------------


def webhook_body(alerts: Sequence[tuple[Mapping, str]]) -> bytes:
    """The JSON a webhook receives: each event with its alert, and a `text` line per event for chat tools."""
    events = [{"event": event, **public_alert(a)} for a, event in alerts]
    lines = [(_("Resolved: {title}") if e["event"] == "resolved" else _("Alert: {title}")).format(title=e["title"])
             for e in events]
    return json.dumps({"sender": SENDER, "text": "\n".join(lines), "events": events}, ensure_ascii=False,
                      sort_keys=True).encode("utf-8")


class _Late(Exception):
    """No whole answer before the deadline."""


def _within(seconds: float, call, *args, **kwargs):
    """`call(...)`'s result, unless it takes longer than `seconds` (_Late): an endpoint that answers a byte at a
    time never times out a read, so the call runs in a thread of its own, left behind when late."""
    box: dict = {}

    def run():
        try:
            box["value"] = call(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - handed back to the caller
            box["error"] = exc

    worker = threading.Thread(target=run, name="barometer-webhook-post", daemon=True)
    worker.start()
    worker.join(max(seconds, 0.0))
    if worker.is_alive():
        raise _Late
    if "error" in box:
        raise box["error"]
    return box["value"]


def post(url: str, body: bytes, *, attempts: int | None = None, backoff_s: float | None = None,
         timeout_s: float | None = None, deadline_s: float | None = None, secret: str | None = None,
         client=None) -> tuple[bool, int, str | None]:
    """POST the body, retrying with doubling backoff on a transport error, a 5xx or a 429, and giving up when
    `deadline_s` has passed in all, whatever the endpoint does: (ok, attempts made, the last error). Unset,
    attempts, backoff, timeout and deadline are the module's ATTEMPTS, BACKOFF_S, TIMEOUT_S and DEADLINE_S."""
    import httpx  # loaded only when a webhook is configured: `barometer add` stays light without one

    attempts = ATTEMPTS if attempts is None else attempts
    backoff_s = BACKOFF_S if backoff_s is None else backoff_s
    timeout_s = TIMEOUT_S if timeout_s is None else timeout_s
    deadline_s = DEADLINE_S if deadline_s is None else deadline_s
    deadline = time.monotonic() + deadline_s
    late = f"no whole answer within {deadline_s:g} s (the delivery's total deadline)"

    headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT}
    if secret:
        headers["X-Barometer-Signature"] = "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    own = client is None
    client = client or httpx.Client(timeout=timeout_s, follow_redirects=False)
    error = None
    try:
        for attempt in range(1, attempts + 1):
            try:
                response = _within(deadline - time.monotonic(), client.post, url, content=body, headers=headers)
            except _Late:
                return False, attempt, late
            except httpx.HTTPError as exc:
                error = f"{type(exc).__name__}: {exc}"
            else:
                if 200 <= response.status_code < 300:
                    return True, attempt, None
                error = f"HTTP {response.status_code}"
                if response.status_code < 500 and response.status_code != 429:
                    return False, attempt, error  # the endpoint refuses it: trying again changes nothing
            if attempt < attempts:
                pause = backoff_s * 2 ** (attempt - 1)
                if time.monotonic() + pause >= deadline:
                    return False, attempt, f"{error}; {late}"
                time.sleep(pause)
    finally:
        if own:
            client.close()
    return False, attempts, error


def deliver(store: Store, url: str, events: Iterable[tuple[int, str]], *, client=None,
            attempts: int | None = None, backoff_s: float | None = None) -> tuple[int, int]:
    """Send these events and those that failed before (fewer than MAX_FAILED_DELIVERIES times), each once:
    (delivered, failed). Every attempt is logged in the store; a failure is logged as a warning too."""
    if not is_http_url(url, published=False):  # the webhook's address is never shown
        log.warning("%s is not an http(s) URL: alerts were not sent", WEBHOOK_ENV)
        return 0, 0
    pending = list(dict.fromkeys([*store.undelivered(WEBHOOK, max_failures=MAX_FAILED_DELIVERIES), *events]))
    secret = os.environ.get(WEBHOOK_SECRET_ENV) or None
    delivered = failed = 0
    down = None
    for start in range(0, len(pending), EVENTS_PER_POST):
        chunk = pending[start:start + EVENTS_PER_POST]
        if down is None:
            ok, tries, error = post(url, webhook_body([(store.alert(i), e) for i, e in chunk]), attempts=attempts,
                                    backoff_s=backoff_s, secret=secret, client=client)
        else:
            ok, tries, error = False, 0, f"not sent: the webhook failed earlier in this run ({down})"
        for alert_id, event in chunk:
            store.record_delivery(alert_id, event, channel=WEBHOOK, attempts=tries, status="ok" if ok else "failed",
                                  error=error)
        if ok:
            delivered += len(chunk)
        else:
            failed += len(chunk)
            if down is None:
                down = error
                log.warning("webhook: %d alert event(s) not delivered after %d attempt(s): %s; they are tried "
                            "again at the next evaluation", len(chunk), tries, error)
    return delivered, failed


_BACKGROUND: list[threading.Thread] = []
_ONE_AT_A_TIME = threading.Lock()  # two deliveries at once would both send what failed before


def deliver_in_background(store: Store, url: str, events: Sequence[tuple[int, str]], *,
                          client=None) -> threading.Thread:
    """`deliver` in a thread of its own, on a connection of its own, after the write that set it off has
    committed. The thread is not a daemon: a command's process waits for it before exiting, at most the
    deadline, so that the delivery (or its failure) is recorded."""
    target = store.target

    def run():
        try:
            with _ONE_AT_A_TIME, Store(target, migrate=False) as own:
                deliver(own, url, events, client=client)
        except Exception:  # noqa: BLE001 - nothing is waiting for this thread to raise
            log.exception("webhook: the delivery could not be made")

    worker = threading.Thread(target=run, name="barometer-webhook", daemon=False)
    _BACKGROUND[:] = [t for t in _BACKGROUND if t.is_alive()] + [worker]
    worker.start()
    return worker


def wait_for_deliveries(timeout_s: float | None = None) -> bool:
    """Wait for the deliveries still running (a test, a process about to end); True when none is left."""
    end = None if timeout_s is None else time.monotonic() + timeout_s
    for worker in list(_BACKGROUND):
        worker.join(None if end is None else max(end - time.monotonic(), 0.0))
    return not any(t.is_alive() for t in _BACKGROUND)


# -- the Atom feed ------------------------------------------------------------------------------------------


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
