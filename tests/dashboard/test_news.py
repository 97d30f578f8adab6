"""What's new goes by when a figure was entered, apart from the period it covers; what the install shipped is one
line, never a list."""
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.news import news, summary
from indicators.model.observation import Observation

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
SRC = "https://spring96.org/en/news/1"


def entry(store, value, *, days_ago=0, by="anna", start="2021-01-31"):
    at = (datetime.now(timezone.utc) - timedelta(days=days_ago)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return store.append([Observation("political_prisoners", start, start, "exact", SRC, by, value=value)],
                        entered_at=at)[0]


def test_a_figure_entered_today_is_new_whatever_old_period_it_covers(seeded, catalogue):
    entry(seeded, 1100, start="2021-01-31")
    found = news(seeded, catalogue, date.today())
    assert [(r["name"], r["figure"], r["period"], r["entered_by"]) for r in found.rows] == [
        ("Political prisoners", "1,100", "2021-01-31", "anna")]
    assert found.last_by == "anna" and found.last_entered[:10] == date.today().isoformat()


def test_the_shipped_figures_are_counted_not_listed(seeded, catalogue):
    found = news(seeded, catalogue, date.today())
    assert found.rows == [] and found.last_entered is None
    assert found.shipped == 38  # the paper's figures, all that this fixture loads
    assert summary(found) == "Nothing has been entered since the install. Shipped with this version: 38 figures."


def test_an_entry_older_than_four_weeks_is_not_listed_but_stays_the_last_entry(seeded, catalogue):
    entry(seeded, 1000, days_ago=40, by="boris")
    found = news(seeded, catalogue, date.today())
    assert found.rows == []
    day = (date.today() - timedelta(days=40))
    assert summary(found).startswith(f"Last entry: {day.day} {day:%B} {day.year}, by boris.")


def test_only_the_latest_ten_are_listed_and_the_line_says_so(seeded, catalogue):
    for n in range(12):
        entry(seeded, 1000 + n, start=f"2021-{n + 1:02d}-01")
    found = news(seeded, catalogue, date.today())
    assert len(found.rows) == 10 and found.rows[0]["figure"] == "1,011" and found.more
    assert summary(found).endswith("The latest 10 are listed.")


@pytest.fixture
def app(seeded, monkeypatch):
    monkeypatch.setenv("BAROMETER_DB", seeded.path)
    monkeypatch.delenv("BAROMETER_READONLY", raising=False)
    return AppTest.from_file(APP, default_timeout=60)


def test_the_overview_lists_the_users_entry_and_the_shipped_load_as_one_line(app, seeded):
    entry(seeded, 1100)
    app.run()
    assert not app.exception
    assert "Entered in the last 4 weeks" in [s.value for s in app.subheader]
    assert any(c.value.startswith("Last entry: ") and c.value.endswith("Shipped with this version: 38 figures.")
               for c in app.caption)
    (table,) = [df.value for df in app.dataframe if "entered_by" in df.value]
    assert list(table["entered_by"]) == ["anna"] and list(table["figure"]) == ["1,100"]
    assert "[Every source's latest figure: Sources](sources?lang=en)" in [m.value for m in app.markdown]
