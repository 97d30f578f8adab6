"""The Sources page runs standalone, reads through the store, and offers collect-now only to editors."""
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from collectors import runner
from indicators.catalogue import load_catalogue
from indicators.store import Store
from tests.collectors.conftest import no_internet  # noqa: F401 - autouse: no test may reach the internet

PAGE = Path(__file__).resolve().parents[2] / "dashboard" / "pages" / "sources.py"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def collected(db_path, monkeypatch):
    monkeypatch.setenv("BAROMETER_DB", str(db_path))
    with Store.open(db_path) as store:
        runner.run_collect(store, load_catalogue(), ["who_covid"],
                           from_file=FIXTURES / "who_covid" / "WHO-COVID-19-global-data_BY_2020-03_05.csv")
    return db_path


def test_the_page_lists_sources_with_their_last_run(collected):
    at = AppTest.from_file(str(PAGE), default_timeout=30).run()
    assert not at.exception
    table = at.dataframe[0].value
    who = table[table["source"] == "who_covid"].iloc[0]
    assert (who["status"], who["rows_added"], who["latest_period"]) == ("ok", "15", "2020-05-03")  # text: "–" when none
    assert [b.label for b in at.button] == ["Collect now"]


def test_collect_now_waits_for_the_editor_password(collected, monkeypatch):
    monkeypatch.setenv("BAROMETER_EDITOR_PASSWORD", "correct horse")
    at = AppTest.from_file(str(PAGE), default_timeout=30).run()
    assert not at.exception and len(at.dataframe) == 1
    assert [w.key for w in at.text_input] == ["editor_password"] and not at.selectbox
    assert "Collect now" not in [b.label for b in at.button]


def test_read_only_mode_hides_collect_now(collected, monkeypatch):
    monkeypatch.setenv("BAROMETER_READONLY", "1")
    at = AppTest.from_file(str(PAGE), default_timeout=30).run()
    assert not at.exception and len(at.button) == 0 and len(at.dataframe) == 1


def test_collect_now_runs_the_chosen_source_and_reports(collected, httpserver, monkeypatch):
    """The local server knows no NBRB path, so the run fails; the page shows the error."""
    monkeypatch.setenv("BAROMETER_NBRB_URL", httpserver.url_for("/nbrb"))
    monkeypatch.setattr("collectors.http.RETRIES", 0)
    at = AppTest.from_file(str(PAGE), default_timeout=30).run()
    at.selectbox[0].select("nbrb").run()
    at.button[0].click().run()
    assert not at.exception
    assert "the run failed" in at.error[0].value  # the error itself as plain text, never markdown
    assert at.code[-1].value.startswith("nbrb: HTTP 500 from http://localhost")
    with Store.open(collected) as store:
        assert store.runs("nbrb")[0]["status"] == "failed"
