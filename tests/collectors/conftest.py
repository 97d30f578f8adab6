"""Fixtures for collector tests: a real SQLite store, and the real catalogue plus test-only indicators
that the recorded (non-Belarus) payloads can feed."""
from __future__ import annotations

import ipaddress
import socket
from pathlib import Path

import pytest

from indicators.model.catalogue import CATALOGUE_PATH, load_catalogue
from indicators.store import Store

TEST_INDICATORS = '''

[[indicator]]
id = "test_exchange_rate_byn_aud"
name = "Exchange rate, BYN per AUD (test only)"
family = "economy"
unit = "byn_per_usd"
kind = "level"
worse_when = "up"
cadence = "daily"
collector = "nbrb"
params = { currency = "AUD", cur_id = 170 }
definition = "Fed by the recorded AUD dynamics fixture."

[[indicator]]
id = "test_gdp_current_usd"
name = "GDP, current US$ (test only)"
family = "economy"
unit = "ratio"
kind = "level"
worse_when = "down"
cadence = "annual"
collector = "worldbank"
params = { indicator = "NY.GDP.MKTP.CD" }
definition = "Fed by the recorded legacy World Bank fixture."

[[indicator]]
id = "test_pageviews_python"
name = "Pageviews of the Python article (test only)"
family = "mobilization"
unit = "count"
kind = "flow"
worse_when = "none"
cadence = "daily"
collector = "wikipedia"
params = { articles = ["en.wikipedia/Python_(programming_language)"] }
definition = "Fed by the recorded pageviews fixture."

[[indicator]]
id = "test_csv_cases"
name = "New COVID-19 cases via the generic CSV collector (test only)"
family = "pandemic"
unit = "count"
kind = "flow"
worse_when = "up"
cadence = "daily"
collector = "csv"
params = { url = "https://raw.githubusercontent.com/owid/covid-19-data/master/public/data/owid-covid-data.csv", date_column = "date", value_column = "new_cases", filter = { iso_code = "BLR" } }
definition = "Fed by the recorded OWID fixture."

[[indicator]]
id = "test_ioda_penultimate_as_count"
name = "Paths through penultimate ASes upstream of AS1299 (test only)"
family = "information_control"
unit = "count"
kind = "level"
worse_when = "down"
cadence = "daily"
collector = "ioda"
params = { datasource = "upstream-delay-penult-asns", field = "penultimate_as_count" }
definition = "Fed by the recorded IODA upstream-delay fixture, whose steps are lists of objects."

[[indicator]]
id = "test_news_volume_nvidia"
name = "Share of monitored articles on NVIDIA (test only)"
family = "mobilization"
unit = "ratio"
kind = "level"
worse_when = "up"
cadence = "daily"
collector = "gdelt"
params = { query = '"NVIDIA" sourcelang:english' }
definition = "Fed by the recorded GDELT timelinevolraw fixture (15-minute resolution)."
'''


@pytest.fixture
def catalogue_file(tmp_path: Path) -> Path:
    path = tmp_path / "catalogue.toml"
    path.write_text(CATALOGUE_PATH.read_text(encoding="utf-8") + TEST_INDICATORS, encoding="utf-8")
    return path


@pytest.fixture
def catalogue(catalogue_file):
    return load_catalogue(catalogue_file)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data.db"


@pytest.fixture
def store(db_path):
    s = Store.open(db_path)
    yield s
    s.close()


@pytest.fixture(autouse=True)
def no_internet(monkeypatch):
    """Tests talk to local servers only: every source defaults to a closed local port, and any
    connection to a non-loopback address fails the test."""
    from collectors.registry import REGISTRY

    for source in REGISTRY:
        monkeypatch.setenv(f"BAROMETER_{source.upper()}_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("BAROMETER_GDELT_MIN_INTERVAL", "0")  # GDELT's 5 s spacing is tested on its own
    real, attempts = socket.create_connection, []

    def guarded(address, *args, **kwargs):
        host = address[0]
        try:
            loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = False
        if not loopback:
            attempts.append(host)
            raise OSError(f"a test tried to reach {host}; tests must not use the internet")
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", guarded)
    yield
    assert not attempts, f"tests must not use the internet, but reached for {attempts}"


@pytest.fixture
def production_urls(monkeypatch):
    """The sources' real base URLs, for tests of what a plan would request (nothing is fetched)."""
    from collectors.registry import REGISTRY

    for source in REGISTRY:
        monkeypatch.delenv(f"BAROMETER_{source.upper()}_URL", raising=False)
