"""One policy for every request the project sends out, the collectors' GETs and the webhook's POST: how many
times it is tried, how long it waits between tries, how long each read and the whole may take, and how big an
answer may be. The collectors' policy is read from the settings when a request starts, never at import."""
from __future__ import annotations

from dataclasses import dataclass, replace

from . import settings

# Answers worth trying again: the server is busy or failing, not refusing the request.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class Policy:
    attempts: int      # tries in all, the first included
    backoff_s: float   # the wait after the first try, doubled after each next one
    max_wait_s: float  # the longest one wait may be (a server's Retry-After included)
    timeout_s: float   # each read of the answer
    deadline_s: float  # the whole of it: a collector's one request; the webhook's one delivery, every try included
    max_bytes: int     # the largest answer read, once decompressed

    def given(self, **overrides: float | int | None) -> Policy:
        """This policy with what a caller gives (a source's own limit, a test's) in place of its values; None
        leaves a value as it is."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})

    def wait(self, tries_made: int) -> float:
        """Seconds to wait after `tries_made` tries (1, 2, …) before the next: backoff, doubled, capped."""
        return min(self.backoff_s * 2 ** (tries_made - 1), self.max_wait_s)


def retryable(status: int) -> bool:
    return status in RETRY_STATUSES


def collecting() -> Policy:
    """A collector's request, as the deployment sets it now ($BAROMETER_HTTP_*)."""
    return Policy(attempts=settings.HTTP_RETRIES.whole() + 1, backoff_s=settings.HTTP_BACKOFF.number(),
                  max_wait_s=settings.HTTP_MAX_WAIT.number(), timeout_s=settings.HTTP_TIMEOUT.number(),
                  deadline_s=settings.HTTP_DEADLINE.number(), max_bytes=settings.HTTP_MAX_BYTES.whole())


# The webhook is posted to after a write: three tries within ten seconds in all, whatever the endpoint does, and
# nothing of its answer read but the status.
DELIVERING = Policy(attempts=3, backoff_s=1.0, max_wait_s=60.0, timeout_s=5.0, deadline_s=10.0, max_bytes=0)
