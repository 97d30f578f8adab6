"""How a verdict is reached, on the examples that misled before: each reads honestly now."""
from datetime import date

import pytest
from click.testing import CliRunner

from dashboard import editing, queries, views
from indicators.cli.main import cli
from indicators.model.observation import Observation
from indicators.readings.reading import reading
from indicators.reports.snapshot.compute import IsoWeek, compute
from indicators.reports.snapshot.report import markdown
from indicators.reports.snapshot.table import counts
from indicators.readings.summary import headline_counts, summarize
from indicators.model.validation import validate

pytestmark = pytest.mark.both_backends

TODAY = date(2026, 11, 30)
SRC = "https://example.org/report"


def standing(store, catalogue, indicator_id):
    (s,) = summarize(store, catalogue, today=TODAY, indicator_ids=[indicator_id])
    return s, reading(s)


def add(store, indicator_id, start, end, value, qualifier="exact", source=SRC):
    store.append([Observation(indicator_id, start, end, qualifier, source, "analyst", value=value)])


def test_a_one_day_death_is_a_count_per_edition_not_a_monthly_rate(seeded, catalogue):
    s, r = standing(seeded, catalogue, "state_event_deaths")
    assert r.baseline == "1 per edition [fallback: 2019-07-03]" and "per 30 days" not in r.baseline
    add(seeded, "state_event_deaths", "2021-07-03", "2021-07-03", 0)
    s, r = standing(seeded, catalogue, "state_event_deaths")
    assert (r.latest, r.change) == ("0 per edition", "−100 %")  # the festival against the last one, not a month
    assert standing(seeded, catalogue, "state_event_injuries")[1].baseline.startswith("10 per edition")


def test_a_window_with_gaps_gives_no_baseline_rate(seeded, catalogue):
    add(seeded, "acled_violence_against_civilians", "2020-06-01", "2020-06-30", 2)
    add(seeded, "acled_violence_against_civilians", "2021-03-01", "2021-03-31", 4)
    s, r = standing(seeded, catalogue, "acled_violence_against_civilians")
    assert s.verdict == "no comparison" and s.change is None
    assert "cover 14 % of the baseline window (25 % needed)" in r.note  # June alone, not "2 per 30 days" of 2020


def test_appointments_are_counted_per_year_never_as_a_rate_of_one_month(seeded, catalogue):
    s, r = standing(seeded, catalogue, "siloviki_appointments")  # the paper's two in June 2020
    assert "per 30 days" not in r.latest + r.baseline and s.verdict == "no comparison"
    assert "a count per year: the latest figure (2020-06-01 – 2020-06-30) covers less than a year" in r.note


def test_latest_baseline_and_change_share_one_basis_for_the_election_week(seeded, catalogue):
    add(seeded, "arbitrary_detentions", "2020-08-09", "2020-08-15", 200, "at_least", "https://spring96.org/en/news/x")
    s, r = standing(seeded, catalogue, "arbitrary_detentions")
    assert r.latest == "≥ 857 per 30 days (≥ 200 in 7 days)"
    assert r.baseline.startswith("≥ 450 per 30 days (≥ 1,140 in 76 days)")
    assert r.change == "either way: both are open bounds" and s.verdict == "unclear"  # never "≥ −100 %"


def test_nothing_newer_is_its_own_state_never_zero_percent(seeded, catalogue):
    summaries = summarize(seeded, catalogue, today=TODAY)
    newer = [s for s in summaries if s.verdict == "nothing newer"]
    assert len(newer) >= 20
    assert all(reading(s).change == "nothing newer" for s in newer)
    assert not any(reading(s).change in ("0 %", "0") for s in summaries)


def test_a_fall_that_repression_explains_never_reads_as_stronger_legitimacy(seeded, catalogue):
    add(seeded, "acled_protest_events", "2020-01-01", "2020-08-08", 150, source="https://example.org/2020")
    add(seeded, "acled_protest_events", "2024-01-01", "2024-01-31", 2, source="https://example.org/2024")
    add(seeded, "political_prisoners", "2020-07-01", "2020-07-01", 20, source="https://spring96.org/en/a")
    add(seeded, "political_prisoners", "2024-01-01", "2024-01-01", 1400, source="https://spring96.org/en/b")
    s, r = standing(seeded, catalogue, "acled_protest_events")
    assert s.change.relative.hi < 0 and s.verdict == "unclear"
    assert r.note == "read with repression: Political prisoners ▲"


def test_a_fallback_from_long_before_2020_is_a_reference_without_a_verdict(seeded, catalogue):
    add(seeded, "integration_agreements_ratified", "2021-01-01", "2021-03-31", 4)
    s, r = standing(seeded, catalogue, "integration_agreements_ratified")
    assert "[pre-2020 reference (2011)]" in r.baseline
    assert s.verdict == "no comparison" and "too old for a verdict" in r.note


def test_an_occasional_series_shows_its_latest_edition_never_stale(seeded, catalogue):
    (cpj,) = summarize(seeded, catalogue, today=TODAY, indicator_ids=["cpj_censorship_rank"])
    assert cpj.freshness == "latest edition"


def test_one_number_format_per_unit(seeded, catalogue):
    add(seeded, "acled_riot_events", "2020-01-01", "2020-01-31", 2)
    texts = [reading(s).baseline for s in summarize(seeded, catalogue, today=TODAY)]
    assert any(t.startswith("1.94 per 30 days") for t in texts)  # not 1.9355
    assert any(t.startswith("≥ 197 per 30 days") for t in texts)  # not 197.37
    assert not any("1.9355" in t or "197.37" in t for t in texts)


def test_the_headline_counts_are_the_same_on_the_overview_and_in_the_brief(seeded, catalogue):
    week = IsoWeek(2026, 47)
    snap = compute(seeded, catalogue, week)
    overview = headline_counts(summarize(seeded, catalogue, today=week.sunday))
    assert counts(snap)["verdict"] == overview
    assert set(overview) == {"worse", "better", "unclear", "nothing newer", "no comparison", "no data"}


@pytest.mark.parametrize("indicator_id", ["arbitrary_detentions", "trust_president_minsk", "state_event_deaths"])
def test_list_and_the_brief_give_the_same_basis_change_and_verdict(seeded, catalogue, db_target, indicator_id):
    s, r = standing(seeded, catalogue, indicator_id)
    line = next(ln for ln in CliRunner().invoke(cli, ["--db", str(db_target), "list"]).output.splitlines()
                if ln.startswith(indicator_id + " "))
    brief = markdown(compute(seeded, catalogue, IsoWeek(2026, 47)), [])
    row = next(ln for ln in brief.splitlines() if ln.startswith(f"| {s.indicator.name} |"))
    for text in (r.latest, r.change, r.verdict):
        assert text in line
    for text in (r.change, r.verdict):
        assert text.replace("[", "\\[").replace("]", "\\]") in row


def test_the_overview_the_indicator_header_and_the_add_preview_say_the_same(seeded, catalogue):
    add(seeded, "arbitrary_detentions", "2020-08-09", "2020-08-15", 200, "at_least", "https://spring96.org/en/news/x")
    s, r = standing(seeded, catalogue, "arbitrary_detentions")
    row = next(x for x in queries.overview(seeded, catalogue, TODAY).rows if x["id"] == "arbitrary_detentions")
    assert (row["latest"], row["baseline"], row["change"]) == (r.latest, r.baseline, r.change)
    header = views.latest_figure(s)
    assert header.value == "≥ 857" and header.note.startswith("per 30 days · ≥ 200 in 7 days")
    preview = {x[""]: x["now"] for x in editing.preview(
        seeded, catalogue, validate({"indicator_id": "fined_or_arrested", "value": "5", "period_start": "2021-03-01",
                                     "period_end": "2021-03-30", "source_url": SRC, "entered_by": "a"},
                                    catalogue)).table()}
    assert preview == {"latest": reading(standing(seeded, catalogue, "fined_or_arrested")[0]).latest,
                       "baseline 2020": reading(standing(seeded, catalogue, "fined_or_arrested")[0]).baseline,
                       "change against the baseline": "nothing newer",
                       "verdict": "no figure since the baseline (the latest figure is the baseline's own)"}


def test_one_indicator_read_alone_reads_as_it_does_among_all_of_them(db_target, catalogue):
    assert CliRunner().invoke(cli, ["--db", str(db_target), "init"]).exit_code == 0
    from indicators.store import Store
    with Store.open(db_target) as store:
        every = summarize(store, catalogue, today=TODAY)
        assert any(s.context for s in every)  # ambiguous falls, read with the repression series, are among them
        for s in every:
            assert summarize(store, catalogue, today=TODAY, indicator_ids=[s.indicator.id]) == [s], s.indicator.id
        some = [every[0].indicator.id, every[-1].indicator.id]
        assert summarize(store, catalogue, today=TODAY, indicator_ids=some) == [every[0], every[-1]]
        assert summarize(store, catalogue, today=TODAY, indicator_ids=[]) == []
