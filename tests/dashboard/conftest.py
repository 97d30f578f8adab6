"""Dashboard fixtures: the seeded store `barometer init` makes, and its overview."""
from datetime import date

import pytest

from dashboard import queries

TODAY = date(2026, 1, 15)


@pytest.fixture
def overview(seeded, catalogue):
    return queries.overview(seeded, catalogue, TODAY)


@pytest.fixture
def row_of(overview):
    return lambda indicator_id: next(r for r in overview.rows if r["id"] == indicator_id)
