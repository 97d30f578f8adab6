"""Shared fixtures: the real catalogue, and real SQLite stores in temporary folders."""
from __future__ import annotations

import dataclasses

import pytest

from indicators.catalogue import load_catalogue
from indicators.seed import initialize
from indicators.store import Store


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch):
    """Tests read in English whatever the shell's $BAROMETER_LANG; a test that wants another language asks."""
    monkeypatch.delenv("BAROMETER_LANG", raising=False)


@pytest.fixture(scope="session")
def catalogue():
    return load_catalogue()


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "data.db"


@pytest.fixture
def store(db_path, catalogue):
    """An empty store with the catalogue loaded (no observations)."""
    s = Store.open(db_path)
    s.sync_catalogue(catalogue)
    yield s
    s.close()


@pytest.fixture
def seeded(db_path, catalogue):
    """The store with the catalogue, the 2020 paper's figures and its events only: a fixed state that tests
    of behaviour build on, whatever figures the shipped history adds (tests of `init` use the full load)."""
    s = Store.open(db_path)
    initialize(s, paper_only(catalogue))
    yield s
    s.close()


@pytest.fixture
def own_translations(catalogue, tmp_path):
    """The shipped catalogue with its translations in a folder of the test's own."""
    def make(lang: str, text: str):
        (tmp_path / f"{lang}.toml").write_text(text, encoding="utf-8")
        return dataclasses.replace(catalogue, country=dataclasses.replace(catalogue.country, translations=tmp_path))
    return make


def paper_only(catalogue):
    """The catalogue without the figures cited since the paper."""
    return dataclasses.replace(catalogue, country=dataclasses.replace(catalogue.country, cited_data=None))


def table_digest(path) -> str:
    """A digest of every table's schema and rows: equal digests mean nothing was written."""
    import hashlib
    import sqlite3

    con = sqlite3.connect(path)
    try:
        return hashlib.sha256("\n".join(con.iterdump()).encode("utf-8")).hexdigest()
    finally:
        con.close()
