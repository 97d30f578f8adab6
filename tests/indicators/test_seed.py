import pytest

from indicators.seed import PAPER_ENTERED_BY, cited_records, initialize, paper_events, paper_records
from indicators.summary import summarize
from indicators.validation import check_url

ISANS = "https://isans.org/analysis/policy-papers/belarus-at-a-crossroads-political-regime-transformation-and-future-scenarios.html"


def figures(store, indicator_id):
    """The paper's figures of an indicator (figures cited since are left out)."""
    return [(r["qualifier"], r["value"], r["value_low"], r["value_high"], r["period_start"], r["period_end"])
            for r in store.observations(indicator_id) if r["entered_by"] == PAPER_ENTERED_BY]


def test_init_loads_every_paper_figure_with_its_source(seeded, catalogue):
    (papers,) = seeded.conn.execute("SELECT count(*) FROM observations WHERE entered_by = ?",
                                    (PAPER_ENTERED_BY,)).fetchone()
    assert papers == len(paper_records(catalogue)) >= 30
    urls = [r[0] for r in seeded.conn.execute("SELECT source_url FROM observations")]
    assert all(check_url(u) is None for u in urls)
    assert all(r["citation"].startswith("ISANS") for r in paper_records(catalogue))


def test_init_loads_the_figures_cited_since_each_with_its_page_and_quote(seeded, catalogue):
    cited = cited_records(catalogue)
    (total,) = seeded.conn.execute("SELECT count(*) FROM observations").fetchone()
    assert total == len(paper_records(catalogue)) + len(cited)
    assert all(r["citation"] and r["entered_by"] and r["entered_by"] != PAPER_ENTERED_BY for r in cited)


@pytest.mark.parametrize("indicator_id, expected", [
    ("arbitrary_detentions", [("at_least", 1140, None, None, "2020-05-06", "2020-07-20")]),
    ("fined_or_arrested", [("at_least", 500, None, None, "2020-05-06", "2020-07-20")]),
    ("signatures_babaryka", [("approx", 435000, None, None, "2020-05-21", "2020-06-19")]),
    ("trust_president_minsk", [("exact", 24, None, None, "2020-03-01", "2020-04-10"),
                               ("range", None, 15, 20, "2020-07-01", "2020-07-31")]),
    ("opposition_members_territorial_commissions", [("exact", 2, None, None, "2020-07-20", "2020-07-20")]),
    ("local_commission_members", [("at_least", 63000, None, None, "2020-07-20", "2020-07-20")]),
    ("journalists_detained", [("at_least", 40, None, None, "2020-05-20", "2020-07-20")]),
    ("state_showcase_event_cost", [("at_least", 260, None, None, "2019-06-21", "2019-06-30")]),
    ("leaders_meetings_russia", [("exact", 11, None, None, "2018-12-01", "2019-12-31")]),
    ("cpj_censorship_rank", [("at_most", 10, None, None, "2019-09-10", "2019-09-10")]),
])
def test_paper_figures_keep_qualifier_and_period(seeded, indicator_id, expected):
    assert figures(seeded, indicator_id) == expected


def test_the_roadmap_disagreement_stays_as_two_active_sourced_observations(seeded):
    rows = seeded.observations("integration_roadmaps_agreed")
    assert sorted(r["value"] for r in rows) == [27, 28.5]
    assert len({r["source_url"] for r in rows}) == 2 and all(r["status"] == "active" for r in rows)


def test_init_loads_the_papers_dated_events(seeded, catalogue):
    labels = {e["date_start"]: e["label"] for e in seeded.events()}
    assert labels["2019-11-17"] == "Parliamentary election"
    assert labels["2020-08-09"] == "Presidential election day"
    assert "European Games" in labels["2019-06-21"]
    assert len(seeded.events()) == len(paper_events(catalogue))


def test_a_second_init_changes_nothing(seeded, catalogue):
    before = seeded.data_version()
    report = initialize(seeded, catalogue)
    assert (report.indicators_added, report.indicators_changed, report.observations_added,
            report.observations_revised, report.events_added) == (0, 0, 0, 0, 0)
    assert seeded.data_version() == before


def test_init_does_not_undo_an_analysts_retraction_of_a_paper_figure(seeded, catalogue):
    (row,) = [r for r in seeded.observations("arbitrary_detentions") if r["entered_by"] == PAPER_ENTERED_BY]
    seeded.retract(row["id"], "checked against the source")
    initialize(seeded, catalogue)
    assert figures(seeded, "arbitrary_detentions") == []


def test_the_paper_shows_the_presidents_trust_falling_against_its_pinned_baseline(seeded, catalogue):
    (s,) = summarize(seeded, catalogue, indicator_ids=["trust_president_minsk"])
    assert s.baseline.pinned and s.verdict == "worse"
    assert s.freshness == "stale"
