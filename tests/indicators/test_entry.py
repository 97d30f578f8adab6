import csv
import threading
import time

import pytest

from indicators.input import entry, imports
from indicators.access import ReadOnlyError
from indicators.store import Store, StoreError
from indicators.model.validation import ValidationError
from tests.backends import table_digest, writes_held

pytestmark = pytest.mark.both_backends

GOOD = {
    "indicator_id": "arbitrary_detentions", "value": "1500", "qualifier": "at_least",
    "period_start": "2021-03-01", "period_end": "2021-03-31",
    "source_url": "https://spring96.org/en/news/101", "entered_by": "analyst",
}
NASTY_NOTE = "Свидетель: «<script>alert(1)</script>» \"quoted\" it's'; DROP TABLE observations; -- **bold** [x](javascript:1)"


def lines(*records):
    """Records as a file gives them: line 1 is the header."""
    return [(n, r) for n, r in enumerate(records, 2)]


def test_an_observation_is_saved_with_its_provenance(store, catalogue):
    new_id = entry.add(store, catalogue, GOOD)
    row = store.get(new_id)
    assert (row["value"], row["qualifier"], row["source_url"], row["entered_by"], row["status"]) == (
        1500.0, "at_least", GOOD["source_url"], "analyst", "active")
    assert row["entered_at"].endswith("Z")


def test_bad_input_saves_nothing(store, catalogue, db_target):
    before = table_digest(db_target)
    with pytest.raises(ValidationError) as info:
        entry.add(store, catalogue, {**GOOD, "value": "1.500", "source_url": "javascript:alert(1)"})
    assert set(info.value.fields) == {"value", "source_url"}
    assert table_digest(db_target) == before


def test_notes_are_stored_verbatim(store, catalogue):
    assert store.get(entry.add(store, catalogue, {**GOOD, "note": NASTY_NOTE}))["note"] == NASTY_NOTE


def test_a_duplicate_is_refused_naming_the_existing_observation(store, catalogue, db_target):
    first = entry.add(store, catalogue, GOOD)
    before = table_digest(db_target)
    with pytest.raises(entry.DuplicateObservation) as info:
        entry.add(store, catalogue, {**GOOD, "entered_by": "someone else", "note": "again"})
    assert info.value.existing_id == first and f"observation {first}" in str(info.value)
    assert table_digest(db_target) == before


def test_a_duplicate_can_be_insisted_on(store, catalogue):
    first = entry.add(store, catalogue, GOOD)
    assert entry.add(store, catalogue, GOOD, allow_duplicate=True) == first + 1


def test_another_figure_source_or_period_is_not_a_duplicate(store, catalogue):
    entry.add(store, catalogue, GOOD)
    entry.add(store, catalogue, {**GOOD, "value": "1501"})
    entry.add(store, catalogue, {**GOOD, "qualifier": "exact"})
    entry.add(store, catalogue, {**GOOD, "source_url": "https://spring96.org/en/news/102"})
    entry.add(store, catalogue, {**GOOD, "period_end": "2021-03-30"})
    assert len(store.observations("arbitrary_detentions")) == 5


def test_a_retracted_figure_does_not_block_entering_it_again(store, catalogue):
    first = entry.add(store, catalogue, GOOD)
    entry.retract(store, first, "wrong report")
    assert entry.add(store, catalogue, GOOD) == first + 1


def test_a_correction_is_a_new_row_superseding_the_old_one(store, catalogue):
    old = entry.add(store, catalogue, GOOD)
    new = entry.correct(store, catalogue, old, {**GOOD, "value": "1600", "entered_by": "editor"}, reason="typo")
    old_row, new_row = store.get(old), store.get(new)
    assert (old_row["value"], old_row["status"], old_row["status_reason"]) == (1500.0, "superseded", "typo")
    assert (new_row["value"], new_row["status"], new_row["supersedes"]) == (1600.0, "active", old)
    assert [r["id"] for r in store.history(old)] == [old, new] == [r["id"] for r in store.history(new)]


def test_a_correction_of_only_the_note_is_allowed(store, catalogue):
    old = entry.add(store, catalogue, GOOD)
    new = entry.correct(store, catalogue, old, {**GOOD, "note": "page 3"})
    assert store.get(new)["note"] == "page 3"


def test_a_correction_that_changes_nothing_is_refused(store, catalogue, db_target):
    old = entry.add(store, catalogue, GOOD)
    before = table_digest(db_target)
    with pytest.raises(ValidationError, match="changes nothing"):
        entry.correct(store, catalogue, old, {**GOOD, "entered_by": "editor"})
    assert table_digest(db_target) == before


def test_a_correction_may_not_duplicate_another_active_row(store, catalogue):
    entry.add(store, catalogue, {**GOOD, "value": "1600"})
    old = entry.add(store, catalogue, GOOD)
    with pytest.raises(entry.DuplicateObservation):
        entry.correct(store, catalogue, old, {**GOOD, "value": "1600"})


def test_only_the_active_row_can_be_corrected(store, catalogue):
    old = entry.add(store, catalogue, GOOD)
    entry.correct(store, catalogue, old, {**GOOD, "value": "1600"})
    with pytest.raises(StoreError, match="has been corrected already: only an active one can be corrected"):
        entry.correct(store, catalogue, old, {**GOOD, "value": "1700"})


def test_a_retraction_needs_a_reason_and_keeps_the_row(store, catalogue, db_target):
    obs_id = entry.add(store, catalogue, GOOD)
    before = table_digest(db_target)
    with pytest.raises(ValidationError) as info:
        entry.retract(store, obs_id, "  ")
    assert info.value.fields == ["reason"] and table_digest(db_target) == before
    entry.retract(store, obs_id, "the report was withdrawn")
    row = store.get(obs_id)
    assert (row["status"], row["status_reason"], row["value"]) == ("retracted", "the report was withdrawn", 1500.0)
    assert store.observations("arbitrary_detentions") == []
    assert [r["id"] for r in store.history(obs_id)] == [obs_id]


@pytest.mark.parametrize("write", [
    lambda s, c, i: entry.add(s, c, GOOD),
    lambda s, c, i: entry.correct(s, c, i, {**GOOD, "value": "9"}),
    lambda s, c, i: entry.retract(s, i, "why"),
    lambda s, c, i: entry.import_lines(s, c, lines({**GOOD, "value": "9"})),
])
def test_a_read_only_deployment_refuses_every_write(store, catalogue, db_target, monkeypatch, write):
    obs_id = entry.add(store, catalogue, GOOD)
    before = table_digest(db_target)
    monkeypatch.setenv("BAROMETER_READONLY", "1")
    with pytest.raises(ReadOnlyError):
        write(store, catalogue, obs_id)
    assert table_digest(db_target) == before


def test_an_import_saves_every_row_in_order(store, catalogue):
    ids = entry.import_lines(store, catalogue, lines(GOOD, {**GOOD, "value": "1600", "period_start": "2021-04-01",
                                                           "period_end": "2021-04-30"}))
    assert [store.get(i)["value"] for i in ids] == [1500.0, 1600.0]


def test_one_bad_row_among_good_ones_saves_nothing_and_names_its_line_and_field(store, catalogue, db_target):
    before = table_digest(db_target)
    records = [{**GOOD, "value": str(1000 + n)} for n in range(5)]
    records[3] = {**records[3], "period_start": "2021-02-30"}
    with pytest.raises(entry.RowsRejected) as info:
        entry.import_lines(store, catalogue, lines(*records))
    assert info.value.lines == [5]
    assert str(info.value).startswith("1 bad line: line 5: period_start: '2021-02-30' is not a real date")
    assert table_digest(db_target) == before


def test_every_bad_line_is_listed_up_to_a_limit(store, catalogue):
    records = [{**GOOD, "value": "x"}] * 25
    with pytest.raises(entry.RowsRejected) as info:
        entry.import_lines(store, catalogue, lines(*records))
    assert len(info.value.lines) == 25
    assert "line 21:" in str(info.value) and "line 22:" not in str(info.value)
    assert str(info.value).endswith("and 5 more bad lines")


def test_an_import_refuses_rows_already_recorded_or_repeated_in_the_file(store, catalogue, db_target):
    existing = entry.add(store, catalogue, GOOD)
    other = {**GOOD, "value": "7"}
    before = table_digest(db_target)
    with pytest.raises(entry.RowsRejected) as info:
        entry.import_lines(store, catalogue, lines(other, GOOD, other))
    message = str(info.value)
    assert f"line 3: value: duplicates observation {existing}" in message
    assert "line 4: value: repeats line 2 of this file" in message
    assert table_digest(db_target) == before
    assert len(entry.import_lines(store, catalogue, lines(other, GOOD, other), allow_duplicate=True)) == 3


def test_an_empty_import_is_bad_input(store, catalogue):
    with pytest.raises(ValidationError, match="no observations"):
        entry.import_lines(store, catalogue, [])


def test_import_progress_counts_every_row(store, catalogue):
    seen = []
    records = [{**GOOD, "value": str(n)} for n in range(2500)]
    entry.import_lines(store, catalogue, lines(*records), progress=seen.append)
    assert sum(seen) == 2500 and len(seen) == 3


def test_a_write_waits_out_another_writer_holding_the_lock_on_the_busy_timeout(store, catalogue, db_target):
    held = threading.Event()

    def hold():
        with writes_held(db_target):
            held.set()
            time.sleep(0.4)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait()
    started = time.monotonic()
    try:
        new_id = entry.add(store, catalogue, GOOD)
    finally:
        holder.join()
    assert store.get(new_id)["value"] == 1500.0
    assert time.monotonic() - started >= 0.35


def test_the_stored_row_reads_back_as_the_record_it_came_from(store, catalogue):
    row = store.get(entry.add(store, catalogue, {**GOOD, "note": "n", "note_confidential": "yes"}))
    record = entry.record_of(row)
    assert {k: record[k] for k in GOOD} == {**GOOD, "value": 1500.0}
    assert (record["note"], record["note_confidential"], record["source_confidential"]) == ("n", True, False)


def rows_file(tmp_path, records):
    """Records written as a real CSV file, read back line by line as the CLI reads it."""
    path = tmp_path / "rows.csv"
    header = list(imports.COLUMNS)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header)
        writer.writeheader()
        writer.writerows({k: r.get(k, "") for k in header} for r in records)
    return imports.iter_lines(path)


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(entry, "CHUNK_ROWS", 3)


def test_a_streamed_file_is_saved_chunk_by_chunk_in_order(store, catalogue, tmp_path, small_chunks):
    records = [{**GOOD, "value": str(n)} for n in range(8)]
    ids = entry.import_lines(store, catalogue, rows_file(tmp_path, records))
    assert ids == list(range(ids[0], ids[0] + 8))
    assert [store.get(i)["value"] for i in ids] == [float(n) for n in range(8)]
    assert len({store.get(i)["entered_at"] for i in ids}) == 1  # one import, one moment


def test_a_bad_line_after_the_first_chunk_saves_nothing(store, catalogue, db_target, tmp_path, small_chunks):
    records = [{**GOOD, "value": str(n)} for n in range(8)]
    records[6] = {**records[6], "period_end": "2021-02-01"}
    before = table_digest(db_target)
    with pytest.raises(entry.RowsRejected) as info:
        entry.import_lines(store, catalogue, rows_file(tmp_path, records))
    assert info.value.lines == [8] and "line 8: period_end" in str(info.value)
    assert table_digest(db_target) == before


def test_duplicates_in_later_chunks_are_named_and_nothing_is_saved(store, catalogue, db_target, tmp_path,
                                                                   small_chunks):
    existing = entry.add(store, catalogue, GOOD)
    records = [{**GOOD, "value": str(n)} for n in range(7)] + [GOOD, {**GOOD, "value": "1"}]
    before = table_digest(db_target)
    with pytest.raises(entry.RowsRejected) as info:
        entry.import_lines(store, catalogue, rows_file(tmp_path, records))
    assert info.value.lines == [9, 10]
    assert str(info.value) == (f"2 bad lines: line 9: value: duplicates observation {existing} (same indicator, "
                               f"period, figure and source); line 10: value: repeats line 3 of this file")
    assert table_digest(db_target) == before



def test_a_duplicate_saved_by_another_writer_while_the_file_is_checked_is_still_refused(
        store, catalogue, db_target, small_chunks):
    def file_lines():
        for number, record in lines(*[{**GOOD, "value": str(n)} for n in range(6)]):
            if number == 6:  # the first chunk (lines 2-4) has been looked up already
                with Store.open(db_target) as other:
                    nonlocal existing
                    existing = entry.add(other, catalogue, {**GOOD, "value": "0"})
            yield number, record

    existing = None
    with pytest.raises(entry.RowsRejected) as info:
        entry.import_lines(store, catalogue, file_lines())
    assert info.value.lines == [2] and f"duplicates observation {existing}" in str(info.value)
    assert [r["id"] for r in store.observations("arbitrary_detentions")] == [existing]
