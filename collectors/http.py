"""The shared HTTP client: timeout, retries with backoff on 5xx and 429, and a User-Agent naming the project.

Every request also has a total deadline (the timeout applies to each read, so a server dripping a byte at
a time would hold it forever) and a cap on the size of its decoded body (a small gzip can inflate to
gigabytes): past either it fails at once, saying which.

A source may also ask for a minimum interval between its requests (GDELT allows one every 5 seconds), name
statuses its parser reads instead of failing (Wikimedia's 404 for a range without data), and recognise a
throttle message sent as an ordinary body (GDELT's plain text, with HTTP 200 or 429), which is retried like a
429 and never handed to the parser.
"""
from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Collection
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

import httpx

from indicators import outbound, settings

from .base import RawPayload

VERSION = "0.1.0"
PROJECT_URL = "https://github.com/legitimacy-barometer/legitimacy-barometer"
USER_AGENT = f"LegitimacyBarometer/{VERSION} (+{PROJECT_URL})"


class FetchError(RuntimeError):
    """The source could not be fetched; the message says why, with the URL."""


_last_request: dict[str, float] = {}  # per source: when its latest request was (or will be) sent
_spacing = threading.Lock()


def min_interval(source: str, default: float) -> float:
    """Seconds a source waits between its requests: BAROMETER_<SOURCE>_MIN_INTERVAL, else `default`."""
    return float(settings.SOURCE_MIN_INTERVAL.text(source, str(default)))


def space(source: str, interval: float, *, sleep=time.sleep, clock=time.monotonic) -> float:
    """Wait until `interval` seconds have passed since the source's previous request (of any run in this
    process), and take the slot; returns the seconds waited."""
    with _spacing:
        now = clock()
        previous = _last_request.get(source)
        at = now if previous is None or interval <= 0 else max(now, previous + interval)
        _last_request[source] = at
    if at > now:
        sleep(at - now)
    return at - now


def client(timeout: float | None = None) -> httpx.Client:
    return httpx.Client(timeout=timeout or outbound.collecting().timeout_s, headers={"User-Agent": USER_AGENT},
                        follow_redirects=True)


def retry_after(response: httpx.Response, default: float, cap: float | None = None) -> float:
    """Seconds to wait before retrying, from Retry-After (seconds or HTTP date), capped."""
    raw = response.headers.get("Retry-After")
    wait = default
    if raw:
        try:
            wait = float(raw)
        except ValueError:
            try:
                when = parsedate_to_datetime(raw)
                wait = (when - datetime.now(timezone.utc)).total_seconds()
            except (TypeError, ValueError):
                wait = default
    return max(0.0, min(wait, outbound.collecting().max_wait_s if cap is None else cap))


class _Deadline:
    """The end of one request's time. A timer shuts down the sockets the request opened when time is up,
    so that a read blocked on a server sending a byte now and then returns at once."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def trace(self, event: str, info: dict) -> None:
        """httpx's trace hook: note each connection's socket as it opens."""
        if not event.endswith((".connect_tcp.complete", ".connect_unix_socket.complete")):
            return
        sock = info["return_value"].get_extra_info("socket")
        if sock is None:
            return
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)

    def passed(self) -> bool:
        return self.expired or time.monotonic() >= self.end

    def cancel(self) -> None:
        self._timer.cancel()


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def _body(source: str, url: str, response: httpx.Response, deadline: _Deadline, max_bytes: int) -> bytes:
    """The decoded body, read as it streams in, refused once it grows past `max_bytes` or time is up."""
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > max_bytes:
            raise FetchError(f"{source}: the response from {url} is larger than {max_bytes:,} bytes once "
                             f"decompressed; refused, nothing saved")
        if deadline.passed():
            raise _TooSlow()
    return bytes(body)


class _TooSlow(Exception):
    pass


def get(source: str, url: str, *, http: httpx.Client | None = None, retries: int | None = None,
        backoff: float | None = None, sleep=time.sleep, deadline: float | None = None,
        max_bytes: int | None = None, accept: Collection[int] = (), interval: float = 0.0,
        throttled: Callable[[bytes], bool] | None = None, clock=time.monotonic) -> RawPayload:
    """GET `url` and return the untouched body; retry 5xx/429 and transport errors with backoff.

    Each attempt has `deadline` seconds in all (connecting, headers and body), and its body may be at most
    `max_bytes` once decompressed; a request past either fails at once, without retrying.
    `accept`: error statuses returned (with their body) rather than raised, for the source to judge.
    `interval`: seconds between two requests of this source, retries included.
    `throttled`: says whether a body (HTTP 200 or 429) is the source asking to slow down; such an answer is
    retried, and if it is still the last answer the fetch fails saying so."""
    policy = outbound.collecting().given(attempts=None if retries is None else retries + 1, backoff_s=backoff,
                                         deadline_s=deadline, max_bytes=max_bytes)
    retries, seconds, max_bytes = policy.attempts - 1, policy.deadline_s, policy.max_bytes
    too_slow = f"{source}: {url} did not answer in full within {seconds:g} s (the limit for one request); nothing saved"
    own = http is None
    http = http or client()
    try:
        for attempt in range(retries + 1):
            last = attempt == retries
            space(source, interval, sleep=sleep, clock=clock)
            limit = _Deadline(seconds)
            try:
                with http.stream("GET", url, extensions={"trace": limit.trace}) as response:
                    retryable = outbound.retryable(response.status_code)
                    body = None if retryable and not last else _body(source, url, response, limit, max_bytes)
                    slow_down = (throttled is not None and body is not None and response.status_code in (200, 429)
                                 and throttled(body))
                    if (retryable or slow_down) and not last:
                        wait = retry_after(response, policy.wait(attempt + 1), policy.max_wait_s)
                    elif slow_down:
                        text = " ".join(body.decode("utf-8", "replace").split())
                        raise FetchError(f"{source}: rate limited: {url} answered HTTP {response.status_code} "
                                         f"{text[:120]!r} after {attempt + 1} attempt(s); nothing saved")
                    elif response.status_code >= 400 and response.status_code not in accept:
                        raise FetchError(f"{source}: HTTP {response.status_code} from {url}"
                                         + (" (rate limited)" if response.status_code == 429 else ""))
                    else:
                        return RawPayload(source=source, url=str(response.url), status=response.status_code,
                                          fetched_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                                          body=body, content_type=response.headers.get("content-type"))
            except _TooSlow:
                raise FetchError(too_slow) from None
            except httpx.TimeoutException as exc:
                if limit.passed():
                    raise FetchError(too_slow) from exc
                if last:
                    raise FetchError(f"{source}: timed out after {attempt + 1} attempt(s) fetching {url}") from exc
                wait = policy.wait(attempt + 1)
            except httpx.TransportError as exc:
                if limit.passed():
                    raise FetchError(too_slow) from exc
                if last:
                    raise FetchError(f"{source}: could not connect to {url} ({exc})") from exc
                wait = policy.wait(attempt + 1)
            finally:
                limit.cancel()
            sleep(wait)
        raise FetchError(f"{source}: no response from {url}")  # pragma: no cover
    finally:
        if own:
            http.close()
