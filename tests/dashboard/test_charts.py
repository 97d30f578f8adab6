"""Chart specs, read from chart.to_dict(): each observation drawn as what it says."""
import pytest

from indicators.baseline import Estimate, Interval

from dashboard import charts
from indicators.verdict_chart import verdict_chart

RAW = [
    # id, start, end, qualifier, value, low, high, source
    (1, "2021-03-01", "2021-03-01", "exact", 10, None, None, "https://a.org/1"),
    (2, "2021-03-02", "2021-03-02", "range", None, 15, 20, "https://a.org/2"),
    (3, "2021-03-03", "2021-03-03", "at_least", 1140, None, None, "https://a.org/3"),
    (4, "2021-03-04", "2021-03-04", "at_most", 9, None, None, "https://a.org/4"),
    (5, "2021-04-01", "2021-04-30", "approx", 300, None, None, "https://a.org/5"),
    (6, "2021-03-01", "2021-03-01", "exact", 12, None, None, "https://b.org/other"),
]


def rows():
    return [dict(zip(("id", "period_start", "period_end", "qualifier", "value", "value_low", "value_high",
                      "source_url"), r)) for r in RAW]


def layers(chart):
    spec = chart.to_dict()
    return {l.get("description"): (l, spec["datasets"].get(l.get("data", {}).get("name"), [])) for l in spec["layer"]}


@pytest.fixture
def level(catalogue):
    ind = next(i for i in catalogue.indicators.values() if i.kind == "level" and i.unit == "count")
    return ind, catalogue.units[ind.unit]


@pytest.fixture
def drawn(level, catalogue):
    ind, unit = level
    baseline = Estimate(Interval(8, 12), "2020-03-01", "2020-03-31", "level", 1)
    events = [{"date_start": "2021-03-02", "date_end": "2021-03-02", "label": "Election", "source_url": "https://e.org"}]
    chart = charts.indicator_chart(ind, unit, observations=charts.observation_frame(rows(), ind, unit),
                                   baseline=baseline, window=catalogue.baseline_window, events=events)
    return layers(chart)


def test_exact_values_are_filled_points_one_per_source(drawn):
    layer, data = drawn["exact points"]
    assert layer["mark"]["type"] == "point" and layer["mark"]["filled"]
    assert sorted((d["mid"], d["value"], d["source"]) for d in data) == [
        ("2021-03-01", 10, "https://a.org/1"), ("2021-03-01", 12, "https://b.org/other")]
    assert "source" in [t["field"] for t in layer["encoding"]["tooltip"]]


def test_a_range_is_an_error_bar_from_low_to_high(drawn):
    layer, data = drawn["bands"]
    assert layer["mark"]["type"] == "rule"
    assert (layer["encoding"]["y"]["field"], layer["encoding"]["y2"]["field"]) == ("low", "high")
    assert [(d["low"], d["high"]) for d in data] == [(15, 20)]


def test_open_bounds_are_carets_pointing_the_open_way(drawn):
    layer, data = drawn["open markers"]
    assert sorted((d["value"], d["open"]) for d in data) == [(9, "down"), (1140, "up")]
    scale = layer["encoding"]["shape"]["scale"]
    assert dict(zip(scale["domain"], scale["range"])) == {"up": "triangle-up", "down": "triangle-down"}


def test_a_figure_covering_a_period_is_a_segment_across_it(drawn):
    layer, data = drawn["period segments"]
    assert layer["mark"]["type"] == "rule"
    assert (layer["encoding"]["x"]["field"], layer["encoding"]["x2"]["field"]) == ("start", "end")
    assert [(d["start"], d["end"]) for d in data] == [("2021-04-01", "2021-04-30")]
    band, band_data = drawn["period bands"]  # approx over a period: a shaded box at ± tolerance
    assert band["mark"]["type"] == "rect" and band_data[0]["low"] == pytest.approx(270)


def test_the_baseline_is_a_rule_with_its_band_and_window_shaded(drawn, catalogue):
    rule, rule_data = drawn["baseline rule"]
    assert rule["mark"]["type"] == "rule" and [d["y"] for d in rule_data] == [8, 12]
    assert drawn["baseline band"][1][0]["low"] == 8
    window, window_data = drawn["baseline window"]
    assert window["mark"]["type"] == "rect"
    assert (window_data[0]["start"], window_data[0]["end"]) == catalogue.baseline_window
    assert drawn["baseline label"][1][0]["label"] == "2020 baseline: 8–12"


def test_events_are_labelled_vertical_rules(drawn):
    rule, data = drawn["event rules"]
    assert rule["mark"]["type"] == "rule" and "y" not in rule["encoding"]
    assert data[0]["label"] == "Election"
    assert drawn["event labels"][0]["encoding"]["text"]["field"] == "label"


def test_a_flow_is_drawn_per_30_days_of_the_period_it_covers(catalogue):
    ind = catalogue.get("arbitrary_detentions")
    frame = charts.observation_frame([{**rows()[2], "period_start": "2020-05-06", "period_end": "2020-07-20"}],
                                     ind, catalogue.units[ind.unit])
    assert frame.loc[0, "value"] == pytest.approx(1140 * 30 / 76)
    assert frame.loc[0, "segment"] and frame.loc[0, "open"] == "up" and frame.loc[0, "figure"] == "≥ 1,140"


def test_an_aggregated_series_is_a_line_with_a_band_and_open_carets(level, catalogue):
    ind, unit = level
    series = [{"bucket": "2021-03-01", "last_end": "2021-03-07", "value": 10, "low": 9, "high": 11,
               "open_low": False, "open_high": False, "observations": 7, "days": 7},
              {"bucket": "2021-03-08", "last_end": "2021-03-14", "value": 20, "low": 20, "high": None,
               "open_low": False, "open_high": True, "observations": 7, "days": 7}]
    drawn = layers(charts.indicator_chart(ind, unit, aggregate=charts.aggregate_frame(series), grain="week",
                                          window=catalogue.baseline_window, domain=("2021-01-01", "2021-12-31")))
    assert drawn["aggregated series"][0]["mark"]["type"] == "line"
    assert [d["bucket"] for d in drawn["aggregated band"][1]] == ["2021-03-01"]
    assert [d["open"] for d in drawn["open markers"][1]] == ["up"]
    assert "baseline window" not in drawn  # 2020 lies outside the dates shown


def test_the_overview_chart_colours_verdicts_with_the_okabe_ito_palette(overview):
    spec = verdict_chart(overview.rows).to_dict()
    scale = spec["encoding"]["color"]["scale"]
    assert dict(zip(scale["domain"], scale["range"]))["▼ weaker"] == "#D55E00"


def test_the_y_axis_leaves_headroom_above_the_highest_mark_and_the_dates_reach_the_ends(level, catalogue):
    ind, unit = level
    baseline = Estimate(Interval(450, float("inf")), "2020-05-06", "2020-07-20", "level", 1)
    drawn = layers(charts.indicator_chart(ind, unit, observations=charts.observation_frame(rows(), ind, unit),
                                          baseline=baseline, window=catalogue.baseline_window,
                                          domain=("2020-01-01", "2021-12-31")))
    extent, data = drawn["extent"]
    assert extent["mark"]["opacity"] == 0
    assert [d["y"] for d in data] == [0, pytest.approx(1140 * (1 + charts.HEADROOM))]
    first, last = sorted(d["x"] for d in data)
    assert first < "2020-01-01" and last > "2021-12-31"


def test_a_baseline_that_is_the_only_figure_keeps_its_label_above_the_mark(catalogue):
    """The rule is drawn under the marks, its label lifted clear of them, and the y axis reaches above both."""
    ind = catalogue.get("arbitrary_detentions")
    unit = catalogue.units[ind.unit]
    only = [{**rows()[2], "period_start": "2020-05-06", "period_end": "2020-07-20"}]
    frame = charts.observation_frame(only, ind, unit)
    baseline = Estimate(Interval(frame.loc[0, "value"], float("inf")), "2020-05-06", "2020-07-20", "per_30_days", 1)
    chart = charts.indicator_chart(ind, unit, observations=frame, baseline=baseline, window=catalogue.baseline_window)
    order = [l.get("description") for l in chart.to_dict()["layer"]]
    assert order.index("baseline rule") < order.index("period segments") < order.index("open markers")
    drawn = layers(chart)
    assert drawn["baseline label"][0]["mark"]["dy"] < -4
    assert max(d["y"] for d in drawn["extent"][1]) > frame.loc[0, "value"] * 1.1


def test_date_labels_always_name_the_year_and_the_day_over_a_few_months():
    assert charts.date_format(("2020-01-01", "2026-11-25")) == "%b %Y"
    assert charts.date_format(("2021-03-01", "2021-04-30")) == "%-d %b %Y"
