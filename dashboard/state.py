"""Which database the dashboard reads, the store handle each page run uses, and the catalogue in the reader's
language."""
from __future__ import annotations

from functools import lru_cache

from indicators import settings
from indicators.model.catalogue import Catalogue, load_catalogue
from indicators.model.catalogue_translations import localize
from indicators.languages.i18n import data_language
from indicators.store import Store, default_path


def db_path() -> str:
    """The database chosen by `barometer dashboard --db` (passed as BAROMETER_DB), else ./data.db."""
    return default_path()


def open_store() -> Store:
    """A fresh connection per page run: cheap, and never shared between Streamlit's threads."""
    return Store.open(db_path())


def catalogue_path() -> str | None:
    """$BAROMETER_CATALOGUE, for a catalogue other than the shipped one (the benchmarks use it)."""
    return settings.CATALOGUE.text()


@lru_cache(maxsize=8)
def localized(path: str | None, lang: str) -> Catalogue:
    """The catalogue at `path` (None: the default) with its names, families, units and cadences in `lang`."""
    return localize(load_catalogue(path), lang)


def catalogue() -> Catalogue:
    """The catalogue the pages show, in the reader's language."""
    return localized(catalogue_path(), data_language())
