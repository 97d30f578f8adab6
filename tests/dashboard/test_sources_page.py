"""The Sources page runs standalone, reads through the store, and offers collect-now only to editors."""
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from collectors import runner
from indicators.model.catalogue import load_catalogue
from indicators.model.observation import Observation
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
    assert (who["status"], who["rows_added"], who["latest_period"]) == ("ok, from a file", "15", "2020-05-03")
    nbrb = table[table["source"] == "nbrb"].iloc[0]
    assert (nbrb["status"], nbrb["last_run"], nbrb["rows_added"]) == ("never run", "–", "–")  # "–" when none
    assert [b.label for b in at.button] == ["Collect now"]


def test_collect_now_waits_for_the_editor_password(collected, monkeypatch):
    monkeypatch.setenv("BAROMETER_EDITOR_PASSWORD", "correct horse")
    at = AppTest.from_file(str(PAGE), default_timeout=30).run()
    assert not at.exception and len(at.dataframe) == 2  # collected, and entered by hand
    assert [w.key for w in at.text_input] == ["editor_password"] and not at.selectbox
    assert "Collect now" not in [b.label for b in at.button]


def test_read_only_mode_hides_collect_now(collected, monkeypatch):
    monkeypatch.setenv("BAROMETER_READONLY", "1")
    at = AppTest.from_file(str(PAGE), default_timeout=30).run()
    assert not at.exception and len(at.button) == 0 and len(at.dataframe) == 2


def test_collect_now_runs_the_chosen_source_and_reports(collected, httpserver, monkeypatch):
    """The local server knows no NBRB path, so the run fails; the page shows the error."""
    monkeypatch.setenv("BAROMETER_NBRB_URL", httpserver.url_for("/nbrb"))
    monkeypatch.setenv("BAROMETER_HTTP_RETRIES", "0")
    at = AppTest.from_file(str(PAGE), default_timeout=30).run()
    at.selectbox[0].select("nbrb").run()
    at.button[0].click().run()
    assert not at.exception
    assert "the run failed" in at.error[0].value  # the error itself as plain text, never markdown
    assert at.code[-1].value.startswith("nbrb: HTTP 500 from http://localhost")
    with Store.open(collected) as store:
        assert store.runs("nbrb")[0]["status"] == "failed"


def test_without_a_scheduler_no_source_shows_a_next_run(collected):
    at = AppTest.from_file(str(PAGE), default_timeout=30).run()
    assert not at.exception
    assert any(c.value.startswith("No scheduler is running (barometer schedule)") for c in at.caption)
    assert set(at.dataframe[0].value["next_run"]) <= {"–", "from files only"}  # and the column is not shown


def test_while_a_scheduler_holds_the_lease_each_scheduled_source_has_its_next_run(collected):
    from indicators.store.leadership import scheduler_lease

    lease = scheduler_lease(str(collected))
    assert lease.acquire()
    try:
        at = AppTest.from_file(str(PAGE), default_timeout=30).run()
    finally:
        lease.release()
    assert not at.exception
    assert any(c.value.startswith("The scheduler (barometer schedule on ") for c in at.caption)
    table = at.dataframe[0].value
    assert table.set_index("source").loc["nbrb", "next_run"].endswith(" UTC")


def test_every_hand_entered_source_is_listed_with_its_figures_and_latest_figure(seeded, collected):
    with Store.open(collected) as store:
        store.append([Observation("political_prisoners", "2025-11-30", "2025-11-30", "exact",
                                  "https://www.spring96.org/en/news/%D0%B1", "anna", value=1135)])
    at = AppTest.from_file(str(PAGE), default_timeout=30).run()
    assert not at.exception
    hand = at.dataframe[1].value.set_index("host")
    viasna = hand.loc["spring96.org"]
    assert (viasna["source"], viasna["latest"], viasna["latest_period"]) == (
        "Human Rights Centre Viasna", "Political prisoners: 1,135", "2025-11-30")
    assert viasna["link"] == "https://www.spring96.org/en/news/%D0%B1"  # linked as stored
    assert hand["figures"].sum() == 38 + 1  # the paper's figures and the one entered


def test_a_link_is_shown_decoded_and_kept_as_stored():
    from dashboard.views import linked

    styled = linked([{"source": "https://www.dw.com/ru/%D0%B1%D0%B5/a-1", "note": None}])
    assert styled.data["source"][0] == "https://www.dw.com/ru/%D0%B1%D0%B5/a-1"
    html = styled.to_html()
    assert "https://www.dw.com/ru/бе/a-1" in html and "None" not in html
    plain = [{"source": "https://spring96.org/en/news/1"}]
    assert isinstance(linked(plain), pd.DataFrame)  # nothing to decode: the table as it is, unstyled
    many = [{"source": "https://www.dw.com/ru/%D0%B1", "n": n} for n in range(200_000)]
    assert isinstance(linked(many), pd.DataFrame)  # past what pandas styles: as stored rather than not at all
