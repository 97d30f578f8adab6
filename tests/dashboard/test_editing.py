from datetime import date

import pytest

from dashboard import editing
from indicators.input import entry
from indicators.confidentiality import WITHHELD
from indicators.model.validation import ValidationError, validate
from tests.backends import table_digest

GOOD = {
    "indicator_id": "arbitrary_detentions", "value": "3000", "qualifier": "exact",
    "period_start": "2021-03-01", "period_end": "2021-03-30",
    "source_url": "https://spring96.org/en/news/101", "entered_by": "analyst",
}


def test_form_values_become_a_record_with_only_the_figure_the_qualifier_uses():
    values = {"indicator_id": "trust_president_minsk", "qualifier": "range", "value_low": "15",
              "value_high": "20", "value": "17", "period_start": date(2021, 3, 1), "period_end": None}
    record = editing.form_record(values)
    assert (record["value"], record["value_low"], record["period_start"], record["period_end"]) == (
        None, "15", "2021-03-01", None)
    exact = editing.form_record({**values, "qualifier": "exact"})
    assert (exact["value"], exact["value_low"], exact["value_high"]) == ("17", None, None)


def test_errors_are_grouped_under_their_fields_with_readable_labels(catalogue):
    with pytest.raises(ValidationError) as info:
        validate({**GOOD, "value": "x", "source_url": ""}, catalogue)
    errors = editing.field_errors(info.value)
    assert set(errors) == {"value", "source_url"}
    assert errors["value"][0].startswith("Value 'x' is not a number")
    assert errors["source_url"][0].startswith("Source URL is required")


def test_the_preview_shows_the_change_a_new_figure_makes_and_saves_nothing(seeded, catalogue, db_path):
    before = table_digest(db_path)
    view = editing.preview(seeded, catalogue, validate(GOOD, catalogue))
    assert table_digest(db_path) == before
    assert (view.figure, view.period) == ("3,000", "2021-03-01 – 2021-03-30")
    rows = {r[""]: r for r in view.table()}
    assert rows["baseline 2020"]["now"] == rows["baseline 2020"]["with this observation"] == (
        "≥ 450 per 30 days (≥ 1,140 in 76 days) [covers 34 % of the window]")
    assert rows["latest"]["with this observation"] == "3,000 per 30 days"
    assert rows["change against the baseline"]["with this observation"] == "at most +567 %"
    assert view.moves_change


def test_the_preview_of_a_correction_replaces_the_old_figure(seeded, catalogue, db_path):
    trust = {**GOOD, "indicator_id": "trust_president_minsk", "value": "30", "period_start": "2021-06-01",
             "period_end": ""}
    old = entry.add(seeded, catalogue, trust)
    before = table_digest(db_path)
    view = editing.preview(seeded, catalogue, validate({**trust, "value": "10"}, catalogue), replaces=old)
    rows = {r[""]: r for r in view.table()}
    assert (rows["latest"]["now"], rows["latest"]["with this observation"]) == ("30 %", "10 %")
    assert seeded.get(old)["status"] == "active" and table_digest(db_path) == before


def test_rows_show_confidential_parts_to_editors_only(store, catalogue):
    row = store.get(entry.add(store, catalogue, {**GOOD, "note": "a witness, by phone", "note_confidential": True,
                                                 "source_confidential": True}))
    editor = editing.row_view(row, catalogue, editor=True)
    public = editing.row_view(row, catalogue, editor=False)
    assert (editor["note"], editor["source"], editor["confidential"]) == (
        "a witness, by phone", GOOD["source_url"], "note, source")
    assert (public["note"], public["source"], public["confidential"]) == ("", WITHHELD, "")
    assert "a witness" not in str(public) and "spring96" not in str(public)

