"""Dashboard fixtures: the seeded store `barometer init` makes, with one poll after the election, and its
overview."""
from datetime import date

import pytest

from dashboard import queries
from indicators.model.observation import Observation

TODAY = date(2026, 1, 15)
# The paper's two Minsk polls both fall inside the baseline window; a poll after it gives the trust rating a
# comparison an analyst would sign, against the pinned March-April 2020 figure.
AFTER = Observation("trust_president_minsk", "2021-01-01", "2021-01-31", "range", "https://example.org/poll",
                    "analyst", value_low=15, value_high=20)


@pytest.fixture
def overview(seeded, catalogue):
    seeded.append([AFTER])
    return queries.overview(seeded, catalogue, TODAY)


@pytest.fixture
def row_of(overview):
    return lambda indicator_id: next(r for r in overview.rows if r["id"] == indicator_id)
