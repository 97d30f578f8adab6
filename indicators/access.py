"""Who may write: read-only deployments refuse every edit, in the CLI and the dashboard alike."""
from __future__ import annotations

import os

READONLY_ENV = "BAROMETER_READONLY"


class ReadOnlyError(PermissionError):
    """A write was asked of a read-only deployment."""


def is_readonly() -> bool:
    return os.environ.get(READONLY_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def require_writable() -> None:
    if is_readonly():
        raise ReadOnlyError(f"this deployment is read-only ({READONLY_ENV} is set): nothing was written")
