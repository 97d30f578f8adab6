"""Store.series / sparklines / span: aggregation in SQL, flows as sum-rates, levels as last values."""
import math

import pytest

from indicators.readings.baseline import interval_of
from indicators.model.observation import Observation
from indicators.store import StoreError

pytestmark = pytest.mark.both_backends

A = "https://spring96.org/en/news/1"
B = "https://example.org/other-count"
FLOW = "arbitrary_detentions"  # count, flow


def obs(value=None, start="2021-03-01", end=None, qualifier="exact", source=A, indicator=FLOW, low=None, high=None):
    return Observation(indicator, start, end or start, qualifier, source, "analyst", value=value,
                       value_low=low, value_high=high)


@pytest.fixture
def level_id(catalogue):
    return next(i.id for i in catalogue.indicators.values() if i.kind == "level" and i.unit == "percent")


def test_a_flow_is_summed_per_week_and_given_per_30_days(store):
    # Monday 2021-03-01 .. Sunday 2021-03-07: three daily counts, then one in the next week.
    store.append([obs(10, "2021-03-01"), obs(20, "2021-03-03"), obs(30, "2021-03-07"), obs(7, "2021-03-08")])
    weeks = store.series(FLOW, grain="week")
    assert [(w["bucket"], w["observations"], w["days"]) for w in weeks] == [("2021-03-01", 3, 3), ("2021-03-08", 1, 1)]
    assert weeks[0]["value"] == pytest.approx(60 * 30 / 3)
    assert weeks[0]["basis"] == "per_30_days"
    assert (weeks[0]["low"], weeks[0]["high"]) == (pytest.approx(600), pytest.approx(600))


def test_a_level_keeps_the_latest_value_of_each_month(store, level_id):
    store.append([obs(40, "2021-03-02", indicator=level_id), obs(45, "2021-03-20", indicator=level_id),
                  obs(50, "2021-04-10", indicator=level_id)])
    months = store.series(level_id, grain="month")
    assert [(m["bucket"], m["value"], m["last_end"]) for m in months] == [
        ("2021-03-01", 45, "2021-03-20"), ("2021-04-01", 50, "2021-04-10")]
    assert months[0]["basis"] == "level"


def test_disagreeing_sources_for_one_period_merge_into_their_hull_not_a_sum(store):
    store.append([obs(100, "2021-03-01"), obs(120, "2021-03-01", source=B)])
    (day,) = store.series(FLOW, grain="day")
    assert (day["low"], day["high"]) == (pytest.approx(3000), pytest.approx(3600))
    assert day["observations"] == 2 and day["days"] == 1


def test_open_and_interval_qualifiers_give_bounds(store):
    store.append([obs(1140, "2021-03-01", "2021-03-30", qualifier="at_least"),
                  obs(None, "2021-04-01", "2021-04-30", qualifier="range", low=15, high=20),
                  obs(100, "2021-05-01", "2021-05-30", qualifier="approx")])
    at_least, rng, approx = store.series(FLOW, grain="month")
    assert at_least["open_high"] and not at_least["open_low"]
    assert at_least["low"] == pytest.approx(1140) and at_least["high"] is None
    assert (rng["value"], rng["low"], rng["high"]) == (pytest.approx(17.5), pytest.approx(15), pytest.approx(20))
    assert (approx["low"], approx["high"]) == (pytest.approx(90), pytest.approx(110))


def test_retracted_and_superseded_rows_are_left_out(store):
    keep, gone, old = store.append([obs(1, "2021-03-01"), obs(2, "2021-03-02"), obs(3, "2021-03-03")])
    store.retract(gone, "duplicate")
    store.correct(old, obs(4, "2021-03-03"))
    assert [d["value"] / 30 for d in store.series(FLOW, grain="day")] == [pytest.approx(1), pytest.approx(4)]


def test_dates_bound_the_series(store):
    store.append([obs(1, "2021-03-01"), obs(2, "2021-03-02"), obs(3, "2021-03-03")])
    assert [d["bucket"] for d in store.series(FLOW, start="2021-03-02", end="2021-03-02", grain="day")] == ["2021-03-02"]


def test_an_unknown_grain_is_refused_by_name(store):
    with pytest.raises(StoreError, match="grain"):
        store.series(FLOW, grain="fortnight")


def test_sparklines_cover_every_indicator_since_a_date_in_one_call(store, level_id):
    store.append([obs(5, "2020-12-31"), obs(10, "2021-03-01"), obs(40, "2021-03-02", indicator=level_id)])
    lines = store.sparklines("2021-01-01")
    assert set(lines) == {FLOW, level_id}
    assert [p["bucket"] for p in lines[FLOW]] == ["2021-03-01"]
    assert lines[level_id][0]["value"] == 40


def test_a_sparkline_month_of_a_level_reads_its_latest_period_and_of_a_flow_its_rate(store, level_id):
    """Among figures ending the same latest day, the one covering the longest period (the earliest start) counts,
    then the first entered; a flow's month is its sum over the days its figures cover, per 30 days."""
    store.append([obs(40, "2021-03-02", indicator=level_id), obs(45, "2021-03-20", indicator=level_id),
                  obs(47, "2021-03-20", indicator=level_id, source=B),
                  obs(50, "2021-03-01", "2021-03-20", indicator=level_id, source=B),
                  obs(52, "2021-03-01", "2021-03-20", indicator=level_id),
                  obs(10, "2021-03-01"), obs(20, "2021-03-02", "2021-03-05")])
    lines = store.sparklines("2021-01-01", grain="month")
    assert lines[level_id] == [{"bucket": "2021-03-01", "value": 50}]
    assert lines[FLOW] == [{"bucket": "2021-03-01", "value": pytest.approx(30 * 30 / 5)}]


def test_span_counts_active_rows_and_gives_their_dates(store):
    a, b = store.append([obs(1, "2021-03-01", "2021-03-05"), obs(2, "2021-04-01")])
    assert store.span(FLOW) == (2, "2021-03-01", "2021-04-01")
    store.retract(b, "wrong")
    assert store.span(FLOW) == (1, "2021-03-01", "2021-03-05")
    assert store.span(FLOW, start="2021-03-06") == (0, None, None)


def test_summary_queries_answer_the_same_with_as_of(store):
    """The optimised latest_rows_before / recent_rows still honour `as_of`."""
    (first,) = store.append([obs(1, "2019-06-01")], entered_at="2021-01-01T00:00:00.000000Z")
    store.correct(first, obs(2, "2019-06-01"), entered_at="2022-01-01T00:00:00.000000Z")
    then = store.latest_rows_before("2020-01-01", as_of="2021-06-01T00:00:00.000000Z")
    now = store.latest_rows_before("2020-01-01")
    assert [r["value"] for r in then[FLOW]] == [1] and [r["value"] for r in now[FLOW]] == [2]
    assert [r["value"] for r in store.recent_rows(30, as_of="2021-06-01T00:00:00.000000Z")[FLOW]] == [1]


@pytest.mark.parametrize("qualifier", ["exact", "approx", "at_least", "at_most", "range"])
@pytest.mark.parametrize("sign", [1, -1])
def test_sql_and_python_read_every_qualifier_and_sign_as_the_same_interval(store, catalogue, qualifier, sign):
    """The qualifier → interval rule lives in baseline.interval_of; the SQL of the aggregated views must agree."""
    indicator = catalogue.get("gdp_growth")  # percent_change: negative values allowed, no upper bound
    unit = catalogue.units[indicator.unit]
    figure = dict(value=None if qualifier == "range" else sign * 4.0,
                  low=sorted([sign * 2.0, sign * 6.0])[0] if qualifier == "range" else None,
                  high=sorted([sign * 2.0, sign * 6.0])[1] if qualifier == "range" else None)
    store.append([obs(indicator="gdp_growth", qualifier=qualifier, start="2021-01-01", end="2021-12-31",
                      source="https://data.worldbank.org/", **figure)])
    (bucket,) = store.series("gdp_growth", grain="month")
    row = {"qualifier": qualifier, "value": figure["value"], "value_low": figure["low"], "value_high": figure["high"]}
    iv = interval_of(row, indicator, unit)
    lowest = -math.inf if unit.min is None else unit.min
    assert bucket["open_low"] == (iv.lo == lowest and qualifier == "at_most")
    assert bucket["open_high"] == (math.isinf(iv.hi))
    if not bucket["open_low"]:
        assert bucket["low"] == pytest.approx(iv.lo)
    if not bucket["open_high"]:
        assert bucket["high"] == pytest.approx(iv.hi)
