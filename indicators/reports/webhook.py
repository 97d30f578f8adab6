"""Alert events posted to a webhook: JSON to the address in $BAROMETER_WEBHOOK_URL (signed when
$BAROMETER_WEBHOOK_SECRET is set), retrying with backoff within a total deadline (DEADLINE_S, however slowly the
endpoint answers). A failure is logged and kept in the store, to be tried again at the next evaluation. After a
write the post runs in a thread of its own, on a connection of its own, once the write has committed: no remote
server can hold a write."""
from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
import time
from collections.abc import Iterable, Mapping, Sequence

from .. import outbound, settings
from .alert_view import SENDER, public_alert
from ..languages.i18n import _
from ..store import Store
from ..model.validation import is_http_url

log = logging.getLogger("barometer.alerts")

WEBHOOK = "webhook"
POLICY = outbound.DELIVERING  # three tries within ten seconds in all, however slowly the endpoint answers
MAX_FAILED_DELIVERIES = 5  # evaluations that try one event before it is given up (it stays in the feed)
EVENTS_PER_POST = 100
USER_AGENT = "LegitimacyBarometer-alerts/0.1"


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


def post(url: str, body: bytes, *, policy: outbound.Policy | None = None, secret: str | None = None,
         client=None) -> tuple[bool, int, str | None]:
    """POST the body, retrying with doubling backoff on a transport error or an answer worth trying again (a
    5xx, a 429), and giving up when the policy's deadline has passed in all, whatever the endpoint does:
    (ok, attempts made, the last error). Only the answer's status is read, never its body. Unset, the policy is
    the module's POLICY."""
    import httpx  # loaded only when a webhook is configured: `barometer add` stays light without one

    policy = policy or POLICY
    deadline = time.monotonic() + policy.deadline_s
    late = f"no whole answer within {policy.deadline_s:g} s (the delivery's total deadline)"

    headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT}
    if secret:
        headers["X-Barometer-Signature"] = "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    own = client is None
    client = client or httpx.Client(timeout=policy.timeout_s, follow_redirects=False)

    def status() -> int:
        with client.stream("POST", url, content=body, headers=headers) as response:
            return response.status_code

    error = None
    try:
        for attempt in range(1, policy.attempts + 1):
            try:
                code = _within(deadline - time.monotonic(), status)
            except _Late:
                return False, attempt, late
            except httpx.HTTPError as exc:
                error = f"{type(exc).__name__}: {exc}"
            else:
                if 200 <= code < 300:
                    return True, attempt, None
                error = f"HTTP {code}"
                if not outbound.retryable(code):
                    return False, attempt, error  # the endpoint refuses it: trying again changes nothing
            if attempt < policy.attempts:
                pause = policy.wait(attempt)
                if time.monotonic() + pause >= deadline:
                    return False, attempt, f"{error}; {late}"
                time.sleep(pause)
    finally:
        if own:
            client.close()
    return False, policy.attempts, error


def deliver(store: Store, url: str, events: Iterable[tuple[int, str]], *, client=None,
            policy: outbound.Policy | None = None) -> tuple[int, int]:
    """Send these events and those that failed before (fewer than MAX_FAILED_DELIVERIES times), each once:
    (delivered, failed). Every attempt is logged in the store; a failure is logged as a warning too."""
    if not is_http_url(url, published=False):  # the webhook's address is never shown
        log.warning("%s is not an http(s) URL: alerts were not sent", settings.WEBHOOK_URL.name)
        return 0, 0
    pending = list(dict.fromkeys([*store.undelivered(WEBHOOK, max_failures=MAX_FAILED_DELIVERIES), *events]))
    secret = settings.WEBHOOK_SECRET.text()
    delivered = failed = 0
    down = None
    for start in range(0, len(pending), EVENTS_PER_POST):
        chunk = pending[start:start + EVENTS_PER_POST]
        if down is None:
            ok, tries, error = post(url, webhook_body([(store.alert(i), e) for i, e in chunk]), policy=policy,
                                    secret=secret, client=client)
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
