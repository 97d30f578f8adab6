"""Which database the dashboard reads, and the store handle each page run uses."""
from __future__ import annotations

import os

from indicators.catalogue import CATALOGUE_ENV, Catalogue, load_catalogue
from indicators.store import Store, default_path


def db_path() -> str:
    """The database chosen by `barometer dashboard --db` (passed as BAROMETER_DB), else ./data.db."""
    return default_path()


def open_store() -> Store:
    """A fresh connection per page run: cheap, and never shared between Streamlit's threads."""
    return Store.open(db_path())


def catalogue_path() -> str | None:
    """$BAROMETER_CATALOGUE, for a catalogue other than the shipped one (the benchmarks use it)."""
    return os.environ.get(CATALOGUE_ENV) or None


def catalogue() -> Catalogue:
    return load_catalogue(catalogue_path())
