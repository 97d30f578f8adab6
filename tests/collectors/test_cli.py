"""`barometer collect --from-file` puts each recorded payload's numbers in the database; bad input exits 2."""
import pytest
from click.testing import CliRunner

from indicators.cli.main import cli
from indicators.store import Store
from tests.collectors.helpers import FIXTURES


def run(db_path, *args, env=None):
    return CliRunner().invoke(cli, ["--db", str(db_path), *map(str, args)], env=env or {}, catch_exceptions=False)


def values(db_path, indicator_id):
    with Store.open(db_path) as store:
        return [(r["period_start"], r["value"]) for r in store.observations(indicator_id)]


CASES = [
    ("nbrb", "nbrb/dynamics_170_2020-08.json", None, "test_exchange_rate_byn_aud",
     31, ("2020-08-22", 1.812)),
    ("ooni", "ooni/aggregation_CH_AS3303_axis_x_day_2021-07-09.json",
     "https://api.ooni.io/api/v1/aggregation?probe_cc=CH&probe_asn=AS3303&test_name=web_connectivity"
     "&since=2021-07-09&until=2021-07-11&time_grain=day&axis_x=measurement_start_day",
     "ooni_anomaly_share", 1, ("2021-07-09", pytest.approx(100 * 187 / (1689 - 5)))),
    ("worldbank", "worldbank/legacy_countries_all_NY.GDP.MKTP.CD_page1.json",
     "http://api.worldbank.org/countries/AL/indicators/NY.GDP.MKTP.CD?date=2016:2016&MRV=1&format=json",
     "test_gdp_current_usd", 1, ("2014-01-01", 13211513725.5881)),
    ("wikipedia", "wikipedia/per-article_Python_daily_2021-01.json", None, "test_pageviews_python",
     3, ("2021-01-03", 8669)),
    ("who_covid", "who_covid/WHO-COVID-19-global-data_BY_2020-03_05.csv", None, "covid_cases_reported",
     10, ("2020-04-13", 3063)),
    ("ioda", "ioda/signals_raw_asn_1299_upstream-delay-penult-asns_2024-10-01.json",
     "https://api.ioda.inetintel.cc.gatech.edu/v2/signals/raw/asn/1299"
     "?from=1727740800&until=1727827200&datasource=upstream-delay-penult-asns",
     "test_ioda_penultimate_as_count", 1, ("2024-10-01", 17)),
    ("acled", "acled/acled_BLR_2020-05-02_09.csv", None, "acled_protest_events", 2, ("2020-05-04", 8)),
    ("gdelt", "gdelt/timelinevolraw_NVIDIA_15m_2026-05-14.json",
     "https://api.gdeltproject.org/api/v2/doc/doc?query=%22NVIDIA%22%20sourcelang%3Aenglish"
     "&mode=timelinevolraw&format=json",
     "test_news_volume_nvidia", 2, ("2026-05-14", pytest.approx(721 / 146536))),
    ("csv", "csv/owid-covid-data_BLR_2020-04-03_09.csv",
     "https://raw.githubusercontent.com/owid/covid-19-data/master/public/data/owid-covid-data.csv",
     "test_csv_cases", 7, ("2020-04-06", 170)),
]


@pytest.mark.parametrize("source, path, url, indicator_id, n, sample", CASES, ids=[c[1] for c in CASES])
def test_collect_from_file_stores_the_expected_numbers(source, path, url, indicator_id, n, sample,
                                                       db_path, catalogue_file):
    args = ["collect", source, "--from-file", FIXTURES / path, "--catalogue", catalogue_file]
    result = run(db_path, *args, *(["--url", url] if url else []))
    assert result.exit_code == 0, result.output
    assert f"{source}: ok," in result.output
    stored = values(db_path, indicator_id)
    assert len(stored) == n and sample in stored
    again = run(db_path, *args, *(["--url", url] if url else []))
    assert f"{source}: ok, 0 added, 0 revised" in again.output


def test_a_failed_run_exits_1_with_the_error(db_path, tmp_path, catalogue_file):
    empty = tmp_path / "empty.json"
    empty.write_bytes(b"[]")
    result = run(db_path, "collect", "nbrb", "--from-file", empty, "--catalogue", catalogue_file)
    assert result.exit_code == 1
    assert "nbrb: FAILED (run 1): nbrb: body: empty result" in result.output


def test_read_only_mode_refuses_to_collect(db_path):
    result = run(db_path, "collect", "nbrb", env={"BAROMETER_READONLY": "1"})
    assert result.exit_code == 2 and "read-only" in result.output


@pytest.mark.parametrize("args, message", [
    (["collect", "nope"], "SOURCE: 'nope' is not one of ooni, ioda"),
    (["collect", "nbrb", "ooni", "--from-file", __file__], "--from-file: name exactly one SOURCE"),
    (["collect", "nbrb", "--since", "2021-01-02", "--until", "2021-01-01"], "--since: 2021-01-02 is after"),
    (["collect", "nbrb", "--url", "https://x.org"], "--url: only meaningful with --from-file"),
    (["reparse", "nope"], "SOURCE: 'nope' is not one of"),
])
def test_bad_input_exits_2_with_a_clear_message(args, message, db_path):
    result = run(db_path, *args)
    assert result.exit_code == 2 and message in result.output


def test_reparse_reports_its_run(db_path, catalogue_file):
    run(db_path, "collect", "wikipedia", "--from-file", FIXTURES / "wikipedia/per-article_Python_daily_2021-01.json",
        "--catalogue", catalogue_file)
    result = run(db_path, "reparse", "wikipedia", "--catalogue", catalogue_file)
    assert result.exit_code == 0 and "wikipedia: ok, 0 added, 0 revised from 1 payload(s) (run 2)" in result.output


@pytest.mark.parametrize("command", ["collect", "reparse", "schedule"])
def test_every_command_has_help_with_an_example(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0 and "Example: barometer" in result.output
