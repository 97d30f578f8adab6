"""The store: the only code that speaks SQL. Append-only observations in a SQLite file or a PostgreSQL database.

`Store` is one API assembled from one class per concern: the connection and its transactions, the
schema's migrations, the catalogue's rows, observations, aggregated series, events, payloads with
collector runs, what a public copy reads, alerts, and what a copy into another database reads and writes.
What differs between the two databases is kept in dialect.py.
"""
from __future__ import annotations

from .alerts import Alerts
from .catalogue import CatalogueRows
from .connection import (BUSY_TIMEOUT_S, DEFAULT_DB, Connection, DiskFull, NotFound, SchemaTooNew, StoreError, default_path,
                         end_of, timestamp, utc_now)
from .copying import Copying
from .targets import display, is_url
from .events import Events
from .guards import GuardsBroken
from .migrations import Migrations, migrations
from .observations import Observations, duplicate_key
from .readings import Readings
from .public_rows import PublicRows
from .payloads import EMPTY_RUN, FAILED_RUN, STALE_RUN_HOURS, SUCCEEDED_RUN, Payloads
from .series import Series

__all__ = ["BUSY_TIMEOUT_S", "DEFAULT_DB", "DiskFull", "EMPTY_RUN", "FAILED_RUN", "GuardsBroken", "STALE_RUN_HOURS",
           "SUCCEEDED_RUN", "NotFound", "SchemaTooNew", "Store", "StoreError", "default_path",
           "display", "duplicate_key", "end_of", "is_url", "migrations", "timestamp", "utc_now"]


class Store(Observations, Readings, Series, Events, Payloads, PublicRows, Alerts, CatalogueRows, Copying, Migrations,
            Connection):
    """An open database: `Store.open(path)`, used as a context manager or closed by hand."""
