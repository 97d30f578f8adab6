"""The Alerts page lists alerts with their explanations, and lets editors acknowledge one, with who and when."""
from datetime import datetime, timezone
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import alerts, auth
from indicators.reports import alerts as al
from indicators.model.observation import Observation

PAGE = str(Path(__file__).parents[2] / "dashboard" / "pages" / "alerts.py")
LEVEL = "exchange_rate_byn_usd"
SRC = "https://www.nbrb.by/"


@pytest.fixture
def alerted(seeded, catalogue):
    seeded.append([Observation(LEVEL, d, d, "exact", SRC, "a", value=v)
                   for d, v in (("2020-07-01", 2.4), ("2020-08-20", 3.0))])
    result = al.evaluate(seeded, catalogue, now=datetime(2020, 8, 21, tzinfo=timezone.utc), webhook_url="")
    return next(i for i in result.opened if seeded.alert(i)["key"] == f"change:{LEVEL}:up")


@pytest.fixture
def page(db_path, monkeypatch):
    monkeypatch.setenv("BAROMETER_DB", str(db_path))
    monkeypatch.delenv("BAROMETER_READONLY", raising=False)
    monkeypatch.delenv("BAROMETER_EDITOR_PASSWORD", raising=False)
    return lambda: AppTest.from_file(PAGE, default_timeout=30).run()


def test_the_rows_and_details_say_what_opened_and_why(seeded, alerted):
    rows = alerts.alert_rows(seeded)
    mine = next(r for r in rows if r["id"] == alerted)
    assert (mine["status"], mine["rule"], mine["acknowledged"], mine["resolved"]) == \
        ("open", "change against the baseline", "", "")
    assert mine["title"] == "Exchange rate, BYN per USD: +25 % against the 2020 baseline"
    (line,) = alerts.details(seeded, alerted)
    assert "2020 baseline 2.4000 BYN/USD" in line and line.endswith(f"Sources: {SRC}.")
    assert alerted in alerts.to_acknowledge(seeded)


def test_the_page_lists_alerts_and_an_editor_acknowledges_one_with_who_and_when(page, seeded, alerted):
    at = page()
    assert not at.exception
    table = at.dataframe[0].value
    assert alerted in set(table["id"])
    at.selectbox(key="alerts_shown").set_value(alerted).run()
    assert any("2020 baseline 2.4000 BYN/USD" in t.value for t in at.text)
    at.selectbox(key="ack_alert").set_value(alerted)
    at.text_input(key="ack_by").set_value("anna")
    at.button(key="ack_go").click().run()
    assert not at.exception
    assert any(f"Alert {alerted} acknowledged by anna" in s.value for s in at.success)
    row = seeded.alert(alerted)
    assert row["acknowledged_by"] == "anna" and row["acknowledged_at"]
    assert alerted not in alerts.to_acknowledge(seeded)


def test_acknowledging_without_a_name_changes_nothing(page, seeded, alerted):
    at = page()
    at.selectbox(key="ack_alert").set_value(alerted)
    at.button(key="ack_go").click().run()
    assert any("Nothing was changed" in e.value for e in at.error)
    assert seeded.alert(alerted)["acknowledged_at"] is None


def test_a_read_only_deployment_shows_alerts_without_any_control(page, seeded, alerted, monkeypatch):
    monkeypatch.setenv("BAROMETER_READONLY", "1")
    at = page()
    assert not at.exception and alerted in set(at.dataframe[0].value["id"])
    assert not at.button and not at.text_input


def test_editing_asks_for_the_password_when_one_is_set(page, seeded, alerted, monkeypatch):
    monkeypatch.setenv("BAROMETER_EDITOR_PASSWORD", "pw")
    at = page()
    assert not at.exception and [t.label for t in at.text_input] == ["Editor password"]


def test_the_app_offers_the_alerts_page(seeded, db_path, monkeypatch):
    monkeypatch.setenv("BAROMETER_DB", str(db_path))
    monkeypatch.delenv("BAROMETER_READONLY", raising=False)
    app = AppTest.from_file(str(Path(PAGE).parents[1] / "app.py"), default_timeout=60)
    app.switch_page("pages/alerts.py")
    app.run()
    assert not app.exception and app.title[0].value == "Alerts"
