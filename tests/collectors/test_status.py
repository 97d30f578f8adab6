"""The Sources page's data: each source's last run, next scheduled time and staleness."""
from datetime import datetime, timezone
from pathlib import Path

import pytest

from collectors import runner
from indicators.model.catalogue import load_catalogue
from indicators.languages.i18n import use
from tests.collectors.conftest import no_internet  # noqa: F401 - autouse: no test may reach the internet
from collectors.status import COLUMNS, collect_now, failed_rows, next_run, source_rows

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
NOW = datetime(2020, 4, 12, 9, 0, tzinfo=timezone.utc)
WEEKLY = FIXTURES / "who_covid" / "WHO-COVID-19-global-data_BY_2020-03_05.csv"


@pytest.fixture
def catalogue():
    """The shipped catalogue alone (without the collector tests' extra indicators)."""
    return load_catalogue()


def by_source(rows):
    return {r["source"]: r for r in rows}


def test_every_source_the_catalogue_uses_has_a_row_even_before_any_run(store, catalogue):
    rows = by_source(source_rows(store, catalogue, now=NOW))
    assert list(rows) == ["ooni", "ioda", "nbrb", "worldbank", "wikipedia", "gdelt", "who_covid", "world_mortality",
                          "owid_vaccinations", "citizenlab", "minsk_cases", "freedom_house", "acled"]
    assert rows["nbrb"]["status"] == "never run" and rows["nbrb"]["staleness"] == "– no data"
    assert rows["nbrb"]["next_run"] is None  # no scheduler runs: nothing is due at any time
    assert by_source(source_rows(store, catalogue, now=NOW, scheduled=True))["nbrb"]["next_run"] == \
        "2020-04-12T10:30+00:00"
    assert rows["acled"]["next_run"] == "from files only"
    assert all(set(r) == set(COLUMNS) for r in rows.values())


def test_a_successful_run_shows_its_counts_and_freshness(store, catalogue):
    runner.run_collect(store, catalogue, ["who_covid"], from_file=WEEKLY)
    row = by_source(source_rows(store, catalogue, now=datetime(2020, 5, 20, tzinfo=timezone.utc)))["who_covid"]
    assert (row["status"], row["rows_added"], row["rows_revised"], row["error"]) == ("ok", 15, 0, None)
    assert row["latest_period"] == "2020-05-03" and row["staleness"] == "◐ due"
    later = by_source(source_rows(store, catalogue, now=datetime(2020, 6, 10, tzinfo=timezone.utc)))["who_covid"]
    assert later["staleness"] == "✗ stale (38 days)"
    with use("be"):
        assert by_source(source_rows(store, catalogue, now=datetime(2026, 5, 20, tzinfo=timezone.utc)))[
            "who_covid"]["staleness"] == "✗ састарэла (2\xa0208 дзён)"
    with use("ru"):
        assert by_source(source_rows(store, catalogue, now=datetime(2020, 6, 14, tzinfo=timezone.utc)))[
            "who_covid"]["staleness"] == "✗ устарело (42 дня)"


def test_a_failed_run_shows_its_error(store, catalogue, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    (result,) = runner.run_collect(store, catalogue, ["who_covid"], from_file=empty)
    assert result.error == "who_covid: body: empty file"  # the details, where the command ran
    row = by_source(source_rows(store, catalogue, now=NOW))["who_covid"]
    assert (row["status"], row["error"]) == ("failed", runner.file_failure("who_covid"))  # never the file's text


def test_next_run_follows_the_cron_schedule():
    assert next_run({"day_of_week": "mon", "hour": 4, "minute": 10}, NOW) == \
        datetime(2020, 4, 13, 4, 10, tzinfo=timezone.utc)


def test_collect_now_runs_one_source(store, catalogue, httpserver, monkeypatch):
    """The served file has no Belarus rows: the run fails and says so."""
    monkeypatch.setenv("BAROMETER_WHO_COVID_URL", httpserver.url_for("/who"))
    lines = WEEKLY.read_bytes().splitlines(keepends=True)
    httpserver.expect_request("/who/WHO-COVID-19-global-data.csv").respond_with_data(b"".join(lines[:1] + lines[-2:]))
    result = collect_now(store, catalogue, "who_covid")
    assert result.status == "failed" and "no rows for BY" in result.error


def test_a_source_whose_last_run_saved_nothing_is_listed_as_failed():
    rows = [{"source": "a", "status": "ok"}, {"source": "b", "status": "failed"},
            {"source": "c", "status": "interrupted"}, {"source": "d", "status": "never run"}]
    assert [r["source"] for r in failed_rows(rows)] == ["b", "c"]
