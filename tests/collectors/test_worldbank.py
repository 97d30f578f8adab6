"""The World Bank parser reads annual values for the requested country."""
from datetime import date

import pytest

from collectors import worldbank
from collectors.base import ParseError
from tests.collectors.helpers import BY, Ind, by_collector, fixture, history

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


# The CSV layout of the WDI data packages, as vendored in indicators/data/history/worldbank (one file per code).
WDI_GDP, WDI_GDP_URL = history("worldbank", "NY.GDP.MKTP.KD.ZG.csv")
WORLDBANK = by_collector("worldbank")


def test_wdi_csv_gives_one_value_per_year_for_the_indicator_named_in_the_url():
    rows = worldbank.parse(WDI_GDP, WDI_GDP_URL, WORLDBANK, BY)
    by_year = {r["period_start"][:4]: r for r in rows}
    assert {r["indicator_id"] for r in rows} == {"gdp_growth"}
    assert (min(by_year), max(by_year), len(by_year)) == ("1991", "2025", 35)
    assert by_year["2020"]["value"] == -0.672742918585868
    assert (by_year["2020"]["period_start"], by_year["2020"]["period_end"]) == ("2020-01-01", "2020-12-31")
    assert by_year["2020"]["source_url"] == "https://api.worldbank.org/v2/country/BLR/indicator/NY.GDP.MKTP.KD.ZG"


@pytest.mark.parametrize("name, indicator_id, value_2020", [
    ("FP.CPI.TOTL.ZG.csv", "inflation_cpi", 5.54814357456519),
    ("SL.UEM.TOTL.ZS.csv", "unemployment_rate", 4.049),
    ("PA.NUS.FCRF.csv", "exchange_rate_official_annual", 2.439575),
    ("SM.POP.NETM.csv", "net_migration", -33954),
])
def test_every_vendored_wdi_file_feeds_its_indicator(name, indicator_id, value_2020):
    body, url = history("worldbank", name)
    rows = worldbank.parse(body, url, WORLDBANK, BY)
    assert {r["indicator_id"] for r in rows} == {indicator_id}
    assert {r["period_start"]: r["value"] for r in rows}["2020-01-01"] == value_2020


def test_wdi_csv_skips_other_countries_and_blank_values():
    lines = WDI_GDP.splitlines(keepends=True)
    body = b"".join([lines[0], b"Ukraine,UKR,2020,-3.8\r\n", b"Belarus,BLR,2026,\r\n", *lines[1:]])
    years = [r["period_start"][:4] for r in worldbank.parse(body, WDI_GDP_URL, WORLDBANK, BY)]
    assert "2026" not in years and len(years) == 35


def test_wdi_csv_without_rows_for_the_country_gives_nothing():
    lines = WDI_GDP.splitlines(keepends=True)
    assert worldbank.parse(lines[0] + b"Ukraine,UKR,2020,-3.8\r\n", WDI_GDP_URL, WORLDBANK, BY) == []


@pytest.mark.parametrize("change, message", [
    ((b",Value", b",Amount"), "worldbank: column Value: missing from the header"),
    ((b"BLR,2020,-0.672742918585868", b"BLR,2020,n/a"), r"worldbank: Value \(row 31\): 'n/a' is not a number"),
    ((b"BLR,2020,", b"BLR,FY20,"), r"worldbank: Year \(row \d+\): 'FY20' is not a year"),
])
def test_wdi_csv_refuses_a_malformed_file_naming_the_field(change, message):
    with pytest.raises(ParseError, match=message):
        worldbank.parse(WDI_GDP.replace(*change, 1), WDI_GDP_URL, WORLDBANK, BY)


def test_wdi_csv_needs_the_indicator_code_in_its_url():
    with pytest.raises(ParseError, match="worldbank: url: .* names no indicator code"):
        worldbank.parse(WDI_GDP, "https://example.org/data.csv", WORLDBANK, BY)
