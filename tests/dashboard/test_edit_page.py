from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import auth
from indicators.input import entry
from indicators.store import Store
from tests.backends import table_digest

PAGE = str(Path(__file__).parents[2] / "dashboard" / "pages" / "edit.py")
SRC = "https://spring96.org/en/news/101"
SECRET_SRC = "https://t.me/private_chat/42"
RECORD = {"indicator_id": "arbitrary_detentions", "value": "1500", "qualifier": "at_least",
          "period_start": "2021-03-01", "period_end": "2021-03-31", "source_url": SRC, "entered_by": "analyst",
          "note": "<script>alert(1)</script> **Свидетель**"}


@pytest.fixture
def obs_id(seeded, catalogue):
    return entry.add(seeded, catalogue, RECORD)


@pytest.fixture
def open_page(db_path, monkeypatch):
    monkeypatch.setenv("BAROMETER_DB", str(db_path))
    monkeypatch.delenv("BAROMETER_READONLY", raising=False)
    monkeypatch.delenv("BAROMETER_EDITOR_PASSWORD", raising=False)

    def open_page(observation) -> AppTest:
        at = AppTest.from_file(PAGE, default_timeout=30)
        at.query_params["observation"] = str(observation)
        return at.run()

    return open_page


def history(at) -> list[dict]:
    return at.dataframe[0].value.to_dict("records")


def test_the_correction_form_is_prefilled_from_the_row(open_page, obs_id):
    at = open_page(obs_id)
    assert not at.exception
    assert at.selectbox(key="fix_indicator_id").value == "arbitrary_detentions"
    assert at.selectbox(key="fix_indicator_id").disabled
    assert at.selectbox(key="fix_qualifier").value == "at_least"
    assert at.text_input(key="fix_value").value == "1500"
    assert at.text_input(key="fix_source_url").value == SRC
    assert at.text_area(key="fix_note").value == RECORD["note"]
    assert str(at.date_input(key="fix_period_end").value) == "2021-03-31"


def test_a_correction_is_saved_as_a_new_row_and_both_show_in_the_history(open_page, obs_id, db_path):
    at = open_page(obs_id)
    at.text_input(key="fix_value").set_value("1600")
    at.text_input(key="fix_entered_by").set_value("editor")
    at.text_input(key="fix_reason").set_value("misread the table")
    at.button(key="fix_save").click().run()
    new_id = obs_id + 1
    assert at.query_params["observation"] == str(new_id)
    assert at.title[0].value == f"Observation {new_id}"
    assert at.success[0].value == f"Saved observation {new_id}, which supersedes {obs_id}."
    rows = history(at)
    assert [(r["id"], r["value"]) for r in rows] == [(obs_id, "≥ 1,500"), (new_id, "≥ 1,600")]
    assert rows[0]["status"] == "superseded: misread the table" and rows[1]["corrects"] == obs_id
    with Store.open(db_path) as s:
        assert s.get(obs_id)["value"] == 1500.0


def test_a_bad_correction_shows_the_error_and_saves_nothing(open_page, obs_id, db_path):
    at = open_page(obs_id)
    at.text_input(key="fix_value").set_value("lots")
    at.text_input(key="fix_entered_by").set_value("editor")
    before = table_digest(db_path)
    at.button(key="fix_save").click().run()
    assert any(e.value.replace("\\", "").startswith("Value 'lots' is not a number") for e in at.error)
    assert table_digest(db_path) == before


def test_a_retraction_asks_for_a_reason_and_appears_in_the_history(open_page, obs_id, db_path):
    at = open_page(obs_id)
    before = table_digest(db_path)
    at.button(key="retract_go").click().run()
    assert "reason: is required" in at.error[0].value.replace("\\", "") and table_digest(db_path) == before
    at.text_input(key="retract_reason").set_value("the source withdrew it")
    at.button(key="retract_go").click().run()
    assert at.success[0].value == f"Observation {obs_id} is retracted."
    assert history(at)[0]["status"] == "retracted: the source withdrew it"
    assert not at.button and "only an active one" in at.info[0].value


def test_a_superseded_row_points_to_the_active_one(open_page, obs_id, seeded, catalogue):
    new_id = entry.correct(seeded, catalogue, obs_id, {**RECORD, "value": "1600"})
    at = open_page(obs_id)
    assert f"(edit?observation={new_id}&lang=en)" in at.info[0].value
    assert not at.button


def test_an_unknown_observation_says_so_and_offers_the_chooser(open_page, obs_id):
    for bad in ("99999", "abc"):
        at = open_page(bad)
        assert not at.exception and "No such observation" in at.error[0].value
        assert at.number_input(key="observation_number") and obs_id in set(at.dataframe[0].value["id"])


def test_without_an_observation_the_page_offers_the_latest_and_a_number_to_open(open_page, obs_id):
    at = open_page("")
    assert not at.exception and not at.error and at.title[0].value == "Observation"
    latest = at.dataframe[0]
    assert latest.value["id"].iloc[0] == obs_id and latest.value["open"].iloc[0] == f"/edit?observation={obs_id}&lang=en"
    assert latest.value["indicator"].iloc[0] == "Arbitrary detentions"  # the name, not the id
    at.number_input(key="observation_number").set_value(obs_id).run()
    assert not at.exception and at.title[0].value == f"Observation {obs_id}"
    assert at.query_params["observation"] == str(obs_id)


def test_the_history_reads_with_headers_and_the_indicators_name(open_page, obs_id):
    at = open_page(obs_id)
    table = at.dataframe[0]
    assert history(at)[0]["indicator"] == "Arbitrary detentions"
    config = str(table.proto)
    assert "Entered at (UTC)" in config and "Corrects #" in config


def test_notes_are_shown_as_text_never_as_markup(open_page, obs_id):
    at = open_page(obs_id)
    assert [t.value for t in at.text] == [RECORD["note"]]
    assert all("<script>" not in m.value and "Свидетель" not in m.value for m in at.markdown)


@pytest.fixture
def confidential_id(seeded, catalogue):
    return entry.add(seeded, catalogue, {**RECORD, "source_url": SECRET_SRC, "note": "witness W., by phone",
                                         "note_confidential": True, "source_confidential": True})


def test_editors_see_confidential_notes_and_sources(open_page, confidential_id):
    at = open_page(confidential_id)
    (row,) = history(at)
    assert (row["note"], row["source"], row["confidential"]) == ("witness W., by phone", SECRET_SRC,
                                                                 "note, source")


def test_read_only_hides_confidential_details_and_every_editing_control(open_page, confidential_id, monkeypatch):
    monkeypatch.setenv("BAROMETER_READONLY", "1")
    at = open_page(confidential_id)
    (row,) = history(at)
    assert (row["note"], row["source"]) == ("", "[confidential]")
    everything = str(at.main)
    assert "witness" not in everything and "private_chat" not in everything
    assert not at.button and not at.text_input and not at.text_area and "read-only" in at.info[0].value


def test_behind_a_password_the_history_is_public_until_unlocked(open_page, confidential_id, monkeypatch):
    monkeypatch.setenv("BAROMETER_EDITOR_PASSWORD", "pw")
    at = open_page(confidential_id)
    assert history(at)[0]["source"] == "[confidential]" and "witness" not in str(at.main)
    assert [w.key for w in at.text_input] == ["editor_password"]
    at.text_input(key="editor_password").set_value("pw")
    at.button[0].click().run()
    assert history(at)[0]["source"] == SECRET_SRC
    assert at.button(key="fix_save") and at.button(key="retract_go")
