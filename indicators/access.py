"""Who may write: read-only deployments refuse every edit, in the CLI and the dashboard alike.

BAROMETER_READONLY fails safe: unset or empty, or 0 / false / no / off, means writable; any other value
(1, true, yes, but also 2 or a typo) means read-only."""
from __future__ import annotations

from . import settings
from .languages.i18n import _

class ReadOnlyError(PermissionError):
    """A write was asked of a read-only deployment."""


def is_readonly() -> bool:
    return not settings.READONLY.is_off()


def require_writable() -> None:
    if is_readonly():
        raise ReadOnlyError(_("this deployment is read-only ({variable} is set): nothing was written").format(
            variable=settings.READONLY.name))
