"""Every setting a deployment makes through the environment, in one place, read when it is used (never at
import, so a value set for a process, a job or a test applies to the next call).

Each is a `Setting`: its variable, its default and what it does; `ALL` lists them for the docs (a test checks
that docs/deploying.md names each one) and no other module reads a `BAROMETER_*` variable. A per-source or
per-indicator setting is a `Pattern` whose variable is completed with the source's or the indicator's id.
"""
from __future__ import annotations

import os
from dataclasses import dataclass


# A switch set to one of these (or left blank) is off.
OFF = frozenset({"", "0", "false", "no", "off"})


def _read(name: str, default: str | None) -> str | None:
    """The variable's value, stripped; `default` when it is unset or blank."""
    raw = os.environ.get(name)
    return raw.strip() if raw is not None and raw.strip() else default


@dataclass(frozen=True)
class Setting:
    name: str
    default: str | None
    help: str

    def text(self) -> str | None:
        """The value as set, stripped; the default when it is unset or blank."""
        return _read(self.name, self.default)

    def is_off(self, off: frozenset[str] = OFF) -> bool:
        """A switch: whether its value (the default when blank) is one of `off`, in any case."""
        return (self.text() or "").lower() in off

    def is_set(self) -> bool:
        """Set at all, even to a blank value (the editor password: set but empty closes editing)."""
        return self.name in os.environ

    def raw(self) -> str | None:
        return os.environ.get(self.name)

    def number(self) -> float:
        try:
            return float(self.text())
        except (TypeError, ValueError):
            raise ValueError(f"${self.name} must be a number, not {self.raw()!r}") from None

    def whole(self) -> int:
        try:
            return int(self.text())
        except (TypeError, ValueError):
            raise ValueError(f"${self.name} must be a whole number, not {self.raw()!r}") from None


@dataclass(frozen=True)
class Pattern:
    """A setting per source or per indicator: `template` holds `{id}`, completed with the id in capitals."""

    template: str
    help: str

    def name(self, id_: str) -> str:
        return self.template.format(id=id_.upper())

    def text(self, id_: str, default: str | None = None) -> str | None:
        return _read(self.name(id_), default)


DB = Setting("BAROMETER_DB", None, "SQLite file or postgresql:// URL of the database (default ./data.db).")
CATALOGUE = Setting("BAROMETER_CATALOGUE", None, "Catalogue file (default: the one shipped).")
LANG = Setting("BAROMETER_LANG", None, "Default language of every output: be, ru or en (default en).")
READONLY = Setting("BAROMETER_READONLY", "", "Any value but 0, false, no or off makes the deployment read-only.")
USER = Setting("BAROMETER_USER", None, "Who enters figures and acknowledges alerts from the CLI, when --by is "
               "not given.")
EDITOR_PASSWORD = Setting("BAROMETER_EDITOR_PASSWORD", None, "The dashboard's editing password; set but empty "
                          "closes editing.")
WEBHOOK_URL = Setting("BAROMETER_WEBHOOK_URL", "", "Where alert events are posted (http or https).")
WEBHOOK_SECRET = Setting("BAROMETER_WEBHOOK_SECRET", None, "When set, each webhook body is signed "
                         "(X-Barometer-Signature).")
SNAPSHOT_DIR = Setting("BAROMETER_SNAPSHOT_DIR", "snapshots", "Where the weekly job writes its snapshots.")
SNAPSHOT_CHARTS = Setting("BAROMETER_SNAPSHOT_CHARTS", "1", "0, false, no or off: snapshots (the weekly job's "
                          "too) leave out the brief's PNG charts, their slowest part.")
WEEKLY_PUBLISH = Setting("BAROMETER_WEEKLY_PUBLISH", "", "Any value but 0, false, no or off: the weekly job also "
                         "writes the week's public database.")
SCHEDULE_INTERVAL = Setting("BAROMETER_SCHEDULE_INTERVAL", None, "Seconds: replaces every job's cron trigger "
                            "(testing, debugging).")
HTTP_TIMEOUT = Setting("BAROMETER_HTTP_TIMEOUT", "30", "Seconds a collector waits for each read of an answer.")
HTTP_RETRIES = Setting("BAROMETER_HTTP_RETRIES", "3", "Times a collector's request is tried again after a 5xx, "
                       "a 429 or a transport error.")
HTTP_BACKOFF = Setting("BAROMETER_HTTP_BACKOFF", "1.0", "Seconds before the first retry, doubled each time.")
HTTP_MAX_WAIT = Setting("BAROMETER_HTTP_MAX_WAIT", "60", "Longest wait between two tries, Retry-After included.")
HTTP_DEADLINE = Setting("BAROMETER_HTTP_DEADLINE", "300", "Seconds one request may take in all, body included.")
HTTP_MAX_BYTES = Setting("BAROMETER_HTTP_MAX_BYTES", str(64 * 2 ** 20), "Largest answer, once decompressed.")

SOURCE_URL = Pattern("BAROMETER_{id}_URL", "A source's base URL (a mirror, or a local server in tests).")
SOURCE_MIN_INTERVAL = Pattern("BAROMETER_{id}_MIN_INTERVAL", "Seconds between two requests to a source.")
CSV_URL = Pattern("BAROMETER_CSV_URL_{id}", "The address a CSV-collected indicator is read from.")

ALL: tuple[Setting | Pattern, ...] = (
    DB, CATALOGUE, LANG, READONLY, USER, EDITOR_PASSWORD, WEBHOOK_URL, WEBHOOK_SECRET, SNAPSHOT_DIR, SNAPSHOT_CHARTS,
    WEEKLY_PUBLISH, SCHEDULE_INTERVAL, HTTP_TIMEOUT, HTTP_RETRIES, HTTP_BACKOFF, HTTP_MAX_WAIT, HTTP_DEADLINE,
    HTTP_MAX_BYTES, SOURCE_URL, SOURCE_MIN_INTERVAL, CSV_URL,
)
