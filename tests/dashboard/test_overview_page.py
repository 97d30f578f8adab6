"""The overview's first screen under Streamlit's AppTest, on the data `barometer init` ships: the sentence, one
card per family, the timeline and its events, and every indicator as a phone's card beside its table."""
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from collectors.history import initialize_all
from dashboard import queries
from indicators.readings import story
from indicators.store import Store

from .conftest import TODAY

APP = str(Path(__file__).resolve().parent / "served_app.py")


@pytest.fixture(scope="module")
def shipped(tmp_path_factory, catalogue):
    path = tmp_path_factory.mktemp("shipped") / "data.db"
    with Store.open(path) as store:
        initialize_all(store, catalogue)
    return path


@pytest.fixture
def app(shipped, monkeypatch):
    monkeypatch.setenv("BAROMETER_DB", str(shipped))
    monkeypatch.delenv("BAROMETER_READONLY", raising=False)
    return AppTest.from_file(APP, default_timeout=90)


def markdown(at) -> list[str]:
    return [m.value for m in at.markdown]


def test_the_first_screen_opens_with_the_sentence_then_a_card_per_family(app, shipped, catalogue):
    app.run()
    assert not app.exception
    with Store.open(shipped) as store:
        readings = queries.overview(store, catalogue, TODAY).readings
    first = markdown(app)[0]
    assert first.startswith("**Since 2021") and first.endswith("**")
    assert app.subheader[0].value == "Since 2020, family by family"
    assert [r.family for r in readings] == [f for f in catalogue.families
                                            if any(i.family == f for i in catalogue.indicators.values())]
    cards = [m for m in markdown(app) if m.startswith("**") and "weaker ·" in m]
    assert [c.split("**")[1] for c in cards] == [r.name for r in readings]
    captions = [c.value for c in app.caption]
    for r in readings:
        assert any(story.coverage_words(r) in c and story.counts_words(r) in c for c in captions), r.name


def test_the_leading_figures_link_to_their_indicator_pages(app):
    app.run()
    links = [m for m in markdown(app) if m.startswith("[") and "](/indicator?indicator=" in m]
    assert links and all("→" in m for m in links)


def test_the_timeline_draws_the_events_since_2019_and_lists_them_with_the_series_they_are_read_with(app):
    app.run()
    assert "Timeline, 2019 to today" in [s.value for s in app.subheader]
    charts = [json.loads(c.proto.spec) for c in app.get("vega_lite_chart") if '"href"' in c.proto.spec]
    assert len(charts) == 1
    assert charts[0]["encoding"]["x"]["scale"]["domain"][0] == "2019-01-01"
    events = next(df.value for df in app.dataframe if "label" in df.value and "family" in df.value)
    assert len(events) and set(events.columns) >= {"date", "label", "family", "link", "indicator"}
    assert all(link.startswith("/indicator?indicator=") for link in events["link"])


def test_every_indicator_is_a_phone_card_as_well_as_a_table_row(app, catalogue):
    app.run()
    cards = "\n".join(m for m in markdown(app) if m.startswith("- **["))
    for ind in catalogue.indicators.values():
        assert f"(/indicator?indicator={ind.id}&lang=en)**" in cards, ind.id
    assert cards.count("Latest: ") == cards.count("Baseline 2020: ") == cards.count("Change: ")


@pytest.mark.parametrize("lang, title", [("be", "З 2020 года, група за групай"), ("ru", "С 2020 года, группа за группой")])
def test_the_first_screen_reads_in_belarusian_and_russian(app, lang, title):
    app.query_params["lang"] = lang
    app.run()
    assert not app.exception
    assert app.subheader[0].value == title
    assert not markdown(app)[0].startswith("**Since")
