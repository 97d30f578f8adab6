"""The overview's and tables' text: qualifiers, verdicts (never by colour alone), freshness, filters."""
from indicators.observation import Observation

from indicators.vocabulary import freshness_label
from dashboard import queries, views
from tests.dashboard.conftest import TODAY


def test_latest_values_are_written_with_their_qualifier_and_period(row_of):
    assert (row_of("fined_or_arrested")["latest"], row_of("fined_or_arrested")["period"]) == (
        "≥ 500", "2020-05-06 – 2020-07-20")
    assert row_of("signatures_babaryka")["latest"] == "≈ 435,000"
    assert row_of("trust_president_minsk")["latest"] == "15–20 %"


def test_the_change_and_verdict_come_from_the_foundation(row_of):
    trust = row_of("trust_president_minsk")
    assert (trust["baseline"], trust["change"], trust["verdict"]) == ("24 % [pinned]", "−38 % to −17 %", "worse")
    assert trust["verdict_label"] == "▼ weaker"


def test_freshness_reads_as_a_word_with_a_symbol(row_of):
    assert freshness_label("fresh") == "✓ fresh"
    assert freshness_label("due") == "◐ due"
    assert row_of("fined_or_arrested")["freshness_label"] == "✗ stale"


def test_the_headline_counts_verdicts_and_stale_indicators(overview):
    h = overview.headline
    assert h.total == len(overview.rows)
    assert h.worse + h.better + h.unclear == h.total
    assert h.worse >= 1  # the trust rating fell from its pinned April 2020 figure
    assert h.stale == sum(r["freshness"] == "stale" for r in overview.rows)


def test_indicator_rows_link_to_their_shareable_page(row_of):
    assert row_of("arbitrary_detentions")["link"] == "/indicator?indicator=arbitrary_detentions"


def test_filters_combine_and_search_is_case_blind(overview):
    rows = overview.rows
    assert views.filter_rows(rows) == rows
    assert [r["id"] for r in views.filter_rows(rows, search="ARBITRARY det")] == ["arbitrary_detentions"]
    worse = views.filter_rows(rows, verdicts=["worse"])
    assert worse and all(r["verdict"] == "worse" for r in worse)
    assert views.filter_rows(rows, families=["repression"], verdicts=["worse"], search="zzz") == []
    fams = {r["family"] for r in views.filter_rows(rows, families=["trust", "repression"])}
    assert fams == {"trust", "repression"}


def test_groups_keep_catalogue_family_order(overview, catalogue):
    names = [name for name, _ in views.grouped(overview.rows)]
    assert names == [f.name for f in catalogue.families.values() if f.name in names]


def _row(seeded, catalogue, **fields):
    base = dict(indicator_id="arbitrary_detentions", period_start="2021-03-01", period_end="2021-03-31",
                qualifier="exact", source_url="https://spring96.org/en/news/1", entered_by="analyst", value=5.0)
    (obs_id,) = seeded.append([Observation(**{**base, **fields})])
    return seeded.get(obs_id)


def test_observation_rows_keep_user_text_plain_and_link_only_http(seeded, catalogue):
    unit = catalogue.unit_of("arbitrary_detentions")
    row = _row(seeded, catalogue, note="<script>alert(1)</script>", source_url="ftp://archive.example/x")
    (shown,) = views.observation_rows([row], unit, editor=True)
    assert shown["note"] == "<script>alert(1)</script>"  # shown as text by st.dataframe, never as HTML
    assert shown["source"] is None and shown["source_text"] == "ftp://archive.example/x"
    assert views.is_link("https://x.org/a") and not views.is_link("javascript:alert(1)")


def test_a_writable_deployment_offers_edit_links_on_active_rows_only(seeded, catalogue):
    unit = catalogue.unit_of("arbitrary_detentions")
    row = _row(seeded, catalogue)
    seeded.retract(row["id"], "typo")
    active, retracted = seeded.get(row["id"] - 1), seeded.get(row["id"])
    shown = views.observation_rows([active, retracted], unit, editor=True)
    assert [r["edit"] for r in shown] == [f"/edit?observation={active['id']}", None]
    assert shown[1]["status"] == "retracted: typo"
    assert all(r["edit"] is None for r in views.observation_rows([active], unit, editor=False))


def test_only_an_editor_sees_confidential_notes_sources_and_their_citations(seeded, catalogue):
    unit = catalogue.unit_of("arbitrary_detentions")
    row = _row(seeded, catalogue, note="from a contact", note_confidential=True, source_confidential=True,
               citation="told by Ivan, a witness")
    (public,) = views.observation_rows([row], unit, editor=False)
    (editor,) = views.observation_rows([row], unit, editor=True)
    assert (public["note"], public["source"], public["source_text"], public["citation"]) == (
        "", None, "[confidential]", "")
    assert (editor["note"], editor["citation"]) == ("from a contact", "told by Ivan, a witness")





def test_event_rows_name_the_family_and_link_the_source(seeded, catalogue):
    (first, *_) = views.event_rows(seeded.events(), catalogue)
    assert first["date"] == "2010-12-19" and first["family"] == catalogue.families["russia_integration"].name
    assert first["source"].startswith("https://")


def test_headline_figures_are_short_with_their_basis_and_caveats_on_a_line_beneath(overview):
    fined = overview.summary("fined_or_arrested")
    assert views.latest_figure(fined) == views.Figure("≥ 500", "2020-05-06 – 2020-07-20")
    assert views.baseline_figure(fined) == views.Figure("≥ 197.37", "per 30 days")
    trust = overview.summary("trust_president_minsk")
    assert views.baseline_figure(trust) == views.Figure("24 %", "pinned")
    assert views.change_figure(trust) == views.Figure("−38 % to −17 %")
    deaths = overview.summary("state_event_deaths")
    assert views.baseline_figure(deaths) == views.Figure("30", "per 30 days · fallback: 2019-07-03")
    assert views.baseline_figure(overview.summary("political_prisoners")) == views.Figure("no data")


def test_an_open_change_is_written_with_the_sign_every_open_bound_uses(seeded, catalogue):
    seeded.append([Observation("fined_or_arrested", "2021-03-01", "2021-03-01", "exact",
                               "https://spring96.org/en/news/2", "analyst", value=5.0)])
    summary = queries.overview(seeded, catalogue, TODAY).summary("fined_or_arrested")
    assert views.change_text(summary) == "at most −24 %"
    assert views.change_figure(summary) == views.Figure("≤ −24 %")
