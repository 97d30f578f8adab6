"""Free text under the one text policy: control and bidirectional characters and over-long text are refused
on every path in, naming the field; text already stored can neither break an export nor drive a terminal."""
import io
import json

import pytest
from openpyxl import load_workbook

from indicators.input import imports
from indicators.model import text_policy
from indicators.model.observation import Observation
from indicators.store import Store
from indicators.model.validation import ValidationError, validate, validate_event

from .conftest import GOOD, SRC, refused, run

HOSTILE = {
    "vertical tab": "pasted\x0bfrom word",
    "NUL": "a\x00b",
    "escape sequence": "\x1b[2J\x1b[31mred",
    "C1 CSI": "a\x9b31mb",
    "DEL": "a\x7fb",
    "right-to-left override": "invoice_\u202egpj.exe",
    "left-to-right embedding": "a\u202ab",
    "first strong isolate": "a\u2068b",
    "right-to-left mark": "a\u200fb",
    "Arabic letter mark": "a\u061cb",
    "lone surrogate": "a\udcffb",
    "noncharacter": "a\uffffb",
}


@pytest.mark.parametrize("text", list(HOSTILE.values()), ids=list(HOSTILE))
@pytest.mark.parametrize("option, field", [("--note", "note"), ("--by", "entered_by")])
def test_add_refuses_control_and_bidi_characters_naming_the_field(initialized, unchanged, option, field, text):
    args = ["--start", "2020-05-06", "--source", SRC] if option == "--by" else GOOD
    refused(run(initialized, "add", "arbitrary_detentions", "5", *args, option, text), field)
    assert unchanged()


@pytest.mark.parametrize("text", [v for k, v in HOSTILE.items() if k != "lone surrogate"])
def test_the_issue_repro_and_source_urls_are_refused_too(initialized, unchanged, text):
    refused(run(initialized, "add", "arbitrary_detentions", "5", "--start", "2020-05-06", "--by", "t",
                "--source", f"https://example.org/{text}"), "source_url")
    assert unchanged()


def test_the_vertical_tab_of_the_issue_is_refused_and_the_week_still_exports(initialized, unchanged, tmp_path):
    result = run(initialized, "add", "arbitrary_detentions", "5", "--start", "2020-05-06", "--by", "t",
                 "--source", "https://example.org/n", "--note", "pasted\x0bfrom word")
    assert "note: holds a control character (U+000B" in refused(result, "note")
    assert unchanged()
    assert run(initialized, "snapshot", "--week", "2020-W19", "--out", tmp_path / "s").exit_code == 0


def test_tabs_and_line_breaks_belong_in_notes_but_not_in_one_line_fields(initialized):
    note = "first line\nsecond\tcolumn\r\nthird\u2028fourth"
    result = run(initialized, "add", "arbitrary_detentions", "5", *GOOD, "--note", note)
    assert result.exit_code == 0, result.output
    with Store.open(initialized) as store:
        assert store.get(int(result.output))["note"] == note
    refused(run(initialized, "add", "arbitrary_detentions", "6", "--start", "2020-05-06", "--source", SRC,
                "--by", "two\nlines"), "entered_by")


@pytest.mark.parametrize("field, limit", sorted(text_policy.LIMITS.items()))
def test_every_field_has_a_length_limit(catalogue, field, limit):
    good = {"indicator_id": "arbitrary_detentions", "value": "5", "period_start": "2020-05-06",
            "source_url": SRC, "entered_by": "analyst"}
    if field not in ("note", "citation", "entered_by", "collector", "source_url"):
        return  # reasons, labels and descriptions: see their own tests
    prefix = "https://example.org/" if field == "source_url" else ""
    at_limit = prefix + "a" * (limit - len(prefix))
    assert validate({**good, field: at_limit}, catalogue) is not None
    with pytest.raises(ValidationError) as info:
        validate({**good, field: at_limit + "a"}, catalogue)
    assert info.value.fields == [field] and f"the limit is {limit:,}" in str(info.value)


def test_reasons_have_a_limit_and_refuse_escape_sequences(initialized, unchanged):
    with Store.open(initialized) as store:
        obs_id = store.observations("arbitrary_detentions")[0]["id"]
    refused(run(initialized, "retract", obs_id, "--reason", "x" * 501), "reason")
    refused(run(initialized, "retract", obs_id, "--reason", "\x1b]0;owned\x07"), "reason")
    refused(run(initialized, "correct", obs_id, "7", "--by", "a", "--reason", "y" * 501), "reason")
    refused(run(initialized, "correct", obs_id, "7", "--by", "a", "--reason", "right\u202eleft"), "reason")
    assert unchanged()
    assert run(initialized, "retract", obs_id, "--reason", "x" * 500).exit_code == 0


def test_events_go_through_the_policy(catalogue):
    good = {"date_start": "2020-08-09", "label": "Election", "source_url": SRC, "entered_by": "paper"}
    assert validate_event(good)["date_end"] == "2020-08-09"
    for field, bad in (("label", "Elec\u202etion"), ("label", "x" * 201), ("description", "a\x00b"),
                       ("source_url", "http://:"), ("date_start", "0001-01-01")):
        with pytest.raises(ValidationError) as info:
            validate_event({**good, field: bad})
        assert field in info.value.fields


def test_an_import_with_a_control_character_names_its_line_and_field(initialized, unchanged, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(",".join(imports.COLUMNS) + "\n"
                    f"arbitrary_detentions,5,2020-05-06,,,,,{SRC},fine,a\n"
                    f"arbitrary_detentions,6,2020-05-07,,,,,{SRC},\"bad\x0bnote\",a\n", encoding="utf-8")
    output = refused(run(initialized, "import", path), "note")
    assert "line 3: note" in output
    assert unchanged()


def _stored_behind_validation(db_path, day="2020-05-06", **fields) -> int:
    """A row as an older version (before the text policy) could have stored it."""
    with Store.open(db_path) as store:
        (obs_id,) = store.append([Observation("arbitrary_detentions", day, day, "exact",
                                              fields.pop("source_url", SRC), "old", value=5.0, **fields)])
    return obs_id


def test_the_xlsx_writer_survives_anything_already_stored(initialized, tmp_path):
    _stored_behind_validation(initialized, note="pasted\x0bfrom word\x00 and \x1f", source_url=f"{SRC}\x0b")
    _stored_behind_validation(initialized, day="2020-05-13", note="n" * 40_000, source_url="https://example.org/l")

    def week(label: str) -> tuple[str, str, dict]:
        result = run(initialized, "snapshot", "--week", label, "--out", tmp_path / label)
        assert result.exit_code == 0, result.output
        sheet = load_workbook(io.BytesIO((tmp_path / label / "snapshot.xlsx").read_bytes()))["data"]
        header = [c.value for c in sheet[1]]
        row = next(r for r in sheet.iter_rows(min_row=2, values_only=True)
                   if r[header.index("indicator_id")] == "arbitrary_detentions")
        doc = json.loads((tmp_path / label / "snapshot.json").read_text(encoding="utf-8"))
        ind = next(i for i in doc["indicators"] if i["indicator_id"] == "arbitrary_detentions")
        return row[header.index("notes")], row[header.index("sources")], ind

    notes, sources, _ = week("2020-W19")
    assert notes == "pasted\\x0bfrom word\\x00 and \\x1f" and f"{SRC}\\x0b" in sources
    notes, _, ind = week("2020-W20")
    assert len(notes) == text_policy.XLSX_CELL_MAX and "cut: 40,000 characters" in notes  # visibly, not silently
    assert ind["notes"] == ["n" * 40_000]  # the JSON keeps the whole text


def test_show_never_sends_stored_escape_sequences_to_the_terminal(initialized):
    obs_id = _stored_behind_validation(initialized, note="\x1b]0;title\x07", source_url=f"{SRC}\u202e")
    with Store.open(initialized) as store:
        store.retract(obs_id, "\x1b[2J\x1b[31mcleared\x9b0m")  # the store itself, below the policy
    text = run(initialized, "show", "arbitrary_detentions")
    assert text.exit_code == 0, text.output
    assert not any(c in text.output for c in "\x1b\x07\x9b\u202e")
    assert "\\x1b[2J\\x1b[31mcleared\\x9b0m" in text.output and f"{SRC}\\u202e" in text.output
    as_json = run(initialized, "show", "arbitrary_detentions", "--json")
    assert not any(c in as_json.output for c in "\x1b\x07\x9b\u202e")
    row = next(r for r in json.loads(as_json.output)["observations"] if r["id"] == obs_id)
    assert row["status_reason"] == "\x1b[2J\x1b[31mcleared\x9b0m"  # the same value, escaped in transit
    assert row["source_url"] == f"{SRC}\u202e"


def test_collector_errors_are_printed_escaped(initialized, tmp_path):
    payload = tmp_path / "ooni.json"
    payload.write_text(json.dumps({"error": "session \x1b[31mexpired\u202e"}), encoding="utf-8")
    result = run(initialized, "collect", "ooni", "--from-file", payload, "--url",
                 "https://api.ooni.io/api/v1/aggregation?probe_cc=BY&test_name=web_connectivity")
    assert result.exit_code == 1
    assert "\x1b" not in result.output and "\u202e" not in result.output
    assert "session \\x1b[31mexpired\\u202e" in result.output


@pytest.mark.parametrize("text", ["plain", "Свидетель «цитата»", "emoji 👍🏽 and زبان فارسی‌ with ZWNJ",
                                  "family 👨‍👩‍👧 (joined with ZWJ)"])
def test_ordinary_text_in_any_script_passes_unchanged_in_paragraphs(catalogue, text):
    obs = validate({"indicator_id": "arbitrary_detentions", "value": "5", "period_start": "2020-05-06",
                    "source_url": SRC, "entered_by": "analyst", "note": text, "citation": text}, catalogue)
    assert (obs.note, obs.citation) == (text, text)


@pytest.mark.parametrize("text", ["plain", "Свидетель «цитата»", "emoji 👍🏽", "Ўладзімір Іваноў"])
def test_ordinary_names_in_any_script_pass_unchanged(catalogue, text):
    obs = validate({"indicator_id": "arbitrary_detentions", "value": "5", "period_start": "2020-05-06",
                    "source_url": SRC, "entered_by": text}, catalogue)
    assert obs.entered_by == text
