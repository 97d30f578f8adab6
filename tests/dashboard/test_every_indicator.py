"""Every page, and every catalogue indicator in every view, runs without an error on the fully loaded database
(what `barometer init` loads: the paper, the cited figures and the recorded history), and on figures at the
edges: one figure, open bounds only, ranges only, the first and last days a figure may have."""
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from collectors.history import initialize_all
from dashboard import queries
from indicators.model.catalogue import load_catalogue
from indicators.model.observation import Observation
from indicators.store import Store

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
SRC = "https://example.org/figures"


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    path = tmp_path_factory.mktemp("loaded") / "data.db"
    with Store.open(path) as store:
        initialize_all(store, load_catalogue())
    return path


def visit(db, monkeypatch, page: str, **params) -> AppTest:
    monkeypatch.setenv("BAROMETER_DB", str(db))
    monkeypatch.delenv("BAROMETER_READONLY", raising=False)
    monkeypatch.delenv("BAROMETER_EDITOR_PASSWORD", raising=False)
    at = AppTest.from_file(APP, default_timeout=60)
    if page:
        at.switch_page(page)
    for name, value in params.items():
        if name == "grain":
            at.session_state[f"grain-{params['indicator']}"] = value
        else:
            at.query_params[name] = value
    return at.run()


def problems(at) -> list[str]:
    """What went wrong on a page: an exception, or the error box app.py shows in its place."""
    return [str(e.value) for e in at.exception] + [e.value for e in at.error]


def no_data_shown(at) -> bool:
    return any(i.value.startswith("No data") for i in at.info)


@pytest.mark.parametrize("grain", list(queries.GRAINS))
def test_every_indicator_renders_in_every_view_and_says_when_it_has_no_data(loaded, monkeypatch, grain):
    catalogue = load_catalogue()
    with Store.open(loaded) as store:
        counts = {i: store.span(i)[0] for i in catalogue.indicators}
    assert sum(n == 0 for n in counts.values()) >= 10  # the sources that have not been collected yet
    failed, silent = {}, []
    for indicator_id in catalogue.indicators:
        at = visit(loaded, monkeypatch, "pages/indicator.py", indicator=indicator_id, grain=grain)
        if problems(at):
            failed[indicator_id] = problems(at)[0][:200]
            continue
        assert at.title[0].value == catalogue.get(indicator_id).name
        if counts[indicator_id] == 0:
            if not no_data_shown(at) or at.get("vega_lite_chart"):
                silent.append(indicator_id)
        else:
            assert len(at.get("vega_lite_chart")) == 1, indicator_id
            assert not no_data_shown(at), indicator_id  # the default dates are the data's own span
    assert not failed, failed
    assert not silent, f"no 'no data' message, or a chart drawn without data: {silent}"


@pytest.mark.parametrize("page, params", [
    ("", {}), ("pages/events.py", {}), ("pages/sources.py", {}), ("pages/export.py", {}), ("pages/add.py", {}),
    ("pages/edit.py", {}),
    ("pages/edit.py", {"observation": "1"}), ("pages/indicator.py", {}),
    ("pages/indicator.py", {"indicator": "nope"}),
])
def test_every_page_renders_on_the_loaded_database(loaded, monkeypatch, page, params):
    at = visit(loaded, monkeypatch, page, **params)
    assert not problems(at), problems(at)


EDGES = {
    # indicator: figures as (qualifier, value or (low, high), start, end)
    "political_prisoners": [("exact", 1135, "2025-12-23", "2025-12-23")],  # one figure
    "arbitrary_detentions": [("at_least", 1140, "2020-05-06", "2020-07-20"), ("at_most", 20, "2021-01-01",
                                                                              "2021-01-31")],  # open bounds only
    "trust_president_minsk": [("range", (15, 20), "2020-07-01", "2020-07-31"),
                              ("range", (20, 30), "2021-01-01", "2021-01-01")],  # ranges only
    "gdp_growth": [("exact", 1.5, "1900-01-01", "1900-01-01"), ("exact", -2, "2100-12-31", "2100-12-31")],
    "inflation_cpi": [("approx", 5, "1900-01-01", "2100-12-31")],  # one figure covering every day there is
}


@pytest.fixture(scope="module")
def edges(tmp_path_factory):
    path = tmp_path_factory.mktemp("edges") / "data.db"
    catalogue = load_catalogue()
    observations = []
    for indicator_id, figures in EDGES.items():
        for qualifier, value, start, end in figures:
            low, high = value if qualifier == "range" else (None, None)
            observations.append(Observation(indicator_id, start, end, qualifier, SRC, "test",
                                            value=None if qualifier == "range" else value,
                                            value_low=low, value_high=high))
    with Store.open(path) as store:
        store.sync_catalogue(catalogue)
        store.append(observations)
    return path


@pytest.mark.parametrize("grain", list(queries.GRAINS))
@pytest.mark.parametrize("indicator_id", list(EDGES))
def test_figures_at_the_edges_render_in_every_view(edges, monkeypatch, indicator_id, grain):
    at = visit(edges, monkeypatch, "pages/indicator.py", indicator=indicator_id, grain=grain)
    assert not problems(at), problems(at)
    assert len(at.get("vega_lite_chart")) == 1 and not no_data_shown(at)
    at.segmented_control(key=f"range-{indicator_id}").set_value("since_2020").run()
    assert not problems(at), problems(at)


def test_the_pages_render_on_a_database_with_no_figures_at_all(tmp_path, monkeypatch):
    path = tmp_path / "data.db"
    with Store.open(path) as store:
        store.sync_catalogue(load_catalogue())
    for page in ("", "pages/events.py", "pages/sources.py", "pages/export.py", "pages/edit.py", "pages/add.py"):
        assert not problems(visit(path, monkeypatch, page)), page
    at = visit(path, monkeypatch, "pages/indicator.py", indicator="gdp_growth", grain="week")
    assert not problems(at) and no_data_shown(at)



def test_the_sources_page_shows_dashes_and_readable_times_never_none(loaded, monkeypatch):
    at = visit(loaded, monkeypatch, "pages/sources.py")
    assert not problems(at)
    table = at.dataframe[0].value
    assert not table.isna().any().any() and "None" not in table.to_csv()
    never = table[table["status"] == "never run"].iloc[0]
    assert (never["last_run"], never["rows_added"], never["latest_period"]) == ("–", "–", "–")
    ran = table[table["status"] == "ok, from a file"].iloc[0]
    assert ran["last_run"].endswith(" UTC") and ":" in ran["last_run"] and "-" not in ran["last_run"]
