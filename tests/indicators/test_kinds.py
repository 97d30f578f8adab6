"""What kind of number a figure is decides whether it may carry a verdict: each artefact the overview once led
with reads honestly now, on the shipped data and on small figures of each kind."""
from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from indicators.model.catalogue import NO_VERDICT_KINDS, load_catalogue
from indicators.cli.main import cli
from indicators.model.observation import Observation
from indicators.readings.reading import reading
from indicators.store import Store
from indicators.readings.summary import biggest_moves, summarize
from indicators.model.vocabulary import BETTER, NO_COMPARISON, WORSE

TODAY = date(2026, 12, 7)
SRC = "https://example.org/report"
WINDOW_END = "2020-08-08"


@pytest.fixture
def seeded(memory_seeded):
    """Readings need no file: the paper's figures in an in-memory store."""
    return memory_seeded


@pytest.fixture(scope="module")
def shipped(shipped_db):
    return shipped_db


@pytest.fixture(scope="module")
def standing(shipped):
    with Store.open(shipped) as store:
        return {s.indicator.id: s for s in summarize(store, load_catalogue(), today=TODAY)}


def add(store, indicator_id, start, end, value, qualifier="exact", source=SRC):
    store.append([Observation(indicator_id, start, end, qualifier, source, "analyst", value=value)])


def one(store, catalogue, indicator_id):
    (s,) = summarize(store, catalogue, today=TODAY, indicator_ids=[indicator_id])
    return s, reading(s)


# -- on the shipped data: the artefacts of the first screen -------------------------------------------------


def test_a_lists_size_is_shown_as_the_lists_size_with_no_verdict_about_blocking(standing):
    s = standing["test_list_reported_blocked"]
    assert s.indicator.kind == "list_size" and s.verdict == NO_COMPARISON
    assert reading(s).latest == "39" and "the size of a curated list" in s.note


def test_a_modelled_series_is_shown_but_not_judged_and_is_drawn_per_year(standing):
    s = standing["net_migration"]
    assert s.indicator.kind == "modelled" and s.verdict == NO_COMPARISON and "a model's estimate" in s.note
    assert reading(s).latest.endswith(" per year") and s.current.basis == s.baseline.basis == "per_year"


def test_a_price_is_compared_with_its_2020_rate_never_with_an_older_one(standing):
    for iid in ("exchange_rate_byn_usd", "exchange_rate_byn_eur", "exchange_rate_byn_100_rub"):
        s = standing[iid]  # the National Bank's average of January – July 2020, not the November 2017 rate
        assert (s.baseline.period_start, s.baseline.period_end) == ("2020-01-01", "2020-07-31"), iid
        assert not s.baseline.fallback and s.verdict == WORSE, iid
    assert standing["exchange_rate_official_annual"].verdict == WORSE  # the yearly rate has its 2020 figure


def test_epidemic_timing_and_a_reporting_that_ended_give_no_verdict(standing):
    excess = standing["excess_deaths"]  # March 2021 against March 2020, never against the whole 2020 wave
    assert reading(excess).baseline.endswith("[same season of 2020: 2020-03-01 – 2020-03-31]")
    assert (excess.baseline.period_start, excess.baseline.period_end) == ("2020-03-01", "2020-03-31")
    leaked = standing["covid_cases_minsk_leaked"]  # November 2020 has no pre-election season
    assert leaked.verdict == NO_COMPARISON and "no figure for the same days of 2020" in leaked.note
    for iid in ("covid_deaths_reported", "covid_cases_reported"):
        s = standing[iid]
        assert s.verdict == NO_COMPARISON and s.freshness == "reporting ended", iid
        assert "reporting ended on 2022-05-15" in s.note, iid
    cases = standing["covid_cases_reported"]
    # the header's period is the days the rate is made of, not one week beside "in 28 days"
    assert "in 28 days" in reading(cases).latest and reading(cases).period.startswith("2026-03-23")


def test_one_off_counts_are_counted_per_occasion_or_per_year_never_per_30_days(standing):
    assert reading(standing["integration_agreements_ratified"]).latest == "17 per edition"
    assert reading(standing["leaders_meetings_russia"]).baseline.startswith("11 per year")
    for iid in ("integration_agreements_ratified", "leaders_meetings_russia", "protest_rallies",
                "siloviki_appointments"):
        r = reading(standing[iid])
        assert "per 30 days" not in r.latest + r.baseline, iid


def test_a_cumulative_total_is_no_rate_and_its_period_is_the_statements(shipped, standing):
    s = standing["arrests_since_2020"]
    assert s.indicator.kind == "cumulative" and s.verdict == NO_COMPARISON
    assert (s.latest[0]["period_start"], s.latest[0]["period_end"]) == ("2020-05-01", "2024-08-15")
    assert s.baseline is None  # a total known in 2024 is no 2020 figure, even though it counts from May 2020
    with Store.open(shipped) as store:
        (old,) = [r for r in store.observations("arbitrary_detentions", include_inactive=True)
                  if r["value"] == 65000]
    assert old["status"] == "retracted" and "not a count for a period" in old["status_reason"]
    assert "65,000" not in reading(standing["arbitrary_detentions"]).latest


def test_editions_are_dated_by_what_they_measure_and_compared_edition_with_edition(standing):
    fotn = standing["internet_freedom_score"]
    assert (fotn.baseline.period_start, fotn.baseline.period_end) == ("2019-06-01", "2020-05-31")
    assert reading(fotn).baseline == "38–39"  # the doubtful 39 kept beside the page's own 35 + 3
    fiw = standing["freedom_in_world_score"]
    assert fiw.baseline.period_start == "2020-01-01" and fiw.latest[0]["note"].endswith("covering 2023")
    rsf = standing["press_freedom_rank"]
    assert rsf.baseline.period_start == "2020-01-01" and rsf.latest[0]["period_start"] == "2024-01-01"


def test_the_largest_moves_are_only_comparisons_an_analyst_would_sign(standing):
    every = list(standing.values())
    for verdict in (WORSE, BETTER):
        for s in biggest_moves(every, verdict, limit=50):
            assert s.indicator.kind not in NO_VERDICT_KINDS and s.indicator.kind != "cumulative"
            assert (not s.indicator.seasonal or s.baseline.season) and not s.indicator.reporting_ended
            assert not s.change.absolute.straddles_zero and s.current.basis == s.baseline.basis == s.indicator.basis
            assert min(r["period_start"] for r in s.latest) > WINDOW_END
            assert s.baseline.pinned or not s.baseline.reference


def test_a_fresh_install_opens_only_alerts_that_say_a_real_move(tmp_path):
    db = tmp_path / "data.db"
    assert CliRunner().invoke(cli, ["--db", str(db), "init"]).exit_code == 0
    listed = json.loads(CliRunner().invoke(cli, ["--db", str(db), "alerts", "--json"]).stdout)
    assert listed, "the shipped figures move: a fresh install has something to say"
    # what was 52 alerts before the kinds were read was mostly "stale" series nobody collects here, and moves of
    # kinds that give no verdict: each alert left must be a change or a run of a series that can move
    catalogue = load_catalogue()
    for alert in listed:
        assert alert["rule"] in ("change", "run"), alert["title"]
        ind = catalogue.get(alert["indicator_id"])
        assert ind.kind not in (*NO_VERDICT_KINDS, "cumulative") and not ind.reporting_ended, alert["title"]


# -- on small figures of each kind --------------------------------------------------------------------------


def test_a_count_over_a_period_that_overlaps_the_window_is_no_move_away_from_it(seeded, catalogue):
    add(seeded, "arbitrary_detentions", "2020-05-01", "2020-12-31", 33000, "at_least")
    s, r = one(seeded, catalogue, "arbitrary_detentions")
    assert r.baseline.startswith("≥ 450 per 30 days") and s.verdict == NO_COMPARISON
    assert "the latest figure (2020-05-01 – 2020-12-31) is not from after the baseline window" in r.note
    add(seeded, "arbitrary_detentions", "2021-01-01", "2021-01-31", 600, "at_least")
    s, r = one(seeded, catalogue, "arbitrary_detentions")
    assert s.verdict != NO_COMPARISON  # a figure from after the window compares


def test_a_modelled_estimate_carries_a_verdict_only_when_the_catalogue_pins_its_baseline(seeded, catalogue):
    import dataclasses
    add(seeded, "net_migration", "2019-01-01", "2019-12-31", -10000, source="https://example.org/model")
    add(seeded, "net_migration", "2023-01-01", "2023-12-31", -90000)
    s, _ = one(seeded, catalogue, "net_migration")
    assert s.verdict == NO_COMPARISON
    pin = {"period_start": "2019-01-01", "source_url": "https://example.org/model"}
    pinned = dataclasses.replace(catalogue, indicators={**catalogue.indicators, "net_migration": dataclasses.replace(
        catalogue.get("net_migration"), baseline_pin=pin)})
    (s,) = summarize(seeded, pinned, today=TODAY, indicator_ids=["net_migration"])
    assert s.verdict == WORSE  # worse when it falls: more people leave


def test_an_edition_baseline_is_the_edition_that_measured_most_of_the_window(seeded, catalogue):
    add(seeded, "internet_freedom_score", "2019-06-01", "2020-05-31", 38)  # 152 days of the window
    add(seeded, "internet_freedom_score", "2020-06-01", "2021-05-31", 31)  # 69 days of it
    add(seeded, "internet_freedom_score", "2023-06-01", "2024-05-31", 22)
    s, r = one(seeded, catalogue, "internet_freedom_score")
    assert r.baseline == "38" and r.change == "−16 points" and s.verdict == WORSE


def test_a_2017_price_is_no_2020_baseline(seeded, catalogue):
    add(seeded, "exchange_rate_byn_usd", "2017-11-05", "2017-11-05", 1.9855)
    add(seeded, "exchange_rate_byn_usd", "2022-02-28", "2022-02-28", 2.7597)
    s, r = one(seeded, catalogue, "exchange_rate_byn_usd")
    assert s.baseline.period_end.startswith("2017") and s.verdict == NO_COMPARISON
    assert "pre-2020 reference (2017)" in s.note


def test_a_count_per_year_is_read_only_from_a_whole_year(seeded, catalogue):
    add(seeded, "leaders_meetings_russia", "2022-01-01", "2022-12-31", 10)
    s, r = one(seeded, catalogue, "leaders_meetings_russia")
    assert r.latest == "10 per year" and s.verdict in ("better", "worse", "unclear")
    add(seeded, "leaders_meetings_russia", "2023-02-01", "2023-02-28", 3)
    s, r = one(seeded, catalogue, "leaders_meetings_russia")
    assert s.verdict == NO_COMPARISON and "covers less than a year" in r.note
