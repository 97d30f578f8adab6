"""Every page runs under Streamlit's AppTest on the database `barometer init` creates."""
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from indicators.model.observation import Observation
from tests.dashboard.conftest import AFTER

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


@pytest.fixture
def app(seeded, monkeypatch):
    monkeypatch.setenv("BAROMETER_DB", seeded.path)
    monkeypatch.delenv("BAROMETER_READONLY", raising=False)
    return AppTest.from_file(APP, default_timeout=60)


def frames(at):
    return [df.value for df in at.dataframe]


def observations_table(at):
    """The indicator page's observations (after the chart's events and data tables)."""
    return next(df for df in frames(at) if "qualifier" in df)


def family_table(at, name):
    """The overview's family table that lists `name` (the first screen's tables come before them)."""
    return next(df for df in frames(at) if "freshness_label" in df and name in set(df["name"]))


def test_the_overview_shows_the_headline_and_every_indicator_with_a_fresh_rerun(app, seeded, catalogue):
    app.run()
    assert not app.exception
    assert [m.label for m in app.metric] == ["▼ weaker", "▲ stronger", "● unclear", "○ nothing newer",
                                             "◌ no comparison", "– no data"]
    assert sum(int(m.value) for m in app.metric) == len(catalogue.indicators)
    assert "baseline" in app.caption[0].value
    shown = {name for df in frames(app) if "name" in df for name in df["name"]}
    assert shown == {i.name for i in catalogue.indicators.values()}
    detentions = family_table(app, "Arbitrary detentions")
    assert detentions.set_index("name").loc["Arbitrary detentions", "latest"] == "≥ 450 per 30 days (≥ 1,140 in 76 days)"

    # A new observation entered elsewhere (the CLI) shows on the next rerun, without a restart.
    seeded.append([Observation("arbitrary_detentions", "2025-12-01", "2025-12-31", "exact",
                               "https://spring96.org/en/news/2", "analyst", value=321.0)])
    app.run()
    detentions = family_table(app, "Arbitrary detentions")
    assert detentions.set_index("name").loc["Arbitrary detentions", "latest"] == "311 per 30 days (321 in 31 days)"


def test_the_overview_filters_by_search(app):
    app.run()
    app.text_input[0].input("trust in the president").run()
    assert not app.exception
    names = {name for df in frames(app) if "freshness_label" in df for name in df["name"]}
    assert names and all("trust" in n.lower() for n in names)


def test_an_indicator_page_opens_from_its_query_parameter(app):
    app.switch_page("pages/indicator.py")
    app.query_params["indicator"] = "trust_president_minsk"
    app.run()
    assert not app.exception
    assert app.title[0].value == "Trust in the president among Minsk residents"
    assert app.selectbox[0].value == "trust_president_minsk"
    assert len(app.get("vega_lite_chart")) == 1
    table = observations_table(app)
    assert "15–20 %" in set(table["value"]) and "edit" in table.columns


def test_the_indicator_page_heads_with_short_figures_and_their_basis_beneath(app):
    app.switch_page("pages/indicator.py")
    app.query_params["indicator"] = "arbitrary_detentions"
    app.run()
    assert [(m.label, m.value) for m in app.metric] == [
        ("Latest", "≥ 450"), ("Baseline 2020", "≥ 450"), ("Change vs baseline", "nothing newer"),
        ("Verdict", "○ nothing newer"), ("Freshness", "✗ stale"), ("Sources", "1")]
    assert [c.value for c in app.caption][1:3] == ["per 30 days · ≥ 1,140 in 76 days · 2020-05-06 – 2020-07-20",
                                                   "per 30 days · ≥ 1,140 in 76 days · covers 34 % of the window"]


def test_the_overview_puts_the_name_as_a_link_and_what_moved_first(app):
    app.run()
    table = next(df for df in app.dataframe if "name" in df.value and "Arbitrary detentions" in set(df.value["name"]))
    assert table.proto.column_order[:8] == ["name", "latest", "baseline", "change", "verdict_label", "link", "trend",
                                            "freshness_label"]
    assert {"period", "note", "sources"} <= set(table.proto.column_order)


def test_the_events_page_lists_events_with_sources(app, seeded):
    app.switch_page("pages/events.py")
    app.run()
    assert not app.exception
    table = frames(app)[0]
    assert len(table) == len(seeded.events()) and table["source"].str.startswith("http").all()


def _witness(seeded):
    (obs_id,) = seeded.append([Observation(
        "arbitrary_detentions", "2020-07-14", "2020-07-14", "exact", "https://secret-witness.example/X", "anna",
        value=77.0, note="witness Ivan", note_confidential=True, source_confidential=True,
        citation="as Ivan told us")])
    return obs_id


def _page_text(at) -> str:
    """Everything the page sends to the browser: tables, chart specs and data, text elements."""
    parts = [df.value.to_csv() for df in at.dataframe]
    parts += [repr(chart.proto) for chart in at.get("vega_lite_chart")]
    parts += [repr(e.proto) for e in at.markdown] + [repr(e.proto) for e in at.caption]
    return "\n".join(parts)


@pytest.mark.parametrize("history", [False, True])
def test_behind_a_password_a_visitor_who_has_not_unlocked_sees_nothing_confidential(app, seeded, monkeypatch, history):
    obs_id = _witness(seeded)
    monkeypatch.setenv("BAROMETER_EDITOR_PASSWORD", "secret")
    app.switch_page("pages/indicator.py")
    app.query_params["indicator"] = "arbitrary_detentions"
    app.session_state["history"] = history
    app.run()
    assert not app.exception
    table = observations_table(app)
    assert obs_id in set(table["id"]) and "edit" not in table.columns
    shown = _page_text(app)
    for secret in ("secret-witness", "witness Ivan", "as Ivan told us"):
        assert secret not in shown


def test_an_unlocked_editor_sees_the_confidential_note_and_source(app, seeded, monkeypatch):
    _witness(seeded)
    monkeypatch.setenv("BAROMETER_EDITOR_PASSWORD", "secret")
    app.switch_page("pages/indicator.py")
    app.query_params["indicator"] = "arbitrary_detentions"
    app.session_state["editor_unlocked"] = True
    app.run()
    assert not app.exception
    shown = _page_text(app)
    assert "secret-witness.example/X" in shown and "witness Ivan" in shown


def test_an_unknown_indicator_is_named_as_unknown_and_the_chooser_offered(app):
    app.switch_page("pages/indicator.py")
    app.query_params["indicator"] = "nope_**x**"
    app.run()
    assert not app.exception
    assert "There is no indicator “nope\\_\\*\\*x\\*\\*”" in app.warning[0].value  # escaped, never markup
    assert app.selectbox[0].value is None and not app.title and not app.get("vega_lite_chart")
    app.selectbox[0].select("trust_president_minsk").run()
    assert app.title[0].value == "Trust in the president among Minsk residents"
    assert app.query_params["indicator"] == "trust_president_minsk"


def test_the_chart_comes_with_its_sentence_its_events_and_its_data_as_a_table(app, seeded):
    seeded.append([AFTER])  # a poll after the window: a comparison to draw and say
    app.switch_page("pages/indicator.py")
    app.query_params["indicator"] = "trust_president_minsk"
    app.run()
    sentence = next(c.value for c in app.caption if c.value.startswith("Trust in the president among Minsk"))
    assert "against the 2020 baseline of 24 % \\[pinned\\]" in sentence and sentence.endswith(".")
    (chart,) = app.get("vega_lite_chart")
    assert "toward weaker legitimacy" in chart.proto.spec
    next(t for t in app.toggle if t.label == "Events of every family").set_value(True).run()
    events = next(df for df in frames(app) if "event" in df)
    assert list(events["number"]) == list(range(1, len(events) + 1))
    assert [e.label for e in app.expander] == ["The chart's data as a table"]
    data = next(df for df in frames(app) if "on the chart" in df)
    assert set(data["figure"]) == {"24 %", "15–20 %"} and len(data) == 3


def test_2020_to_now_widens_the_dates_and_other_dates_can_be_chosen(app):
    from datetime import date
    app.switch_page("pages/indicator.py")
    app.query_params["indicator"] = "trust_president_minsk"
    app.run()
    app.segmented_control(key="range-trust_president_minsk").set_value("since_2020").run()
    assert not app.exception and not app.info
    app.segmented_control(key="range-trust_president_minsk").set_value("chosen").run()
    app.date_input(key="dates-trust_president_minsk").set_value((date(2023, 1, 1), date(2023, 12, 31))).run()
    assert not app.exception and app.info[0].value.startswith("No data in these dates")


def test_a_percent_encoded_source_is_shown_decoded_and_linked_as_stored(seeded, monkeypatch):
    """The paper's Deutsche Welle source: Cyrillic in its address reads as Cyrillic, as in a browser's address bar;
    the link, and what is stored, keep it as given."""
    from streamlit import dataframe_util

    monkeypatch.setenv("BAROMETER_DB", seeded.path)
    at = AppTest.from_file(str(Path(APP).parent / "pages" / "indicator.py"), default_timeout=60)
    at.query_params["indicator"] = "covid_information_demand"
    at.run()
    assert not at.exception
    table = next(df for df in at.dataframe if "qualifier" in df.value)
    stored = table.value["source"][0]
    assert stored.startswith("https://www.dw.com/ru/%D0%B1%D0%B5%D0%BB")
    shown = dataframe_util.convert_arrow_bytes_to_pandas_df(table.proto.arrow_data.styler.display_values)
    assert shown["source"][0].startswith("https://www.dw.com/ru/белорусы-за-мягкий-карантин")
