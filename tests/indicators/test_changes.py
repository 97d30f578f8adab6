"""What changed: figures added, corrected and retracted with their reasons, and the moves they made, each
explained with its baseline, rule and public sources; the same list as the weekly brief and its files."""
import json
from datetime import date

import pytest
from click.testing import CliRunner

from indicators.reports.changes import changes
from indicators.reports.changes.model import Span, opening_standing, standing_at
from indicators.cli.changes import span_of
from indicators.cli.main import cli
from indicators.model.observation import Observation
from indicators.reports.snapshot.compute import IsoWeek, compute
from indicators.reports.snapshot.files import snapshot_files
from indicators.store import Store

pytestmark = pytest.mark.both_backends

LEVEL = "exchange_rate_byn_usd"  # a daily level, worse up, baseline window 2020-01-01..2020-08-08
PRISONERS = "political_prisoners"  # monthly, stale 100 days after its latest period
SRC = "https://www.nbrb.by/"
SECRET_URL = "https://secret.example/witness"
SECRET_NOTE = "met a contact at the ministry"
TODAY = date(2026, 11, 30)


def run(db_target, *args, env=None):
    return CliRunner().invoke(cli, ["--db", str(db_target), *args], env=env or {})


def obs(indicator, day, value, *, end=None, source=SRC, by="analyst", qualifier="exact", **kw):
    return Observation(indicator, day, end or day, qualifier, source, by, value=value, **kw)


def kinds(items, indicator=None):
    return [i.kind for i in items if indicator is None or i.indicator_id == indicator]


def week(label, as_known_then=False):
    w = IsoWeek.parse(label)
    return Span(w.monday, w.sunday, as_known_then, w.label)


# -- edits ------------------------------------------------------------------------------------------------

@pytest.fixture
def edited(store):
    """A figure added, one corrected and one retracted, all in 2020-W40 (entered then)."""
    ids = store.append([obs(LEVEL, "2020-07-01", 2.40), obs(LEVEL, "2020-09-01", 2.60)],
                       entered_at="2020-09-02T10:00:00.000000Z")
    store.append([obs(LEVEL, "2020-09-28", 2.62, by="anna")], entered_at="2020-09-29T09:00:00.000000Z")
    store.correct(ids[1], obs(LEVEL, "2020-09-01", 2.65, by="boris"), reason="misread the table",
                  entered_at="2020-09-30T09:00:00.000000Z")
    store.retract(ids[0], "the source withdrew it", at="2020-10-01T09:00:00.000000Z")
    return store


def test_an_added_a_corrected_and_a_retracted_figure_are_listed_with_their_reasons(edited, catalogue):
    items = changes(edited, catalogue, week("2020-W40"))
    added, corrected, retracted = (next(i for i in items if i.kind == k) for k in ("added", "corrected", "retracted"))
    assert "1 figure added by anna: 2.6200 BYN/USD (2020-09-28)" in added.explanation
    assert "corrected by boris: observation 2, 2.6000 BYN/USD (2020-09-01) → 2.6500 BYN/USD (2020-09-01); " \
           "reason: misread the table" in corrected.explanation
    assert corrected.detail == {"entered_by": "boris", "reason": "misread the table", "figures_total": 1}
    assert corrected.figures[0]["corrects"]["value"] == 2.60 and corrected.figures[0]["value"] == 2.65
    assert "retracted observation 1, 2.4000 BYN/USD (2020-07-01) entered by analyst; reason: the source withdrew " \
           "it" in retracted.explanation
    assert all(i.indicator_id == LEVEL and i.sources == (SRC,) for i in (added, corrected, retracted))


def test_edits_outside_the_span_are_not_listed(edited, catalogue):
    assert "added" not in kinds(changes(edited, catalogue, week("2020-W41")))
    assert kinds(changes(edited, catalogue, week("2020-W36")), LEVEL).count("added") == 1  # the first two rows


def test_the_cli_lists_an_add_a_correction_and_a_retraction_made_today(seeded, db_target):
    base = ["--source", "https://spring96.org/en/news/1", "--by", "anna"]
    first = run(db_target, "add", "political_prisoners", "1100", "--start", "2021-01-31", *base).output.strip()
    second = run(db_target, "add", "political_prisoners", "1150", "--start", "2021-02-28", *base).output.strip()
    assert run(db_target, "correct", first, "1110", "--reason", "misread the table", "--by", "boris").exit_code == 0
    assert run(db_target, "retract", second, "--reason", "double count").exit_code == 0
    today = date.today().isoformat()
    result = run(db_target, "changes", "--since", today, "--json")
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)
    by_kind = {i["kind"]: i for i in items if i["indicator_id"] == "political_prisoners"}
    assert {"added", "corrected", "retracted"} <= set(by_kind)
    assert "1,100 (2021-01-31)" in by_kind["added"]["explanation"]
    assert "1,100 (2021-01-31) → 1,110 (2021-01-31)" in by_kind["corrected"]["explanation"]
    assert "misread the table" in by_kind["corrected"]["explanation"] and "by boris" in by_kind["corrected"]["explanation"]
    assert "double count" in by_kind["retracted"]["explanation"]
    assert all({"kind", "indicator_id", "explanation", "sources"} <= set(i) for i in items)
    text = run(db_target, "changes", "--since", today).output
    assert "Figures added" in text and "Figures corrected" in text and "Figures retracted" in text


# -- moves ------------------------------------------------------------------------------------------------

def test_a_first_crossing_of_the_baseline_a_new_high_and_a_verdict_change_are_explained(store, catalogue):
    store.append([obs(LEVEL, "2020-07-01", 2.40), obs(LEVEL, "2020-08-12", 2.40),
                  obs(LEVEL, "2020-08-19", 2.60), obs(LEVEL, "2020-08-26", 2.70)])
    items = changes(store, catalogue, week("2020-W34"))  # 17-23 August
    mine = {i.kind: i for i in items if i.indicator_id == LEVEL}
    assert set(mine) == {"verdict", "outside_baseline", "new_high"}
    assert mine["verdict"].detail == {"from": "unclear", "to": "worse"}  # 2.40 on 12 August: no move
    assert "2.6000 BYN/USD (2020-08-19) lies above the 2020 baseline 2.4000 BYN/USD" in mine["outside_baseline"].explanation
    assert "is higher than any figure since 2020-01-01" in mine["new_high"].explanation
    later = [i for i in changes(store, catalogue, week("2020-W35")) if i.indicator_id == LEVEL]
    assert [i.kind for i in later] == ["new_high"]  # outside again, but not for the first time; still a record


def test_open_bounds_make_a_high_uncertain_and_say_so(store, catalogue):
    store.append([obs("arbitrary_detentions", "2020-05-06", 1140, end="2020-07-20", qualifier="at_least"),
                  obs("arbitrary_detentions", "2020-08-09", 7000, end="2020-08-22", qualifier="at_least")])
    (high,) = [i for i in changes(store, catalogue, week("2020-W34")) if i.kind == "new_high"]
    assert high.explanation.startswith("Arbitrary detentions: ≥ 15,000 per 30 days (≥ 7,000 in 14 days) "
                                       "(2020-08-09 – 2020-08-22) has the highest lower bound")
    assert high.detail == {"certain": False}


def test_a_series_that_went_stale_is_listed_once(store, catalogue):
    store.append([obs(PRISONERS, "2020-06-01", 900, end="2020-06-30", source="https://spring96.org/en/news/9")])
    stale_day = date(2020, 6, 30).toordinal() + catalogue.cadences["monthly"].stale_days + 1
    went = Span(date.fromordinal(stale_day - 3), date.fromordinal(stale_day + 3))
    (item,) = [i for i in changes(store, catalogue, went) if i.kind == "stale"]
    assert item.indicator_id == PRISONERS and "went stale" in item.explanation
    later = Span(date.fromordinal(stale_day + 4), date.fromordinal(stale_day + 10))
    assert "stale" not in kinds(changes(store, catalogue, later))


def test_a_collector_failing_run_after_run_is_listed_when_the_streak_reaches_the_rule(store, catalogue):
    for n in range(4):
        run_id = store.start_run("nbrb")
        store.finish_run(run_id, status="failed", error=f"nbrb: connection refused ({n})")
    started = [r["started_at"][:10] for r in store.runs("nbrb")]
    day = date.fromisoformat(started[0])
    (item,) = [i for i in changes(store, catalogue, Span(day, day)) if i.kind == "collector_failing"]
    assert item.indicator_id is None and item.subject == "nbrb"
    assert "failed on its last 3 runs in a row" in item.explanation and "connection refused (3)" in item.explanation
    assert "Exchange rate, BYN per USD" in item.explanation and item.sources  # the catalogue's public sources


# -- what every explanation says, and never says -----------------------------------------------------------

def test_every_explanation_names_its_baseline_its_rule_and_its_sources(edited, catalogue):
    edited.append([obs(PRISONERS, "2020-09-01", 900, end="2020-09-30", source="https://spring96.org/en/news/9")],
                  entered_at="2020-09-30T10:00:00.000000Z")
    items = changes(edited, catalogue, Span(date(2020, 9, 1), date(2020, 10, 4)))
    assert len(items) >= 5
    for item in items:
        if item.indicator_id is not None:
            assert "2020 baseline" in item.explanation, item.explanation
            assert item.baseline is None or item.baseline in item.explanation
        assert f"Rule: {item.rule}." in item.explanation
        assert all(url in item.explanation for url in item.sources)
        assert ("Sources: " in item.explanation) == bool(item.sources)


def test_no_confidential_note_or_source_reaches_an_item(store, catalogue):
    secret = dict(note=SECRET_NOTE, note_confidential=True, source_confidential=True, source=SECRET_URL)
    ids = store.append([obs(LEVEL, "2020-07-01", 2.40, **secret), obs(LEVEL, "2020-08-19", 2.60, **secret)],
                       entered_at="2020-08-20T10:00:00.000000Z")
    store.correct(ids[1], obs(LEVEL, "2020-08-19", 2.65, **secret), reason="typo", entered_at="2020-08-21T10:00:00.000000Z")
    store.retract(ids[0], "doubtful", at="2020-08-22T10:00:00.000000Z")
    items = changes(store, catalogue, week("2020-W34"))
    assert {"added", "corrected", "retracted"} <= set(kinds(items))
    dumped = json.dumps([i.as_json() for i in items], ensure_ascii=False)
    assert "secret.example" not in dumped and "ministry" not in dumped
    assert all(i.sources == () for i in items if i.indicator_id == LEVEL)
    assert all("No public source." in i.explanation for i in items if i.indicator_id == LEVEL)


# -- the brief and its files are the same list, and as known then it is what two snapshots differ by -------

@pytest.fixture
def two_weeks(store):
    """Figures entered during 2020-W30 and during 2020-W31 (as an analyst would, week by week)."""
    store.append([obs(LEVEL, "2020-07-01", 2.40), obs(LEVEL, "2020-07-21", 2.40)],
                 entered_at="2020-07-22T10:00:00.000000Z")
    ids = store.append([obs(LEVEL, "2020-07-28", 2.55), obs(PRISONERS, "2020-07-01", 600, end="2020-07-31",
                                                             source="https://spring96.org/en/news/9")],
                       entered_at="2020-07-29T10:00:00.000000Z")
    store.correct(ids[0], obs(LEVEL, "2020-07-28", 2.58, by="boris"), reason="typo",
                  entered_at="2020-07-30T10:00:00.000000Z")
    store.append([obs("trust_president_minsk", "2020-07-01", 30, end="2020-07-20", source="https://x.example/p")],
                 entered_at="2020-08-20T10:00:00.000000Z")  # entered after both weeks, about W30's period
    return store


def test_as_known_then_the_changes_are_what_two_snapshots_differ_by(two_weeks, catalogue):
    before = compute(two_weeks, catalogue, IsoWeek(2020, 30), as_known_then=True)
    after = compute(two_weeks, catalogue, IsoWeek(2020, 31), as_known_then=True)
    items = changes(two_weeks, catalogue, week("2020-W31", as_known_then=True))
    was = {iw.indicator.id: iw.summary.verdict for iw in before.indicators}
    now = {iw.indicator.id: iw.summary.verdict for iw in after.indicators}
    moved = {iid: {"from": was[iid], "to": now[iid]} for iid in now if now[iid] != was[iid]}
    assert {i.indicator_id: i.detail for i in items if i.kind == "verdict"} == moved and moved
    stale_then = {iw.indicator.id for iw in before.indicators if iw.summary.freshness == "stale"}
    stale_now = {iw.indicator.id for iw in after.indicators if iw.summary.freshness == "stale"}
    assert {i.indicator_id for i in items if i.kind == "stale"} == stale_now - stale_then
    entered = {r["id"] for r in two_weeks.entered_between(before.as_of, after.as_of)}
    listed = {f["id"] for i in items if i.kind in ("added", "corrected") for f in i.figures}
    assert listed == entered and "trust_president_minsk" not in {i.indicator_id for i in items}
    assert [i.as_json() for i in after.changes] == [i.as_json() for i in items]


def test_the_brief_opens_with_what_changed_and_the_files_carry_the_same_list(two_weeks, catalogue, db_target):
    snap = compute(two_weeks, catalogue, IsoWeek(2020, 31))
    files = snapshot_files(snap, with_charts=False)
    md = files["report.md"].decode()
    assert md.index("## What changed this week") < md.index("## Headline")
    assert "### Figures corrected (1)" in md and "reason: typo" in md
    assert json.loads(files["changes.json"]) == [i.as_json() for i in snap.changes]
    assert files["changes.csv"].decode().splitlines()[0] == \
        "kind,indicator_id,subject,at,figures,baseline,rule,explanation,sources"
    result = run(db_target, "changes", "--since", "2020-W31", "--until", "2020-W31", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == json.loads(files["changes.json"])
    then = snapshot_files(compute(two_weeks, catalogue, IsoWeek(2020, 31), as_known_then=True), with_charts=False)
    result = run(db_target, "changes", "--since", "2020-W31", "--until", "2020-W31", "--as-known-then", "--json")
    assert json.loads(result.output) == json.loads(then["changes.json"])


def test_a_quiet_week_says_nothing_changed(store, catalogue):
    md = snapshot_files(compute(store, catalogue, IsoWeek(2020, 31)), with_charts=False)["report.md"].decode()
    assert "Nothing changed this week" in md


# -- the command ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("args, option", [
    (["--since", "2020-W60"], "--since"), (["--since", "yesterday"], "--since"),
    (["--since", "2020-02-30"], "--since"), (["--since", "1800-01-01"], "--since"),
    (["--since", "2020-W30", "--until", "2020-13-01"], "--until"),
    (["--since", "2020-W35", "--until", "2020-W30"], "--since"),
])
def test_a_bad_since_or_until_exits_2_naming_the_option(seeded, db_target, args, option):
    result = run(db_target, "changes", *args)
    assert result.exit_code == 2 and option in result.output, result.output


def test_weeks_run_monday_to_sunday_and_the_defaults():
    span = span_of("2020-W30", "2020-W35", as_known_then=False, today=TODAY)
    assert (span.start, span.end, span.label) == (date(2020, 7, 20), date(2020, 8, 30), "2020-W30 to 2020-W35")
    assert (span.opening, span.closing) == ("2020-07-19T23:59:59.999999Z", "2020-08-30T23:59:59.999999Z")
    assert span_of("2020-07-22", None, as_known_then=False, today=TODAY).end == TODAY
    last = span_of(None, None, as_known_then=False, today=TODAY)
    assert (last.start, last.end, last.label) == (date(2026, 11, 23), date(2026, 11, 29), "2026-W48")
    assert span_of("2026-W49", "2026-W49", as_known_then=False, today=TODAY).end == TODAY  # not past today


def test_on_the_shipped_data_the_election_weeks_are_explained(db_target):
    assert run(db_target, "init").exit_code == 0
    result = run(db_target, "changes", "--since", "2020-W30", "--until", "2020-W35")
    assert result.exit_code == 0, result.output
    text = result.output
    assert text.startswith("What changed: 2020-W30 to 2020-W35 (2020-07-20 to 2020-08-30)")
    for heading in ("Verdicts that changed", "Outside the 2020 baseline for the first time",
                    "New highs since the baseline", "New lows since the baseline", "Events"):
        assert f"\n{heading} (" in text
    assert "Arbitrary detentions: ≥ 15,000 per 30 days (≥ 7,000 in 14 days) (2020-08-09 – 2020-08-22)" in text
    # July's poll is inside the baseline window: no move away from the March poll, whatever it says
    assert ("Trust in the president among Minsk residents: now no comparison, was no figure since the baseline"
            in text)
    assert "2020-08-09 · Presidential election day" in text
    items = json.loads(run(db_target, "changes", "--since", "2020-W30", "--until", "2020-W35", "--json").output)
    assert all(i["explanation"] and "Rule: " in i["explanation"] for i in items)


def test_standing_at_reads_as_a_snapshot_of_that_week_does(two_weeks, catalogue):
    snap = compute(two_weeks, catalogue, IsoWeek(2020, 31))
    standing = standing_at(two_weeks, catalogue, date(2020, 8, 2))
    assert {iw.indicator.id: iw.summary.verdict for iw in snap.indicators} == \
        {iid: s.verdict for iid, s in standing.summaries.items()}


def test_the_opening_read_from_the_closing_rows_is_the_opening_read_afresh(two_weeks, catalogue):
    for span in (week("2020-W31"), week("2020-W28"), Span(date(2020, 1, 1), date(2020, 8, 2)),
                 Span(date(2019, 6, 1), date(2020, 8, 2))):
        closing = standing_at(two_weeks, catalogue, span.end)
        quick = opening_standing(two_weeks, catalogue, span, closing)
        afresh = standing_at(two_weeks, catalogue, span.opening_day)
        assert quick.summaries == afresh.summaries, span


def test_on_the_shipped_figures_the_opening_keeps_the_closing_baselines_only_where_a_fresh_reading_agrees(
        shipped_db, catalogue):
    with Store.open(shipped_db) as store:
        for label in ("2020-W32", "2020-W45", "2021-W10", "2023-W20", "2026-W16"):
            span = week(label)
            closing = standing_at(store, catalogue, span.end)
            quick = opening_standing(store, catalogue, span, closing)
            afresh = standing_at(store, catalogue, span.opening_day)
            assert quick.summaries == afresh.summaries, label


def test_disagreeing_sources_widen_a_period_before_it_is_compared_with_a_record(store, catalogue):
    store.append([obs(LEVEL, "2020-03-02", 2.2), obs(LEVEL, "2020-03-02", 2.8, source="https://x.example/b"),
                  obs(LEVEL, "2020-08-19", 2.5)])
    (high,) = [i for i in changes(store, catalogue, week("2020-W34")) if i.kind == "new_high"]
    assert high.detail == {"certain": False}  # above 2.2, the period's lower bound; not above its 2.8
    assert "has the highest lower bound of any figure since 2020-01-01" in high.explanation


def test_on_the_install_day_a_users_entry_comes_first_and_the_shipped_load_is_one_line(db_target):
    assert run(db_target, "init").exit_code == 0
    assert run(db_target, "add", "political_prisoners", "1100", "--start", "2021-01-31", "--source",
               "https://spring96.org/en/news/1", "--by", "anna").exit_code == 0
    today = date.today().isoformat()
    text = run(db_target, "changes", "--since", today).output
    sections = [line for line in text.splitlines()[1:] if line and not line.startswith("- ")]
    assert sections[:2] == ["Figures added (1)", "Shipped with this version (1)"]
    with Store.open(db_target) as store:  # every row but anna's, the shipped corrections' revisions included
        loaded = store.conn.execute("SELECT count(*) FROM observations WHERE entered_by <> 'anna'").fetchone()[0]
    shipped_line = next(line for line in text.splitlines() if line.startswith("- Shipped with this version"))
    assert shipped_line == (f"- Shipped with this version: {loaded:,} figures, loaded by barometer init on {today}. "
                            f"Rule: figures entered from {today} to {today} (UTC).")
    assert "1 figure added by anna: 1,100 (2021-01-31)" in text
    assert "T23:59:59" not in text and ".999999" not in text  # the rule names days, not raw timestamps
    items = json.loads(run(db_target, "changes", "--since", today, "--json").output)
    (shipped,) = [i for i in items if i["kind"] == "shipped"]
    assert shipped["detail"]["figures_total"] == loaded and shipped["sources"] == []
    assert [i["kind"] for i in items if i["kind"] in ("added", "shipped")] == ["added", "shipped"]


def test_a_file_a_person_collects_is_not_shipped_even_through_a_shipped_parser(store, catalogue, tmp_path):
    from collectors.runner import run_collect
    from indicators.shipped import shipped

    history = next(h for h in catalogue.history if h.source == "world_mortality")
    own = tmp_path / "mine.csv"
    own.write_bytes(history.path.read_bytes().replace(b"\n", b"\r\n"))  # other bytes, the same figures
    run_collect(store, catalogue, ["world_mortality"], from_file=own)
    rows = store.entries(shipped(catalogue).by, shipped(catalogue).payloads, shipped=False)
    assert rows and not store.entries(shipped(catalogue).by, shipped(catalogue).payloads, shipped=True)
    assert all(r["collector"] == "world_mortality" for r in rows)
