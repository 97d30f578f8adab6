"""A week's snapshot: the week's value, where each indicator stood at the week's end, and as known then."""
from datetime import date, datetime, timedelta, timezone

import pytest
from apscheduler.triggers.cron import CronTrigger

from indicators.model.observation import Observation
from indicators.model.catalogue_translations import localize
from indicators.languages.i18n import use
from indicators.reports.snapshot.compute import (IsoWeek, WeekError, compute, compute_both, last_complete_week,
                                                 require_complete)
from indicators.reports.snapshot.job import export_week, weekly_job, weekly_job_spec

pytestmark = pytest.mark.both_backends

FLOW, LEVEL = "ooni_confirmed_blocked", "exchange_rate_byn_usd"  # a daily flow and a daily level, both worse up
SRC = "https://ooni.org/"
W30 = IsoWeek(2020, 30)  # Monday 2020-07-20 to Sunday 2020-07-26
DURING = "2020-07-22T10:00:00.000000Z"
AFTER = "2020-08-15T10:00:00.000000Z"


def daily(indicator, start, values, **kw):
    first = date.fromisoformat(start)
    days = [(first + timedelta(days=i)).isoformat() for i in range(len(values))]
    return [Observation(indicator, d, d, "exact", SRC, "analyst", value=v, **kw) for d, v in zip(days, values)]


def one(snapshot, indicator):
    return next(iw for iw in snapshot.indicators if iw.indicator.id == indicator)


# -- weeks --------------------------------------------------------------------------------------------

def test_an_iso_week_reads_and_spans_monday_to_sunday():
    week = IsoWeek.parse("2020-W30")
    assert (week.label, week.monday, week.sunday) == ("2020-W30", date(2020, 7, 20), date(2020, 7, 26))
    assert week.as_of == "2020-07-26T23:59:59.999999Z"
    assert week.previous == IsoWeek(2020, 29) and IsoWeek.parse("2021-W01").previous == IsoWeek(2020, 53)


@pytest.mark.parametrize("text", ["2020-30", "2020-W3", "20-W30", "2021-W53", "2020-W00", ""])
def test_a_malformed_or_impossible_week_is_refused(text):
    with pytest.raises(WeekError):
        IsoWeek.parse(text)


def test_the_default_week_is_the_last_complete_one():
    assert last_complete_week(date(2020, 7, 27)) == W30  # Monday after
    assert last_complete_week(date(2020, 7, 26)) == IsoWeek(2020, 29)  # its own Sunday: not over yet


def test_a_week_not_yet_over_is_refused():
    require_complete(W30, date(2020, 7, 27))
    with pytest.raises(WeekError, match="not over yet.*2020-W29"):
        require_complete(W30, date(2020, 7, 26))


# -- the week's values --------------------------------------------------------------------------------

def test_a_flow_sums_the_week_as_a_rate_and_a_level_takes_the_last_value(store, catalogue):
    store.append(daily(FLOW, "2020-07-13", [1.0] * 7 + [2.0] * 7))
    store.append(daily(LEVEL, "2020-07-13", [2.4] * 7 + [2.5, 2.5, 2.6, 2.6, 2.6, 2.7, 2.45]))
    snap = compute(store, catalogue, W30)
    flow, level = one(snap, FLOW), one(snap, LEVEL)
    assert flow.week.interval.lo == pytest.approx(14 * 30 / 7) and flow.week.basis == "per_30_days"
    assert flow.previous.interval.lo == pytest.approx(7 * 30 / 7)
    assert flow.week_change.verdict == "worse" and flow.week_change.relative.lo == pytest.approx(1.0)
    assert (level.week.interval.lo, level.week.period_end) == (2.45, "2020-07-26")
    assert level.previous.interval.lo == 2.4 and level.week_change.verdict == "worse"


def test_figures_for_later_periods_do_not_reach_back_into_a_past_week(store, catalogue):
    store.append(daily(LEVEL, "2020-07-20", [2.5] * 7 + [9.9] * 30))
    iw = one(compute(store, catalogue, W30), LEVEL)
    assert [r["period_end"] for r in iw.summary.latest] == ["2020-07-26"]
    assert iw.summary.current.interval.lo == 2.5


def test_freshness_is_judged_at_the_weeks_end_not_today(store, catalogue):
    store.append(daily(LEVEL, "2020-07-20", [2.5] * 3))  # last figure on Wednesday
    iw = one(compute(store, catalogue, W30), LEVEL)
    assert (iw.summary.freshness, iw.summary.age_days) == ("due", 4)


def test_an_indicator_without_figures_is_listed_with_no_data(store, catalogue):
    snap = compute(store, catalogue, W30)
    assert len(snap.indicators) == len(catalogue.indicators)
    iw = one(snap, FLOW)
    assert (iw.week, iw.week_change, iw.summary.freshness) == (None, None, "no data")


def test_indicators_come_in_family_then_catalogue_order(store, catalogue):
    ids = [iw.indicator.id for iw in compute(store, catalogue, W30).indicators]
    families = list(catalogue.families)
    assert ids == sorted(ids, key=lambda i: (families.index(catalogue.get(i).family), catalogue.get(i).position))


# -- as known then ------------------------------------------------------------------------------------

def test_a_correction_entered_after_the_week_is_undone_as_known_then(store, catalogue):
    ids = store.append(daily(LEVEL, "2020-07-20", [2.5] * 7), entered_at=DURING)
    before = compute(store, catalogue, W30, as_known_then=True)
    store.correct(ids[-1], daily(LEVEL, "2020-07-26", [3.5])[0], entered_at=AFTER)
    then = compute(store, catalogue, W30, as_known_then=True)
    plain = compute(store, catalogue, W30)
    assert one(then, LEVEL) == one(before, LEVEL) and one(then, LEVEL).week.interval.lo == 2.5
    assert one(plain, LEVEL).week.interval.lo == 3.5


def test_a_retraction_or_an_entry_after_the_week_is_ignored_as_known_then(store, catalogue):
    ids = store.append(daily(FLOW, "2020-07-20", [3.0] * 7), entered_at=DURING)
    store.retract(ids[0], "double count", at=AFTER)
    store.append(daily(FLOW, "2020-07-13", [1.0] * 7), entered_at=AFTER)
    then = one(compute(store, catalogue, W30, as_known_then=True), FLOW)
    plain = one(compute(store, catalogue, W30), FLOW)
    assert then.week.observations == 7 and then.previous is None
    assert plain.week.observations == 6 and plain.previous is not None


def test_events_of_the_week_and_as_known_then_only_those_entered_by_its_end(store, catalogue):
    store.add_events([{"date_start": "2020-07-21", "label": "known", "source_url": SRC, "entered_by": "a"}],
                     entered_at=DURING)
    store.add_events([{"date_start": "2020-07-24", "label": "added later", "source_url": SRC, "entered_by": "a"}],
                     entered_at=AFTER)
    assert [e["label"] for e in compute(store, catalogue, W30).events] == ["known", "added later"]
    assert [e["label"] for e in compute(store, catalogue, W30, as_known_then=True).events] == ["known"]


# -- what may be published ----------------------------------------------------------------------------

def test_confidential_notes_and_sources_never_reach_the_snapshot(store, catalogue):
    store.append([Observation(LEVEL, "2020-07-21", "2020-07-21", "exact", "https://secret.example/x", "a",
                              value=2.5, note="from a contact", note_confidential=True, source_confidential=True),
                  Observation(LEVEL, "2020-07-22", "2020-07-22", "exact", SRC, "a", value=2.6, note="public")])
    iw = one(compute(store, catalogue, W30), LEVEL)
    assert iw.sources == (SRC,) and iw.notes == ("public",)


# -- the weekly job -----------------------------------------------------------------------------------

def test_the_weekly_job_runs_on_mondays_at_six_in_the_countrys_time_zone(catalogue):
    trigger = CronTrigger(**weekly_job_spec(catalogue))
    fire = trigger.get_next_fire_time(None, datetime(2020, 7, 22, tzinfo=timezone.utc))
    assert fire.astimezone(timezone.utc) == datetime(2020, 7, 27, 3, 0, tzinfo=timezone.utc)


def test_export_week_writes_last_weeks_snapshot_under_the_root(seeded, tmp_path):
    path = export_week(seeded.path, tmp_path / "out", today=date(2020, 7, 27))
    assert path == tmp_path / "out" / "2020-W30"
    assert (path / "snapshot.csv").exists() and (path / "barometer-2020-W30.zip").exists()
    then = export_week(seeded.path, tmp_path / "out", "2020-W30", as_known_then=True, today=date(2020, 7, 27))
    assert then.name == "2020-W30-as-known-then"


def test_the_weekly_job_keeps_an_existing_snapshot(seeded, tmp_path):
    first = weekly_job(seeded.path, tmp_path)
    assert first is not None and first.exists()
    marker = first / "snapshot.csv"
    stamp = marker.stat().st_mtime_ns
    assert weekly_job(seeded.path, tmp_path) is None
    assert marker.stat().st_mtime_ns == stamp


def test_the_scheduler_carries_the_weekly_snapshot_job_into_the_configured_folder(db_target, tmp_path, monkeypatch):
    from apscheduler.schedulers.background import BackgroundScheduler

    from collectors import jobs

    monkeypatch.setenv("BAROMETER_SNAPSHOT_DIR", str(tmp_path / "weekly"))
    sched = jobs.make_scheduler(str(db_target), [], interval=0.2, scheduler_cls=BackgroundScheduler)
    sched.start(paused=True)
    try:
        job = sched.get_job(jobs.WEEKLY_SNAPSHOT_JOB)
        assert job.func is weekly_job and job.args == (str(db_target), tmp_path / "weekly", None)
        fire = job.trigger.get_next_fire_time(None, datetime(2020, 7, 22, tzinfo=timezone.utc))
        assert fire.astimezone(timezone.utc) == datetime(2020, 7, 27, 3, 0, tzinfo=timezone.utc)
    finally:
        sched.shutdown(wait=False)


@pytest.mark.parametrize("label", ["2020-W32", "2021-W10", "2026-W16"])
@pytest.mark.parametrize("as_known_then", [False, True])
def test_the_brief_read_from_the_data_files_reading_is_the_brief_read_afresh(shipped_db, catalogue, label,
                                                                              as_known_then):
    from indicators.store import Store
    week = IsoWeek.parse(label)
    with Store.open(shipped_db) as store:
        data, brief = compute_both(store, catalogue, week, as_known_then=as_known_then, lang="be")
        with use("en"):
            assert compute(store, catalogue, week, as_known_then=as_known_then) == data
        with use("be"):
            assert compute(store, localize(catalogue, "be"), week, as_known_then=as_known_then) == brief
