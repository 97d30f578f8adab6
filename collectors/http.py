"""The shared HTTP client: timeout, retries with backoff on 5xx and 429, and a User-Agent naming the project.

A source may also ask for a minimum interval between its requests (GDELT allows one every 5 seconds), name
statuses its parser reads instead of failing (Wikimedia's 404 for a range without data), and recognise a
throttle message sent as an ordinary body (GDELT's plain text, with HTTP 200 or 429), which is retried like a
429 and never handed to the parser.
"""
from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Collection
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

import httpx

from .base import RawPayload

VERSION = "0.1.0"
PROJECT_URL = "https://github.com/legitimacy-barometer/legitimacy-barometer"
USER_AGENT = f"LegitimacyBarometer/{VERSION} (+{PROJECT_URL})"
TIMEOUT = float(os.environ.get("BAROMETER_HTTP_TIMEOUT", "30"))
RETRIES = int(os.environ.get("BAROMETER_HTTP_RETRIES", "3"))
BACKOFF = float(os.environ.get("BAROMETER_HTTP_BACKOFF", "1.0"))
MAX_WAIT = float(os.environ.get("BAROMETER_HTTP_MAX_WAIT", "60"))
RETRY_STATUSES = {429, 500, 502, 503, 504}


class FetchError(RuntimeError):
    """The source could not be fetched; the message says why, with the URL."""


_last_request: dict[str, float] = {}  # per source: when its latest request was (or will be) sent
_spacing = threading.Lock()


def min_interval(source: str, default: float) -> float:
    """Seconds a source waits between its requests: BAROMETER_<SOURCE>_MIN_INTERVAL, else `default`."""
    return float(os.environ.get(f"BAROMETER_{source.upper()}_MIN_INTERVAL", default))


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
    return httpx.Client(timeout=timeout or TIMEOUT, headers={"User-Agent": USER_AGENT},
                        follow_redirects=True)


def retry_after(response: httpx.Response, default: float) -> float:
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
    return max(0.0, min(wait, MAX_WAIT))


def get(source: str, url: str, *, http: httpx.Client | None = None, retries: int | None = None,
        backoff: float | None = None, sleep=time.sleep, accept: Collection[int] = (),
        interval: float = 0.0, throttled: Callable[[bytes], bool] | None = None,
        clock=time.monotonic) -> RawPayload:
    """GET `url` and return the untouched body; retry 5xx/429 and transport errors with backoff.

    `accept`: error statuses returned (with their body) rather than raised, for the source to judge.
    `interval`: seconds between two requests of this source, retries included.
    `throttled`: says whether a body (HTTP 200 or 429) is the source asking to slow down; such an answer is
    retried, and if it is still the last answer the fetch fails saying so."""
    retries = RETRIES if retries is None else retries
    backoff = BACKOFF if backoff is None else backoff
    own = http is None
    http = http or client()
    try:
        for attempt in range(retries + 1):
            last = attempt == retries
            space(source, interval, sleep=sleep, clock=clock)
            try:
                response = http.get(url)
            except httpx.TimeoutException as exc:
                if last:
                    raise FetchError(f"{source}: timed out after {attempt + 1} attempt(s) fetching {url}") from exc
                sleep(min(backoff * 2 ** attempt, MAX_WAIT))
                continue
            except httpx.TransportError as exc:
                if last:
                    raise FetchError(f"{source}: could not connect to {url} ({exc})") from exc
                sleep(min(backoff * 2 ** attempt, MAX_WAIT))
                continue
            slow_down = (throttled is not None and response.status_code in (200, 429)
                         and throttled(response.content))
            if (slow_down or response.status_code in RETRY_STATUSES) and not last:
                sleep(retry_after(response, min(backoff * 2 ** attempt, MAX_WAIT)))
                continue
            if slow_down:
                text = " ".join(response.text.split())
                raise FetchError(f"{source}: rate limited: {url} answered HTTP {response.status_code} "
                                 f"{text[:120]!r} after {attempt + 1} attempt(s); nothing saved")
            if response.status_code >= 400 and response.status_code not in accept:
                raise FetchError(f"{source}: HTTP {response.status_code} from {url}"
                                 + (" (rate limited)" if response.status_code == 429 else ""))
            return RawPayload(source=source, url=str(response.url), status=response.status_code,
                              fetched_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                              body=response.content,
                              content_type=response.headers.get("content-type"))
        raise FetchError(f"{source}: no response from {url}")  # pragma: no cover
    finally:
        if own:
            http.close()
