"""Chart specs, read from chart.to_dict(): each observation drawn as what it says."""
from datetime import date

import pandas as pd
import pytest

from indicators.readings.baseline import Estimate, Interval

from dashboard import chart_frames, charts
from indicators.readings.verdict_chart import verdict_chart

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
    chart = charts.indicator_chart(ind, unit, observations=chart_frames.observation_frame(rows(), ind, unit),
                                   baseline=baseline, window=catalogue.baseline_window, events=events,
                                   domain=("2020-01-01", "2021-12-31"))
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


def test_a_flow_is_drawn_per_30_days_of_the_period_it_covers(catalogue):
    ind = catalogue.get("arbitrary_detentions")
    frame = chart_frames.observation_frame([{**rows()[2], "period_start": "2020-05-06", "period_end": "2020-07-20"}],
                                     ind, catalogue.units[ind.unit])
    assert frame.loc[0, "value"] == pytest.approx(1140 * 30 / 76)
    assert frame.loc[0, "segment"] and frame.loc[0, "open"] == "up" and frame.loc[0, "figure"] == "≥ 1,140"


def test_an_aggregated_series_is_a_line_with_a_band_and_open_carets(level, catalogue):
    ind, unit = level
    series = [{"bucket": "2021-03-01", "last_end": "2021-03-07", "value": 10, "low": 9, "high": 11,
               "open_low": False, "open_high": False, "observations": 7, "days": 7},
              {"bucket": "2021-03-08", "last_end": "2021-03-14", "value": 20, "low": 20, "high": None,
               "open_low": False, "open_high": True, "observations": 7, "days": 7}]
    drawn = layers(charts.indicator_chart(ind, unit, aggregate=chart_frames.aggregate_frame(series, "week"), grain="week",
                                          window=catalogue.baseline_window, domain=("2021-01-01", "2021-12-31")))
    assert drawn["aggregated series"][0]["mark"]["type"] == "line"
    assert [d["bucket"] for d in drawn["aggregated band"][1]] == ["2021-03-01"]
    assert [d["open"] for d in drawn["open markers"][1]] == ["up"]
    assert "baseline window" not in drawn  # 2020 lies outside the dates shown


def test_the_overview_chart_colours_verdicts_with_the_okabe_ito_palette(overview):
    spec = verdict_chart(overview.rows).to_dict()
    scale = spec["encoding"]["color"]["scale"]
    assert dict(zip(scale["domain"], scale["range"]))["▼ weaker"] == "#D55E00"


def test_the_baseline_is_a_rule_with_its_band_and_window_shaded(drawn, catalogue):
    rule, rule_data = drawn["baseline rule"]
    assert rule["mark"]["type"] == "rule" and [d["y"] for d in rule_data] == [8, 12]
    assert drawn["baseline band"][1][0]["low"] == 8
    window, window_data = drawn["baseline window"]
    assert window["mark"]["type"] == "rect"
    assert (window_data[0]["start"], window_data[0]["end"]) == catalogue.baseline_window
    assert rule_data[0]["label"] == "2020 baseline: 8–12"


def test_the_baseline_is_labelled_on_an_axis_of_its_own_where_no_mark_can_cover_it(drawn):
    """One label, at the band's middle, on the right: clear of every line and mark."""
    axis = drawn["baseline rule"][0]["encoding"]["y"]["axis"]
    assert axis["orient"] == "right" and axis["values"] == [10]
    assert "2020 baseline" in axis["labelExpr"] and "8–12" in axis["labelExpr"]
    others = [layer for name, (layer, _) in drawn.items() if name not in ("extent", "baseline rule")]
    assert all("axis" in layer["encoding"]["y"] and layer["encoding"]["y"]["axis"] is None
               for layer in others if "field" in layer["encoding"].get("y", {}) and
               layer["encoding"]["y"].get("scale", {}) is not None)


def test_events_are_rules_with_numbered_markers_and_their_details_on_hover(drawn):
    rule, data = drawn["event rules"]
    assert rule["mark"]["type"] == "rule" and "y" not in rule["encoding"]
    assert (data[0]["label"], data[0]["number"]) == ("Election", 1)
    numbers, marked = drawn["event numbers"]
    assert numbers["encoding"]["text"]["field"] == "marker" and marked[0]["marker"] == "1"
    assert {t["field"] for t in numbers["encoding"]["tooltip"]} >= {"period", "what"}


def _events(*days):
    return [{"date_start": d, "date_end": d, "label": f"event {i}", "source_url": "https://e.org"}
            for i, d in enumerate(days, start=1)]


def test_markers_never_overlap_close_events_share_one_and_lanes_alternate():
    frame = chart_frames.event_frame(_events("2020-08-09", "2020-08-10", "2020-08-11", "2021-06-01", "2022-06-01"),
                               ("2020-01-01", "2022-12-31"))
    assert list(frame["number"]) == [1, 2, 3, 4, 5]
    assert list(frame["marker"]) == ["1–3", "1–3", "1–3", "4", "5"]
    markers = frame.drop_duplicates("group")
    assert list(markers["lane"]) == [0, 1, 0]
    gap = 1095 * chart_frames.LANE_GAP
    for lane in (0, 1):
        days = pd.to_datetime(markers.loc[markers["lane"] == lane, "marker_date"])
        assert (days.diff().dropna().dt.days >= 2 * gap).all() or len(days) < 2
    assert chart_frames.event_frame([], ("2020-01-01", "2020-12-31")).empty


def test_markers_in_one_lane_stay_a_wide_markers_width_apart_even_on_a_phone():
    assert 2 * chart_frames.LANE_GAP * chart_frames.NARROWEST_PLOT_PX >= chart_frames.MARKER_WIDE_PX
    frame = chart_frames.event_frame(_events(*[f"2020-{m:02d}-01" for m in range(1, 13)]), ("2020-01-01", "2020-12-31"))
    markers = frame.drop_duplicates("group")
    for lane in (0, 1):
        days = pd.to_datetime(markers.loc[markers["lane"] == lane, "marker_date"]).diff().dropna().dt.days
        assert (days / 365 * chart_frames.NARROWEST_PLOT_PX >= chart_frames.MARKER_WIDE_PX).all()


def test_an_aggregated_line_breaks_where_buckets_are_missing(level, catalogue):
    assert chart_frames.runs(["2020-01-01", "2020-02-01", "2020-04-01", "2020-05-01"], "month") == [0, 0, 1, 1]
    assert chart_frames.runs(["2020-12-01", "2021-01-01"], "month") == [0, 0]
    assert chart_frames.runs(["2020-01-06", "2020-01-13", "2020-01-27"], "week") == [0, 0, 1]
    assert chart_frames.runs(["2020-01-01", "2020-01-02", "2020-01-04"], "day") == [0, 0, 1]
    ind, unit = level
    series = [{"bucket": b, "last_end": b, "value": v, "low": v - 1, "high": v + 1, "open_low": False,
               "open_high": False, "observations": 1, "days": 1}
              for b, v in (("2020-01-01", 5), ("2020-02-01", 6), ("2020-06-01", 7))]
    frame = chart_frames.aggregate_frame(series, "month")
    assert list(frame["run"]) == [0, 0, 1] and list(frame["alone"]) == [False, False, True]
    drawn = layers(charts.indicator_chart(ind, unit, aggregate=frame, grain="month", window=catalogue.baseline_window))
    assert drawn["aggregated series"][0]["encoding"]["detail"]["field"] == "run"
    assert drawn["aggregated band"][0]["encoding"]["detail"]["field"] == "run"  # a range stays a band
    assert [d["bucket"] for d in drawn["aggregated band alone"][1]] == ["2020-06-01"]


@pytest.mark.parametrize("grain", ["observations", "week"])
def test_a_chart_without_data_says_so(level, catalogue, grain):
    ind, unit = level
    frames = ({"observations": chart_frames.observation_frame([], ind, unit)} if grain == "observations"
              else {"aggregate": chart_frames.aggregate_frame([], grain)})
    drawn = layers(charts.indicator_chart(ind, unit, grain=grain, window=catalogue.baseline_window,
                                          domain=("2021-01-01", "2021-12-31"), **frames))
    assert drawn["no data"][1][0]["text"] == charts.NO_DATA_TEXT
    assert not any(name.startswith(("exact", "aggregated")) for name in drawn)
    assert drawn["extent"][0]["encoding"]["y"]["axis"]["labels"] is False  # no numbers to read
    assert chart_frames.shown(frames.get("observations"), frames.get("aggregate"), grain).count == 0


def _edge_rows(*figures):
    return [{"id": i, "period_start": start, "period_end": end, "qualifier": q, "value": None if q == "range" else v,
             "value_low": v[0] if q == "range" else None, "value_high": v[1] if q == "range" else None,
             "source_url": "https://a.org"} for i, (q, v, start, end) in enumerate(figures, start=1)]


EDGES = {
    "one figure": [("exact", 7, "2021-03-01", "2021-03-01")],
    "open bounds only": [("at_least", 1140, "2020-05-06", "2020-07-20"), ("at_most", 9, "2021-03-04", "2021-03-04")],
    "ranges only": [("range", (15, 20), "2021-03-02", "2021-03-02"), ("range", (10, 30), "2021-04-01", "2021-04-30")],
    "extreme dates": [("exact", 1, "1900-01-01", "1900-01-01"), ("exact", 2, "2100-12-31", "2100-12-31")],
    "one figure over every day": [("approx", 5, "1900-01-01", "2100-12-31")],
}


@pytest.mark.parametrize("case", list(EDGES))
def test_edge_cases_draw_a_chart_that_fits_the_data(level, catalogue, case):
    ind, unit = level
    frame = chart_frames.observation_frame(_edge_rows(*EDGES[case]), ind, unit)
    chart = charts.indicator_chart(ind, unit, observations=frame, window=catalogue.baseline_window,
                                   events=_events("2020-08-09"))
    spec = chart.to_dict()  # a valid Vega-Lite spec (altair validates it)
    drawn = layers(chart)
    assert "no data" not in drawn
    x = sorted(d["x"] for d in drawn["extent"][1])
    first, last = chart_frames.data_span(frame, None)
    assert x[0] < first and x[1] > last  # the data's span, padded
    assert (date.fromisoformat(x[1]) - date.fromisoformat(x[0])).days >= charts.MIN_SPAN_DAYS
    top = max(d["y"] for d in drawn["extent"][1])
    assert top > max(v for v in frame[["value", "low", "high"]].stack() if v == v)
    assert spec["layer"][0]["encoding"]["x"]["axis"]["format"] in ("%-d %b %Y", "%b %Y", "%Y")
    assert charts.chart_rows(frame, None, unit, flow=False)[0]["period"] == frame.sort_values("start")["period"].iloc[0]


def test_the_default_dates_are_the_datas_own_span_not_up_to_today(level, catalogue):
    ind, unit = level
    frame = chart_frames.observation_frame(rows(), ind, unit)
    x = sorted(d["x"] for d in layers(charts.indicator_chart(ind, unit, observations=frame,
                                                             window=catalogue.baseline_window))["extent"][1])
    assert "2021-02-20" < x[0] < "2021-03-01" and "2021-04-30" < x[1] < "2021-05-10"


def test_the_chart_table_gives_each_figure_as_written_and_on_the_charts_basis(catalogue):
    ind = catalogue.get("arbitrary_detentions")
    unit = catalogue.units[ind.unit]
    frame = chart_frames.observation_frame([{**rows()[2], "period_start": "2020-05-06", "period_end": "2020-07-20"}],
                                     ind, unit)
    assert charts.chart_rows(frame, None, unit, flow=True) == [{
        "period": "2020-05-06 – 2020-07-20", "figure": "≥ 1,140", "on the chart": "450 per 30 days",
        "source": "https://a.org/3"}]
    series = [{"bucket": "2021-03-01", "last_end": "2021-03-31", "value": 20, "low": 20, "high": None,
               "open_low": False, "open_high": True, "observations": 2, "days": 31}]
    assert charts.chart_rows(None, chart_frames.aggregate_frame(series, "month"), unit, flow=True, grain="month") == [{
        "month": "2021-03-01", "value": "≥ 20 per 30 days", "low": "20 per 30 days", "high": "–", "observations": 2}]


def test_the_y_axis_leaves_room_above_the_highest_mark_and_the_dates_reach_the_ends(level, catalogue):
    ind, unit = level
    baseline = Estimate(Interval(450, float("inf")), "2020-05-06", "2020-07-20", "level", 1)
    drawn = layers(charts.indicator_chart(ind, unit, observations=chart_frames.observation_frame(rows(), ind, unit),
                                          baseline=baseline, window=catalogue.baseline_window,
                                          domain=("2020-01-01", "2021-12-31")))
    extent, data = drawn["extent"]
    assert extent["mark"]["opacity"] == 0
    free = charts.TOP_PX / (charts.HEIGHT - charts.TOP_PX)
    assert [d["y"] for d in data] == [0, pytest.approx(1140 * (1 + free))]
    first, last = sorted(d["x"] for d in data)
    assert first < "2020-01-01" and last > "2021-12-31"


def test_event_lanes_get_room_above_the_data(level, catalogue):
    ind, unit = level
    chart = charts.indicator_chart(ind, unit, observations=chart_frames.observation_frame(rows(), ind, unit),
                                   window=catalogue.baseline_window, events=_events("2021-01-01", "2021-12-01"),
                                   domain=("2021-01-01", "2021-12-31"))
    top = max(d["y"] for d in layers(chart)["extent"][1])
    free = charts.top_px(2) / (charts.HEIGHT - charts.top_px(2))
    assert top == pytest.approx(1140 * (1 + free))
    assert charts.top_px(2) >= charts.LANE_TOP_PX + charts.LANE_PX + 10  # the second lane's marker fits


def test_a_baseline_that_is_the_only_figure_is_drawn_under_the_marks(catalogue):
    """The rule is drawn under the marks, its label on the right-hand axis, and the y axis reaches above both."""
    ind = catalogue.get("arbitrary_detentions")
    unit = catalogue.units[ind.unit]
    only = [{**rows()[2], "period_start": "2020-05-06", "period_end": "2020-07-20"}]
    frame = chart_frames.observation_frame(only, ind, unit)
    baseline = Estimate(Interval(frame.loc[0, "value"], float("inf")), "2020-05-06", "2020-07-20", "per_30_days", 1)
    chart = charts.indicator_chart(ind, unit, observations=frame, baseline=baseline, window=catalogue.baseline_window)
    order = [layer.get("description") for layer in chart.to_dict()["layer"]]
    assert order.index("baseline rule") < order.index("period segments") < order.index("open markers")
    drawn = layers(chart)
    assert "≥ 450" in drawn["baseline rule"][0]["encoding"]["y"]["axis"]["labelExpr"]
    assert max(d["y"] for d in drawn["extent"][1]) > frame.loc[0, "value"] * 1.05


def test_date_labels_always_name_the_year_in_one_format_per_axis():
    assert charts.date_format(("2020-01-01", "2026-11-25")) == "%Y"
    assert charts.date_format(("2020-01-01", "2021-06-30")) == "%b %Y"
    assert charts.date_format(("2021-03-01", "2021-04-30")) == "%-d %b %Y"
    years = charts.time_axis(("2010-01-01", "2026-11-25")).to_dict()
    assert years["format"] == "%Y" and years["tickCount"] == {"interval": "year", "step": 2}
    months = charts.time_axis(("2020-01-01", "2021-06-30")).to_dict()
    assert months["tickCount"] == {"interval": "month", "step": 2}


def test_the_events_timeline_has_one_date_format_and_families_in_catalogue_order(seeded, catalogue):
    names = {f: fam.name for f, fam in catalogue.families.items()}
    spec = charts.events_timeline(seeded.events(), names).to_dict()
    assert spec["encoding"]["x"]["axis"]["format"] == "%Y"
    shown = spec["encoding"]["y"]["sort"]
    assert shown == [n for n in names.values() if n in shown]
