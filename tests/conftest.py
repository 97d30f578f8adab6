"""Shared fixtures: the real catalogue, and real stores in temporary SQLite files or fresh PostgreSQL databases.

A test runs on SQLite; a module that says `pytestmark = pytest.mark.both_backends` runs each of its tests that
use a store on SQLite and on PostgreSQL (skipped, saying why, when BAROMETER_TEST_POSTGRES is unset)."""
from __future__ import annotations

import dataclasses
import os

import pytest

from collectors.history import initialize_all
from indicators.model.catalogue import load_catalogue
from indicators.seed import initialize
from indicators.store import Store

from .backends import BACKENDS, POSTGRES_ENV, PostgresServer


# Files whose tests take the longest (a real browser, a whole-app walk of every indicator, several processes and
# schedulers, a filled disk, a webhook's deadline, property-based input), measured by `pytest --durations`: with
# every test on PostgreSQL, they are marked `slow`, so that `pytest -m "not slow"` is the quick part a developer
# runs often. `.ci/run` runs everything.
SLOW_FILES = {"test_browser.py", "test_every_indicator.py", "test_two_dashboards.py", "test_concurrency.py",
              "test_disk_full.py", "test_slow_webhook.py", "test_smoke.py", "test_dates_numbers.py", "test_text.py",
              "test_roles.py", "test_publish_datasette.py", "test_languages.py", "test_guards_check_themselves.py",
              "test_append_only.py", "test_one_reading.py"}
SLOW_TESTS = {"test_jobs.py": ("scheduler", "schedule_stops", "lease")}


def pytest_collection_modifyitems(config, items):
    for item in items:
        on_postgresql = "postgres_server" in item.fixturenames or "postgresql" in getattr(
            getattr(item, "callspec", None), "id", "")
        named = SLOW_TESTS.get(item.path.name, ())
        if item.path.name in SLOW_FILES or on_postgresql or any(word in item.name for word in named):
            item.add_marker(pytest.mark.slow)


def pytest_generate_tests(metafunc):
    explicit = any("backend" in (m.args[0].replace(" ", "").split(",") if isinstance(m.args[0], str) else m.args[0])
                   for m in metafunc.definition.iter_markers("parametrize"))
    if "backend" in metafunc.fixturenames and metafunc.definition.get_closest_marker("both_backends") and not explicit:
        metafunc.parametrize("backend", BACKENDS, indirect=True)


@pytest.fixture
def backend(request) -> str:
    """"sqlite", or each of "sqlite" and "postgresql" in a module marked both_backends."""
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def postgres_server():
    server = PostgresServer(os.environ[POSTGRES_ENV])
    yield server
    server.close()


@pytest.fixture(scope="session")
def shipped_db(tmp_path_factory):
    """A SQLite file as `barometer init` leaves it (the paper, the cited figures, the corrections, the recorded
    history), made once for the whole run: tests that only read it share it."""
    path = tmp_path_factory.mktemp("shipped") / "data.db"
    with Store.open(path) as store:
        initialize_all(store, load_catalogue())
    return path


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
def db_target(backend, db_path, request):
    """A fresh, empty database: the SQLite file `db_path` (not created yet), or the URL of a new PostgreSQL
    database without a schema, dropped after the test."""
    if backend == "sqlite":
        yield db_path
        return
    server = request.getfixturevalue("postgres_server")
    url = server.create()
    yield url
    server.drop(url)


@pytest.fixture
def store(db_target, catalogue):
    """An empty store with the catalogue loaded (no observations)."""
    s = Store.open(db_target)
    s.sync_catalogue(catalogue)
    yield s
    s.close()


@pytest.fixture
def memory_seeded(catalogue):
    """`seeded` in memory: for tests of readings that need no file, no second connection and no backend (a
    module asks for it by naming its own `seeded` after it). About a tenth of the time of a file's."""
    s = Store.open(":memory:")
    initialize(s, paper_only(catalogue))
    yield s
    s.close()


@pytest.fixture
def seeded(db_target, catalogue):
    """The store with the catalogue, the 2020 paper's figures and its events only: a fixed state that tests
    of behaviour build on, whatever figures the shipped history adds (tests of `init` use the full load)."""
    s = Store.open(db_target)
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
