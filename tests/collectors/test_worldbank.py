"""The World Bank parser reads annual values for the requested country."""
from datetime import date

import pytest

from collectors import worldbank
from collectors.base import ParseError
from tests.collectors.helpers import BY, Ind, fixture

GDP = Ind("gdp_current_usd", {"indicator": "NY.GDP.MKTP.CD"})
LEGACY_URL = ("http://api.worldbank.org/countries/all/indicators/NY.GDP.MKTP.CD"
              "?date=2016:2016&MRV=1&format=json&perpage=300")
BODY = fixture("worldbank", "legacy_countries_all_NY.GDP.MKTP.CD_page1.json")


def test_parse_reads_the_row_of_the_requested_country_as_a_calendar_year():
    rows = worldbank.parse(BODY, LEGACY_URL.replace("/countries/all/", "/countries/AL/"), [GDP], BY)
    assert rows == [{
        "indicator_id": "gdp_current_usd", "value": 13211513725.5881, "qualifier": "exact",
        "period_start": "2014-01-01", "period_end": "2014-12-31",
        "source_url": "https://api.worldbank.org/v2/country/AL/indicator/NY.GDP.MKTP.CD",
        "entered_by": "collector:worldbank", "collector": "worldbank", "note": None,
    }]


def test_parse_skips_years_without_a_value():
    assert worldbank.parse(BODY, LEGACY_URL.replace("/countries/all/", "/countries/AS/"), [GDP], BY) == []


def test_parse_takes_the_country_from_the_request_url():
    rows = worldbank.parse(BODY, LEGACY_URL, [GDP], BY)
    assert [r["value"] for r in rows] == [20038215159.3873, 13211513725.5881, 213518488688.12]


def test_parse_reports_the_api_error_message():
    body = b'[{"message":[{"id":"120","key":"Invalid value","value":"The provided parameter value is not valid"}]}]'
    with pytest.raises(ParseError, match="worldbank: message: The provided parameter value is not valid"):
        worldbank.parse(body, LEGACY_URL, [GDP], BY)


def test_plan_asks_for_belarus_over_the_years_of_the_range(production_urls):
    urls = worldbank.plan([Ind("gdp_growth", {"indicator": "NY.GDP.MKTP.KD.ZG"})], date(2015, 3, 1), date(2024, 1, 1), BY)
    assert urls == ["https://api.worldbank.org/v2/country/BLR/indicator/NY.GDP.MKTP.KD.ZG"
                    "?format=json&date=2015:2024&per_page=1000"]
