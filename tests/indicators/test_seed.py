import pytest

from indicators.seed import cited_records, initialize, paper_events, paper_records
from indicators.store import Store
from tests.conftest import paper_only
from indicators.readings.summary import summarize
from indicators.model.validation import check_url

pytestmark = pytest.mark.both_backends

ISANS = "https://isans.org/analysis/policy-papers/belarus-at-a-crossroads-political-regime-transformation-and-future-scenarios.html"


def figures(store, indicator_id):
    return [(r["qualifier"], r["value"], r["value_low"], r["value_high"], r["period_start"], r["period_end"])
            for r in store.observations(indicator_id)]


def test_init_loads_every_paper_figure_with_its_source(seeded, catalogue):
    rows = seeded.conn.execute("SELECT count(*), count(DISTINCT indicator_id) FROM observations").fetchone()
    assert rows[0] == len(paper_records(catalogue)) >= 30
    urls = [r[0] for r in seeded.conn.execute("SELECT source_url FROM observations")]
    assert all(check_url(u) is None for u in urls)
    assert {r[0] for r in seeded.conn.execute("SELECT entered_by FROM observations")} == {"paper"}
    assert all(r["citation"].startswith("ISANS") for r in paper_records(catalogue))


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
    dated = {(e["date_start"], e["label"]) for e in seeded.events()}
    assert {("2019-11-17", "Parliamentary election"), ("2020-08-09", "Presidential election day")} <= dated
    assert any(day == "2019-06-21" and "European Games" in label for day, label in dated)
    assert len(seeded.events()) == len(paper_events(catalogue))


def test_a_second_init_changes_nothing(seeded, catalogue):
    before = seeded.data_version()
    report = initialize(seeded, paper_only(catalogue))
    assert (report.indicators_added, report.indicators_changed, report.observations_added,
            report.observations_revised, report.events_added) == (0, 0, 0, 0, 0)
    assert seeded.data_version() == before


def test_init_does_not_undo_an_analysts_retraction_of_a_paper_figure(seeded, catalogue):
    (row,) = seeded.observations("arbitrary_detentions")
    seeded.retract(row["id"], "checked against the source")
    initialize(seeded, paper_only(catalogue))
    assert seeded.observations("arbitrary_detentions") == []


def test_the_papers_july_guess_against_its_pinned_march_poll_is_no_move_away_from_the_baseline(seeded, catalogue):
    (s,) = summarize(seeded, catalogue, indicator_ids=["trust_president_minsk"])
    assert s.baseline.pinned and s.latest[0]["period_end"] == "2020-07-31"
    assert s.verdict == "no comparison" and "is not from after the baseline window" in s.note
    assert s.freshness == "stale"


def test_every_cited_figure_names_its_page_quotes_its_passage_and_who_compiled_it(catalogue):
    rows = cited_records(catalogue)
    assert len(rows) >= 100
    for r in rows:
        assert r["source_url"].startswith(("http://", "https://")), r
        figure = (r["value"] or r["value_low"]).split(".")[0]
        quoted = "".join(c for c in r["citation"] if c.isdigit())
        assert r["citation"].count('"') >= 2 and r["entered_by"], r
        spelled = any(word in r["citation"] for word in ("forty", "billion", "thousand", "million"))
        derived = "Derived:" in (r["note"] or "")
        assert figure[:2] in quoted or spelled or derived, (r["indicator_id"], figure)


def test_the_full_load_adds_the_cited_figures_once(db_target, catalogue):
    with Store.open(db_target) as store:
        first = initialize(store, catalogue)
        again = initialize(store, catalogue)
        cited = [r for r in store.observations("political_prisoners") if r["entered_by"] == "barometer maintainers"]
    assert first.observations_added == len(paper_records(catalogue)) + len(cited_records(catalogue))
    assert again.observations_added == 0 and len(cited) >= 30
