import dataclasses
import math

import pytest

from indicators.readings import baseline as bl
from indicators.readings.baseline import INF, Interval

VIASNA = "http://spring96.org/be/news/98359"


def row(start, end=None, value=None, qualifier="exact", low=None, high=None, source=VIASNA):
    return {"period_start": start, "period_end": end or start, "value": value, "qualifier": qualifier,
            "value_low": low, "value_high": high, "source_url": source}


@pytest.fixture
def detentions(catalogue):
    return catalogue.get("arbitrary_detentions"), catalogue.unit_of("arbitrary_detentions")


@pytest.fixture
def trust(catalogue):
    return catalogue.get("trust_president_minsk"), catalogue.unit_of("trust_president_minsk")


# -- intervals from qualifiers ---------------------------------------------------------------------

def test_qualifiers_become_intervals(catalogue, detentions, trust):
    ind, unit = detentions
    assert bl.interval_of(row("2020-05-06", value=1140), ind, unit) == Interval(1140, 1140)
    assert bl.interval_of(row("2020-05-06", value=1140, qualifier="at_least"), ind, unit) == Interval(1140, INF)
    assert bl.interval_of(row("2020-05-06", value=40, qualifier="at_most"), ind, unit) == Interval(0, 40)
    assert bl.interval_of(row("2020-05-06", qualifier="range", low=15, high=20), *trust) == Interval(15, 20)


def test_approx_is_plus_or_minus_the_indicators_tolerance(catalogue):
    ind, unit = catalogue.get("signatures_babaryka"), catalogue.unit_of("signatures_babaryka")
    iv = bl.interval_of(row("2020-05-21", "2020-06-19", value=435000, qualifier="approx"), ind, unit)
    assert iv.lo == pytest.approx(391500) and iv.hi == pytest.approx(478500)


def test_bounds_never_leave_what_the_unit_allows(catalogue, trust):
    assert bl.interval_of(row("2020-04-01", value=70, qualifier="at_least"), *trust) == Interval(70, 100)
    assert bl.interval_of(row("2020-04-01", value=95, qualifier="approx"), *trust).hi == 100
    rank = catalogue.get("covid_cases_per_capita_rank"), catalogue.unit_of("covid_cases_per_capita_rank")
    assert bl.interval_of(row("2020-06-01", value=15, qualifier="at_most"), *rank) == Interval(1, 15)


# -- baselines -------------------------------------------------------------------------------------

def test_a_flow_baseline_is_a_rate_per_30_days(detentions):
    base = bl.baseline(*detentions, [row("2020-05-06", "2020-07-20", 1140, "at_least")])
    assert base.basis == "per_30_days"
    assert base.interval.lo == pytest.approx(1140 / 76 * 30)  # 450 per 30 days over a 76-day period
    assert math.isinf(base.interval.hi)


def test_a_flow_rate_spans_all_non_overlapping_periods_of_the_window(detentions):
    rows = [row("2020-01-01", "2020-01-30", 30), row("2020-02-01", "2020-02-29", 90)]
    assert bl.baseline(*detentions, rows).interval.lo == pytest.approx(120 / 59 * 30)


def test_a_level_baseline_is_the_latest_value_in_the_window(catalogue):
    ind, unit = catalogue.get("trust_cec_minsk"), catalogue.unit_of("trust_cec_minsk")
    rows = [row("2020-03-01", "2020-04-10", 11), row("2020-01-10", "2020-01-20", 30)]
    base = bl.baseline(ind, unit, rows)
    assert base.interval == Interval(11, 11) and base.period_end == "2020-04-10"
    assert not base.fallback and not base.pinned


def test_disagreeing_sources_widen_the_baseline_instead_of_being_averaged(catalogue):
    ind, unit = catalogue.get("integration_roadmaps_agreed"), catalogue.unit_of("integration_roadmaps_agreed")
    rows = [row("2020-06-04", "2020-06-10", 27, source="https://a.example/"),
            row("2020-06-04", "2020-06-10", 28.5, source="https://b.example/")]
    base = bl.baseline(ind, unit, rows)
    assert base.interval == Interval(27, 28.5) and base.observations == 2


def test_without_2020_data_the_latest_earlier_value_is_a_marked_fallback(catalogue):
    ind, unit = catalogue.get("opposition_seats_parliament"), catalogue.unit_of("opposition_seats_parliament")
    base = bl.baseline(ind, unit, [], [row("2019-11-17", value=0)])
    assert base.fallback and base.interval == Interval(0, 0)
    assert bl.baseline(ind, unit, [], []) is None


def test_a_pinned_figure_is_the_baseline_even_when_a_later_one_exists(catalogue, trust):
    pin = catalogue.get("trust_president_minsk").baseline_pin
    rows = [row(pin["period_start"], "2020-04-10", 24, source=pin["source_url"]),
            row("2020-07-01", "2020-07-31", qualifier="range", low=15, high=20, source="https://other.example/")]
    base = bl.baseline(*trust, rows)
    assert base.pinned and base.interval == Interval(24, 24)


# -- change and verdict ----------------------------------------------------------------------------

def test_the_paper_trust_rating_fell_toward_weaker_legitimacy(catalogue, trust):
    base = bl.estimate([row("2020-03-01", "2020-04-10", 24)], *trust)
    now = bl.current(*trust, [row("2020-07-01", "2020-07-31", qualifier="range", low=15, high=20)])
    change = bl.change(now, base, "down")
    assert change.absolute == Interval(-9, -4)
    assert change.relative.lo == pytest.approx(15 / 24 - 1) and change.relative.hi == pytest.approx(20 / 24 - 1)
    assert change.verdict == bl.WORSE


def test_flows_over_unequal_periods_compare_as_rates(detentions):
    base = bl.estimate([row("2020-05-06", "2020-07-20", 1140)], *detentions)   # 450 per 30 days
    week = bl.current(*detentions, [row("2021-01-01", "2021-01-07", 140)])      # 600 per 30 days
    change = bl.change(week, base, "up")
    assert change.absolute.lo == pytest.approx(150)
    assert change.relative.lo == pytest.approx(600 / 450 - 1)
    assert change.verdict == bl.WORSE  # 140 raw is far below 1,140 raw, yet the rate rose


def test_an_open_baseline_makes_a_rise_unclear_but_a_bounded_fall_is_still_unclear(detentions):
    base = bl.estimate([row("2020-05-06", "2020-07-20", 1140, "at_least")], *detentions)  # [450, inf)
    higher = bl.current(*detentions, [row("2021-01-01", "2021-01-30", 900)])
    change = bl.change(higher, base, "up")
    assert change.absolute.lo == -INF and change.absolute.hi == pytest.approx(450)
    assert change.verdict == bl.UNCLEAR


def test_a_rise_above_an_at_most_baseline_is_certain(detentions):
    base = bl.estimate([row("2020-05-06", "2020-06-04", 100, "at_most")], *detentions)    # [0, 100]
    now = bl.current(*detentions, [row("2021-01-01", "2021-01-30", 150, "at_least")])      # [150, inf)
    change = bl.change(now, base, "up")
    assert change.absolute.lo == pytest.approx(50) and change.verdict == bl.WORSE
    assert change.relative is None  # a baseline that admits zero has no relative change


def test_overlapping_approx_intervals_are_unclear(catalogue):
    ind, unit = catalogue.get("signatures_babaryka"), catalogue.unit_of("signatures_babaryka")
    base = bl.estimate([row("2020-05-21", "2020-06-19", 435000, "approx")], ind, unit)
    now = bl.current(ind, unit, [row("2020-07-01", "2020-07-30", 450000, "approx")])
    assert bl.change(now, base, "up").verdict == bl.UNCLEAR


def test_the_same_figures_on_both_sides_mean_nothing_newer_is_known_not_unchanged(detentions):
    rows = [row("2020-05-06", "2020-07-20", 1140, "at_least")]
    change = bl.change(bl.current(*detentions, rows), bl.baseline(*detentions, rows), "up")
    assert change.absolute == Interval(0, 0) and change.verdict == bl.NOTHING_NEWER


def test_an_indicator_without_a_direction_has_no_verdict():
    assert bl.verdict(Interval(5, 10), "none") == bl.UNCLEAR
    assert bl.verdict(Interval(5, 10), "down") == bl.BETTER
    assert bl.verdict(Interval(-10, -5), "down") == bl.WORSE
    assert bl.verdict(Interval(0, 10), "up") == bl.UNCLEAR


def test_a_flow_current_value_uses_only_non_overlapping_periods(detentions):
    rows = [row("2021-01-01", "2021-01-30", 300), row("2021-01-15", "2021-01-30", 999)]
    now = bl.current(*detentions, rows)
    assert now.interval == Interval(999 / 16 * 30, 999 / 16 * 30)  # the most recent period wins the overlap


def test_a_flow_rate_keeps_the_latest_non_overlapping_periods_whatever_their_mix(detentions):
    """The rate takes periods latest first and skips any that overlaps one already taken."""
    import random
    from datetime import date, timedelta

    ind, unit = detentions
    ind = dataclasses.replace(ind, min_period_days=1)  # any length of period, for this property
    rng = random.Random(7)
    for _ in range(200):
        rows = []
        for _ in range(rng.randint(1, 12)):
            start = date(2020, 1, 1) + timedelta(days=rng.randint(0, 60))
            rows.append(row(start.isoformat(), (start + timedelta(days=rng.randint(0, 20))).isoformat(), 10))
        expected = []
        for s, e in sorted({(r["period_start"], r["period_end"]) for r in rows}, key=lambda p: (p[1], p[0]),
                           reverse=True):
            if all(e < cs or s > ce for cs, ce in expected):
                expected.append((s, e))
        assert bl.estimate(rows, ind, unit).periods == tuple(sorted(expected))
