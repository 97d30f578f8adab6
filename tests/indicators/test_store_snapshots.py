"""The store's reads for weekly snapshots: periods capped at a date, and what was known at a moment."""
import pytest

from indicators.model.observation import Observation

pytestmark = pytest.mark.both_backends

SRC = "https://spring96.org/en/news/1"
IND = "arbitrary_detentions"


def obs(start, end, value=10.0, note=None, **kw):
    return Observation(IND, start, end, "exact", SRC, "analyst", value=value, note=note, **kw)


def test_window_rows_are_those_overlapping_the_span_and_ending_by_the_cap(store):
    store.append([obs("2021-03-01", "2021-03-01"), obs("2021-03-08", "2021-03-08"),
                  obs("2021-03-06", "2021-03-09"), obs("2021-02-01", "2021-02-28")])
    rows = store.window_rows("2021-03-01", "2021-03-07", ending_by="2021-03-07")[IND]
    assert [(r["period_start"], r["period_end"]) for r in rows] == [("2021-03-01", "2021-03-01")]
    uncapped = store.window_rows("2021-03-01", "2021-03-07")[IND]
    assert len(uncapped) == 2


def test_window_rows_carry_notes_and_confidentiality_flags(store):
    store.append([obs("2021-03-01", "2021-03-01", note="seen", note_confidential=True)])
    (row,) = store.window_rows("2021-03-01", "2021-03-07")[IND]
    assert row["note"] == "seen" and row["note_confidential"] == 1 and row["source_confidential"] == 0


def test_window_rows_as_of_undo_a_later_correction(store):
    (old,) = store.append([obs("2021-03-01", "2021-03-01", 10.0)], entered_at="2021-03-02T00:00:00.000000Z")
    store.correct(old, obs("2021-03-01", "2021-03-01", 99.0), entered_at="2021-04-01T00:00:00.000000Z")
    then = store.window_rows("2021-03-01", "2021-03-07", as_of="2021-03-07T23:59:59.999999Z")[IND]
    now = store.window_rows("2021-03-01", "2021-03-07")[IND]
    assert [r["value"] for r in then] == [10.0] and [r["value"] for r in now] == [99.0]


def test_recent_rows_until_a_date_stand_as_at_the_date(store):
    store.append([obs(d, d, v) for d, v in
                  [("2021-01-01", 1.0), ("2021-02-20", 2.0), ("2021-03-01", 3.0), ("2021-06-01", 4.0)]])
    rows = store.recent_rows(30, until="2021-03-07")[IND]
    assert [r["value"] for r in rows] == [2.0, 3.0]
    assert IND not in store.recent_rows(30, until="2020-12-31")


def test_recent_rows_until_a_date_ignore_rows_entered_after_as_of(store):
    store.append([obs("2021-03-01", "2021-03-01", 3.0)], entered_at="2021-03-02T00:00:00.000000Z")
    store.append([obs("2021-03-02", "2021-03-02", 5.0)], entered_at="2021-03-20T00:00:00.000000Z")
    rows = store.recent_rows(30, until="2021-03-07", as_of="2021-03-07T23:59:59.999999Z")[IND]
    assert [r["value"] for r in rows] == [3.0]


def test_events_overlap_the_span_and_respect_as_of(store):
    store.add_events([{"date_start": "2021-03-01", "date_end": "2021-03-10", "label": "long",
                       "source_url": SRC, "entered_by": "a"}], entered_at="2021-03-01T00:00:00.000000Z")
    store.add_events([{"date_start": "2021-03-05", "label": "late entry", "source_url": SRC, "entered_by": "a"}],
                     entered_at="2021-05-01T00:00:00.000000Z")
    store.add_events([{"date_start": "2021-04-01", "label": "outside", "source_url": SRC, "entered_by": "a"}])
    assert [e["label"] for e in store.events(start="2021-03-08", end="2021-03-14")] == ["long"]
    assert [e["label"] for e in store.events(start="2021-03-01", end="2021-03-07")] == ["long", "late entry"]
    assert [e["label"] for e in store.events(
        start="2021-03-01", end="2021-03-07", as_of="2021-03-07T23:59:59.999999Z")] == ["long"]
