"""The overview's and tables' text: qualifiers, verdicts (never by colour alone), freshness, filters."""
from datetime import date

import pytest

from indicators.languages.i18n import use
from indicators.model.observation import Observation
from indicators.readings.reading import reading
from indicators.model.vocabulary import freshness_label
from dashboard import chart_frames, chart_words, charts, queries, views
from tests.dashboard.conftest import TODAY


def test_latest_values_are_written_on_their_basis_with_their_qualifier_and_period(row_of):
    assert (row_of("arbitrary_detentions")["latest"], row_of("arbitrary_detentions")["period"]) == (
        "≥ 450 per 30 days (≥ 1,140 in 76 days)", "2020-05-06 – 2020-07-20")
    assert row_of("signatures_babaryka")["latest"] == "≈ 435,000"
    assert row_of("trust_president_minsk")["latest"] == "15–20 %"


def test_the_change_and_verdict_come_from_the_foundation(row_of):
    trust = row_of("trust_president_minsk")
    assert (trust["baseline"], trust["change"], trust["verdict"]) == ("24 % [pinned]", "−9 to −4 pp", "worse")
    assert trust["verdict_label"] == "▼ weaker"


def test_freshness_reads_as_a_word_with_a_symbol(row_of):
    assert freshness_label("fresh") == "✓ fresh"
    assert freshness_label("due") == "◐ due"
    assert row_of("arbitrary_detentions")["freshness_label"] == "✗ stale"


def test_the_headline_counts_every_standing_apart_and_stale_indicators(overview):
    h = overview.headline
    assert h.total == len(overview.rows) == sum(h.counts.values())
    assert list(h.counts) == ["worse", "better", "unclear", "nothing newer", "no comparison", "no data"]
    assert h.counts["worse"] >= 1  # the trust rating fell from its pinned April 2020 figure
    assert h.counts["nothing newer"] >= 20  # the paper's figures alone: their latest is the baseline's own
    assert h.counts == {v: sum(r["verdict"] == v for r in overview.rows) for v in h.counts}
    assert h.stale == sum(r["freshness"] == "stale" for r in overview.rows)


def test_indicator_rows_link_to_their_shareable_page(row_of):
    assert row_of("arbitrary_detentions")["link"] == "/indicator?indicator=arbitrary_detentions&lang=en"


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
    assert [r["edit"] for r in shown] == [f"/edit?observation={active['id']}&lang=en", None]
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
    events = seeded.events()
    (first, *_) = views.event_rows(events, catalogue)
    assert first["date"] == "2010-12-19" and first["family"] == catalogue.families[events[0]["family"]].name
    assert first["source"].startswith("https://")


def test_headline_figures_are_short_with_their_basis_and_caveats_on_a_line_beneath(overview):
    detentions = overview.summary("arbitrary_detentions")
    assert views.latest_figure(detentions) == views.Figure(
        "≥ 450", "per 30 days · ≥ 1,140 in 76 days · 2020-05-06 – 2020-07-20")
    assert views.baseline_figure(detentions) == views.Figure(
        "≥ 450", "per 30 days · ≥ 1,140 in 76 days · covers 34 % of the window")
    assert views.change_figure(detentions) == views.Figure("nothing newer", "the latest figure is the baseline's own")
    trust = overview.summary("trust_president_minsk")
    assert views.baseline_figure(trust) == views.Figure("24 %", "pinned")
    assert views.change_figure(trust) == views.Figure("−9 to −4 pp")
    deaths = overview.summary("state_event_deaths")  # one festival day: a count per edition, not per 30 days
    assert views.baseline_figure(deaths) == views.Figure("1", "per edition · fallback: 2019-07-03")
    assert views.baseline_figure(overview.summary("political_prisoners")) == views.Figure("no data")


def test_an_open_change_is_written_with_the_sign_every_open_bound_uses(seeded, catalogue):
    seeded.append([Observation("arbitrary_detentions", "2021-03-01", "2021-03-10", "exact",
                               "https://spring96.org/en/news/2", "analyst", value=5.0)])
    summary = queries.overview(seeded, catalogue, TODAY).summary("arbitrary_detentions")
    assert views.change_figure(summary).value == "≤ −97 %"  # 15 per 30 days against at least 450


def test_the_chart_shows_the_datas_own_span_unless_asked_for_2020_to_now_or_other_dates():
    today = date(2026, 11, 30)
    assert chart_words.chart_range("data", "2013-01-01", "2024-12-31", today, "2020-01-01") == (
        date(2013, 1, 1), date(2024, 12, 31))
    assert chart_words.chart_range("since_2020", "2013-01-01", "2024-12-31", today, "2020-01-01") == (
        date(2020, 1, 1), today)
    assert chart_words.chart_range("data", None, None, today, "2020-01-01") == (date(2020, 1, 1), today)
    chosen = (date(2019, 1, 1), date(2019, 6, 30))
    assert chart_words.chart_range("chosen", "2013-01-01", "2024-12-31", today, "2020-01-01", chosen) == chosen


def _shown(seeded, catalogue, indicator_id, grain="observations", **dates):
    data = queries.indicator_data(seeded, catalogue, indicator_id, start=dates.get("start", "1900-01-01"),
                                  end=dates.get("end", "2100-12-31"), grain=grain, history=False, editor=False,
                                  all_events=False)
    return chart_frames.shown(data.observations, data.aggregate, grain)


def test_one_sentence_says_what_the_chart_says_in_the_words_of_every_surface(overview, seeded, catalogue):
    detentions = overview.summary("arbitrary_detentions")
    sentence = chart_words.chart_sentence(detentions, _shown(seeded, catalogue, "arbitrary_detentions"))
    r = reading(detentions)
    assert sentence == (f"Arbitrary detentions: {r.latest} from 6 May to 20 July 2020, the 2020 baseline's own "
                        "figure: nothing newer; the chart shows 1 figure from 6 May to 20 July 2020, "
                        "at 450 per 30 days.")
    trust = chart_words.chart_sentence(overview.summary("trust_president_minsk"),
                                 _shown(seeded, catalogue, "trust_president_minsk", "month"))
    assert trust.startswith("Trust in the president among Minsk residents: 15–20 % in January 2021, −9 to −4 pp "
                            "against the 2020 baseline of 24 % [pinned]: toward weaker legitimacy; the chart shows 3 "
                            "monthly values from 1 April 2020 to 31 January 2021, from 17.5 to 24 %.")
    empty = chart_words.chart_sentence(overview.summary("political_prisoners"),
                                 _shown(seeded, catalogue, "political_prisoners", "week"))
    assert empty == "Political prisoners: no data yet; there is nothing to chart."
    outside = chart_words.chart_sentence(detentions, _shown(seeded, catalogue, "arbitrary_detentions", start="2023-01-01"))
    assert outside.endswith("the chart shows no figure in these dates.")


def test_the_charts_in_words_verdicts_and_events(overview, seeded, catalogue):
    h = overview.headline
    text = chart_words.verdict_sentence(overview.rows)
    assert text.startswith(f"Of {h.total} indicators shown: {h.counts['worse']} toward weaker legitimacy")
    table = chart_words.verdict_table(overview.rows)
    assert [t["family"] for t in table] == [name for name, _ in views.grouped(overview.rows)]
    assert sum(sum(v for k, v in t.items() if k != "family") for t in table) == h.total
    names = {f: fam.name for f, fam in catalogue.families.items()}
    events = seeded.events()
    assert chart_words.events_sentence(events, names).startswith(f"{len(events)} events from 19 December 2010 to ")
    assert chart_words.events_sentence([], names) == "No events in these dates."


def test_the_sources_table_says_dash_for_nothing_and_dates_in_words():
    never = {"source": "ooni", "indicators": 3, "last_run": None, "status": "never run", "rows_added": None,
             "rows_revised": None, "error": None, "next_run": "2020-12-01T03:20+00:00", "latest_period": None,
             "staleness": "– no data"}
    ran = {**never, "last_run": "2020-11-30T05:01:02+00:00", "status": "ok", "rows_added": 1234, "rows_revised": 0,
           "next_run": "from files only", "latest_period": "2020-11-29"}
    first, second = views.source_table([never, ran])
    assert None not in first.values() and "None" not in str(first)
    assert (first["last_run"], first["rows_added"], first["error"], first["latest_period"]) == ("–", "–", "–", "–")
    assert first["next_run"] == "Tue 1 Dec 2020 03:20 UTC"
    assert (second["last_run"], second["rows_added"], second["rows_revised"], second["next_run"]) == (
        "Mon 30 Nov 2020 05:01 UTC", "1,234", "0", "from files only")


def test_the_first_screen_gives_each_move_on_its_basis_with_its_period_apart(seeded, catalogue):
    seeded.append([Observation("trust_president_minsk", "2025-12-01", "2025-12-31", "exact",
                               "https://example.org/poll", "analyst", value=30.0)])
    first = queries.overview(seeded, catalogue, TODAY).first_screen
    (trust,) = [m for m in first.stronger if m.id == "trust_president_minsk"]
    assert (trust.latest, trust.period, trust.baseline, trust.verdict_label) == (
        "30 %", "2025-12-01 – 2025-12-31", "24 % [pinned]", "▲ stronger")
    assert trust.link == "/indicator?indicator=trust_president_minsk&lang=en"
    assert [m.id for m in first.recent] == ["trust_president_minsk"]


def test_sparklines_show_for_every_indicator_with_data(overview, seeded, catalogue):
    with_data = {r["id"] for r in overview.rows if r["verdict"] != "no data"}
    assert with_data and all(len(r["trend"]) >= 1 for r in overview.rows if r["id"] in with_data)
    assert all(r["trend"] == [] for r in overview.rows if r["id"] not in with_data)
    seats = next(r for r in overview.rows if r["id"] == "opposition_seats_parliament")  # 2019 only: held flat
    assert seats["trend"] == [0, 0]


def test_verdict_labels_are_coloured_where_white_letters_read_and_never_colour_alone():
    assert views.verdict_cell_colour("worse") == "#D55E00"
    for faint in ("nothing newer", "no comparison", "no data", "unclear"):
        assert views.verdict_cell_colour(faint) == "#4D4D4D"
    assert views.table_height(10) == 35 * 11 + 3


def test_a_column_of_coloured_labels_is_as_wide_as_its_longest_label_with_the_labels_padding():
    labels = ["Verdict", "○ няма навейшых даных", "▼ weaker"]
    assert views.label_width(labels) == views.column_width(labels)[0] + views.LABEL_PADDING_PX
    assert views.label_width(labels) >= len("○ няма навейшых даных") * views.CHAR_PX + views.CELL_PADDING_PX


def test_text_from_people_cannot_become_a_formula_in_a_tables_csv_download(seeded, catalogue):
    unit = catalogue.unit_of("arbitrary_detentions")
    row = _row(seeded, catalogue, note='=HYPERLINK("https://evil.example","x")', citation="@SUM(1)",
               entered_by="+cmd")
    (shown,) = views.observation_rows([row], unit, editor=True)
    assert (shown["note"], shown["citation"], shown["entered_by"]) == (
        "'=HYPERLINK(\"https://evil.example\",\"x\")", "'@SUM(1)", "'+cmd")


@pytest.mark.parametrize("lang, forms", [
    ("be", {1: "1 падзея", 2: "2 падзеі", 5: "5 падзей", 11: "11 падзей", 21: "21 падзея", 22: "22 падзеі"}),
    ("ru", {1: "1 событие", 2: "2 события", 5: "5 событий", 11: "11 событий", 21: "21 событие", 22: "22 события"}),
])
def test_counts_in_sentences_take_the_plural_form_of_the_language(lang, forms):
    names = {"repression": "Repression"}
    for n, words in forms.items():
        events = [{"date_start": "2020-08-09", "date_end": "2020-08-09", "family": "repression"}] * n
        with use(lang):
            assert chart_words.events_sentence(events, names).startswith(words + " ")


def test_the_charts_sentence_reads_in_russian(overview, seeded, catalogue):
    with use("ru"):
        sentence = chart_words.chart_sentence(overview.summary("arbitrary_detentions"),
                                        _shown(seeded, catalogue, "arbitrary_detentions"))
    assert sentence == ("Arbitrary detentions: ≥ 450 за 30 дней (≥ 1\xa0140 за 76 дней) с 6 мая по 20 июля 2020\u202fг. — "
                        "значение самого базового уровня 2020 года: ничего новее; на графике 1 значение с 6 мая по "
                        "20 июля 2020\u202fг., на уровне 450 за 30 дней.")


# -- the first screen: family cards, the timeline, phone cards ------------------------------------------------

def test_each_family_card_gives_its_verdicts_counts_coverage_and_leading_figure_with_its_link(seeded, catalogue):
    seeded.append([Observation("trust_president_minsk", "2023-11-01", "2023-11-30", "exact",
                               "https://example.org/poll", "analyst", value=10.0)])
    cards = {c.family: c for c in views.family_cards(queries.overview(seeded, catalogue, TODAY).readings)}
    trust = cards["trust"]
    assert (trust.name, trust.verdicts) == ("Trust and public mood", "▼ 1 weaker · ▲ 0 stronger · ● 0 unclear")
    n = sum(i.family == "trust" for i in catalogue.indicators.values())
    assert (trust.compared, trust.coverage) == (f"1 of {n} series compared since 2021", f"1 of {n} with a figure since 2021")
    assert trust.leading.startswith("Trust in the president among Minsk residents: 24 % (April 2020) → 10 %")
    assert trust.link == "/indicator?indicator=trust_president_minsk&lang=en"
    assert (cards["economy"].leading, cards["economy"].link) == ("no figure since 2021", None)


def test_the_timeline_keeps_events_since_2019_and_links_each_to_a_series_of_its_family(overview, catalogue):
    targets = views.family_targets(overview.readings, overview.summaries)
    assert set(targets) == set(catalogue.families)
    assert all(catalogue.get(i).family == f for f, i in targets.items())
    rows = views.timeline_rows(overview.events, catalogue, targets)
    assert rows and len(rows) == len(views.timeline_events(overview.events, targets))
    assert all(r["link"] == f"/indicator?indicator={targets[f]}&lang=en" for r in rows
               for f in [next(k for k, fam in catalogue.families.items() if fam.name == r["family"])])
    shown = views.timeline_events(overview.events, targets)
    assert all(e["date_end"] >= "2019-01-01" for e in shown)
    starts = [r["date"][:10] for r in rows]
    assert starts == sorted(starts, reverse=True)  # newest first


def test_a_family_with_no_figure_sends_its_events_to_its_first_series(overview, catalogue):
    targets = views.family_targets(overview.readings, overview.summaries)
    first = next(i.id for i in catalogue.indicators.values() if i.family == "economy")
    with_data = [s.indicator.id for s in overview.summaries if s.indicator.family == "economy" and s.latest]
    assert targets["economy"] == (with_data[0] if with_data else first)


def test_a_phone_card_gives_name_latest_baseline_change_and_verdict_as_escaped_text(row_of):
    row = {**row_of("trust_president_minsk"), "name": "A *bold* [name](javascript:x)"}
    card = views.indicator_cards([row])
    assert card.startswith("- **[A \\*bold\\* \\[name\\](javascript:x)](/indicator?indicator=trust_president_minsk")
    assert "Latest: 15–20 %" in card and "Baseline 2020: 24 % \\[pinned\\]" in card
    assert "Change: −9 to −4 pp · ▼ weaker" in card


def test_a_timeline_writes_long_family_names_on_short_lines_and_never_cuts_them():
    expression = charts.wrapped_labels(["Participation in state-organized events", "Repression"])
    assert '"Participation in state-organized events": ["Participation in", "state-organized", "events"]' in expression
    assert all(len(line) <= charts.LABEL_LINE_CHARS for line in ["Participation in", "state-organized"])
    chart = charts.events_timeline([{"date_start": "2020-05-29", "date_end": "2020-05-29", "label": "x",
                                     "family": "repression", "source_url": None}], {"repression": "Repression"},
                                   domain=("2019-01-01", "2026-01-15"), links={"repression": "/indicator?x=1"}).to_dict()
    assert chart["encoding"]["y"]["axis"]["labelLimit"] == 0
    assert chart["encoding"]["x"]["scale"]["domain"] == ["2019-01-01", "2026-01-15"]
    assert chart["encoding"]["href"]["field"] == "link"
