"""IODA, GDELT and ACLED have no recorded payload yet (see their SOURCE.md); these check the failure paths only."""
from datetime import date

import pytest

from collectors import acled, gdelt, ioda
from collectors.base import ParseError
from tests.collectors.helpers import Ind


@pytest.mark.parametrize("module", [ioda, gdelt])
@pytest.mark.parametrize("body, message", [
    (b"", "empty response"), (b"<html><body>Bad gateway</body></html>", "HTML page"),
    (b'{"data": [', "truncated JSON"),
])
def test_parse_fails_clearly_on_bodies_that_are_not_json(module, body, message):
    with pytest.raises(ParseError, match=message):
        module.parse(body, "https://example.org/x?query=q", [])


def test_gdelt_reports_its_plain_text_error_answers():
    with pytest.raises(ParseError, match="gdelt: body: not JSON"):
        gdelt.parse(b"The specified phrase is too short.", "https://api.gdeltproject.org/x", [])


def test_acled_cannot_be_fetched_without_the_users_file():
    assert acled.plan([Ind("acled_protest_events", {"event_type": "Protests"})], date(2020, 1, 1), date(2020, 2, 1)) == []
    with pytest.raises(RuntimeError, match="--from-file"):
        acled.fetch("https://acleddata.com")


def test_ioda_plans_one_request_per_datasource_and_month(production_urls):
    urls = ioda.plan([Ind("a", {"datasource": "bgp"}), Ind("b", {"datasource": "ping-slash24"})],
                     date(2020, 8, 1), date(2020, 8, 31))
    assert urls[0] == ("https://api.ioda.inetintel.cc.gatech.edu/v2/signals/raw/country/BY"
                       "?from=1596240000&until=1598918400&datasource=bgp")
