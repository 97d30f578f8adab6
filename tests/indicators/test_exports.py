"""Snapshot files: reproducible bytes, typed spreadsheets, a valid Data Package, safe text, atomic writes."""
import csv
import hashlib
import io
import json
import zipfile
from datetime import datetime

import frictionless
import pytest
from openpyxl import load_workbook

from indicators.reports.snapshot.files import (NotASnapshot, REPRODUCIBLE, SnapshotExists, neutralize,
                                               snapshot_files, write_files, write_snapshot)
from indicators.model.observation import Observation
from indicators.reports.snapshot.report import Link, html, markdown
from indicators.model.vocabulary import escape_markdown as md_escape
from indicators.reports.snapshot.compute import IsoWeek, compute

pytestmark = pytest.mark.both_backends

W30 = IsoWeek(2020, 30)
LEVEL = "exchange_rate_byn_usd"
SRC = "https://www.nbrb.by/"
INJECTION = '=HYPERLINK("http://evil.example","click")'


@pytest.fixture
def snap(seeded, catalogue):
    seeded.append([
        Observation(LEVEL, "2020-07-15", "2020-07-15", "exact", SRC, "a", value=2.2),
        Observation(LEVEL, "2020-07-21", "2020-07-21", "exact", SRC, "a", value=2.45, note=INJECTION),
        Observation(LEVEL, "2020-07-22", "2020-07-22", "exact", "https://secret.example/tip", "a", value=2.46,
                    note="met a source at the ministry", note_confidential=True, source_confidential=True),
        Observation(LEVEL, "2020-07-23", "2020-07-23", "exact", SRC, "a", value=2.44,
                    note="<script>alert(1)</script> *bold* | pipe"),
    ])
    seeded.add_events([{"date_start": "2020-07-24", "label": "-2+3 <b>rally</b>", "source_url": SRC,
                        "entered_by": "a", "description": "@mention"}])
    return compute(seeded, catalogue, W30)


def test_neutralize_quotes_only_text_that_a_sheet_would_run():
    assert [neutralize(t) for t in ["=1+1", "+7", "-x", "@a", "\tx", "\rx", "ok", "", None, 5]] == \
        ["'=1+1", "'+7", "'-x", "'@a", "'\tx", "'\rx", "ok", "", None, 5]


def test_the_four_reproducible_files_are_byte_identical_from_the_same_data(snap, seeded, catalogue):
    first = snapshot_files(snap, with_charts=False)
    again = snapshot_files(compute(seeded, catalogue, W30), with_charts=False)
    assert {n: first[n] for n in REPRODUCIBLE} == {n: again[n] for n in REPRODUCIBLE}
    for name in REPRODUCIBLE:
        assert b"T" + datetime.now().strftime("%H:%M").encode() not in first[name]


def test_csv_has_every_field_and_neutralizes_a_formula_note(snap):
    rows = list(csv.DictReader(io.StringIO(snapshot_files(snap, with_charts=False)["snapshot.csv"].decode())))
    row = next(r for r in rows if r["indicator_id"] == LEVEL)
    assert "'" + INJECTION in row["notes"].split(" | ")
    assert row["week_low"] == "2.44" and row["week_text"] == "2.4400 BYN/USD" and row["week_end"] == "2020-07-26"
    assert row["sources"] == SRC  # the confidential source is left out


def test_xlsx_cells_are_typed_with_a_frozen_header_and_neutralized_text(snap):
    wb = load_workbook(io.BytesIO(snapshot_files(snap, with_charts=False)["snapshot.xlsx"]))
    assert wb.sheetnames == ["summary", "data", "events"]
    data = wb["data"]
    header = [c.value for c in data[1]]
    row = next(r for r in data.iter_rows(min_row=2) if r[header.index("indicator_id")].value == LEVEL)
    cell = dict(zip(header, row))
    assert cell["week_low"].data_type == "n" and cell["week_low"].value == 2.44
    assert cell["week_end"].is_date and cell["week_end"].value == datetime(2020, 7, 26)
    assert cell["week_observations"].value == 1 and cell["as_known_then"].value is False
    assert cell["notes"].data_type == "s" and "'" + INJECTION in cell["notes"].value.split(" | ")
    assert data.freeze_panes == "A2" and data.column_dimensions["A"].width > 8
    events = wb["events"]
    assert [c.value for c in events[2]][3:5] == ["'-2+3 <b>rally</b>", "'@mention"]
    assert wb["summary"]["B2"].value == "2020-W30"


def test_the_data_package_is_valid_and_describes_the_csv(snap, tmp_path):
    files = snapshot_files(snap, with_charts=False)
    write_files(files, tmp_path / "s")
    report = frictionless.validate(str(tmp_path / "s" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    pkg = json.loads(files["datapackage.json"])
    res, changes = pkg["resources"]
    assert res["hash"] == "sha256:" + hashlib.sha256(files["snapshot.csv"]).hexdigest()
    assert changes["path"] == "changes.csv"
    assert changes["hash"] == "sha256:" + hashlib.sha256(files["changes.csv"]).hexdigest()
    assert all(f["type"] and f["description"] for r in (res, changes) for f in r["schema"]["fields"])
    assert "licenses" not in pkg and "no other licence is claimed" in pkg["description"]


def test_no_confidential_note_or_source_appears_in_any_file(snap):
    for name, data in snapshot_files(snap, with_zip=True, with_charts=False).items():
        if name.endswith((".csv", ".json", ".md", ".html")):
            assert b"secret.example" not in data and b"met a source" not in data, name
    xlsx = load_workbook(io.BytesIO(snapshot_files(snap, with_charts=False)["snapshot.xlsx"]))
    texts = [str(c.value) for ws in xlsx for r in ws.iter_rows() for c in r if c.value is not None]
    assert not any("secret.example" in t or "met a source" in t for t in texts)


def test_the_html_brief_escapes_user_text_and_links_only_web_urls(snap):
    page = snapshot_files(snap, with_charts=False)["report.html"].decode()
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;rally&lt;/b&gt;" in page and f'<a href="{SRC}"' in page
    assert "http://" not in page.split("<body>")[0] and "<link" not in page  # nothing fetched from outside


def test_markdown_shows_user_text_as_written():
    assert md_escape("<b>*x*</b> | [a](javascript:alert(1))") == \
        r"\<b\>\*x\*\</b\> \| \[a\](javascript:alert(1))"
    assert md_escape("# not a heading") == r"\# not a heading" and md_escape("1. item") == r"1\. item"
    assert md_escape("- not a list") == r"\- not a list" and md_escape("2.44 and +11 %") == "2.44 and +11 %"


def test_the_markdown_brief_has_headline_movers_families_events_and_sources(snap):
    md = snapshot_files(snap, with_charts=False)["report.md"].decode()
    for heading in ["# Legitimacy Barometer: week 2020-W30", "## Headline", "### Toward weaker legitimacy",
                    "### Toward stronger legitimacy", "## Economic conditions", "## Events this week", "## Sources"]:
        assert f"\n{heading}\n" in "\n" + md
    assert r"\<script\>" in md and f"<{SRC}>" in md


def test_only_web_urls_become_links():
    from indicators.reports.snapshot.report import _html_inline, _md_inline
    assert _html_inline(Link("javascript:alert(1)")) == "javascript:alert(1)"
    assert _md_inline(Link("javascript:alert(1)")) == "javascript:alert(1)"
    assert _md_inline(Link("https://a.example/x")) == "<https://a.example/x>"


def test_charts_are_png_files_drawn_the_same_each_time_and_referenced_by_the_brief(snap):
    files = snapshot_files(snap)
    charts = sorted(n for n in files if n.startswith("charts/"))
    assert charts == ["charts/moved.png", "charts/verdicts.png"]
    assert all(files[n].startswith(b"\x89PNG") for n in charts)
    assert snapshot_files(snap)["charts/moved.png"] == files["charts/moved.png"]
    for name in charts:
        assert f"]({name})" in files["report.md"].decode()  # the Markdown beside its charts, as in the zip


def test_the_briefs_chart_specs_are_valid_vega_lite(snap):
    """The charts are drawn without checking their specs each time: this checks them once."""
    from indicators.reports.snapshot.charts import moved_chart, moved_frame
    from indicators.reports.snapshot.table import records
    from indicators.readings.verdict_chart import verdict_chart
    assert moved_frame(snap)
    for chart in (verdict_chart(records(snap)), moved_chart(moved_frame(snap))):
        assert chart.to_dict(validate=True)["$schema"].startswith("https://vega.github.io/schema/vega-lite/")


def test_the_html_brief_is_whole_on_its_own_with_its_charts_inside_and_nothing_to_fetch(snap):
    import base64
    import re

    files = snapshot_files(snap)
    page = files["report.html"].decode()
    images = re.findall(r'<img src="([^"]*)" alt="[^"]*">', page)
    assert [base64.b64decode(src.removeprefix("data:image/png;base64,")) for src in images] == [
        files["charts/verdicts.png"], files["charts/moved.png"]]  # the same pictures, in the brief's order
    assert "charts/" not in page  # no file beside it to go missing
    assert '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src data:; ' \
           'style-src \'unsafe-inline\'">' in page.split("<body>")[0]


def test_the_brief_shows_a_percent_encoded_address_decoded_and_links_to_it_as_given():
    from indicators.reports.snapshot.report import _html_inline, _md_inline
    url = "https://www.dw.com/ru/%D0%B1%D0%B5%D0%BB%D0%BE%D1%80%D1%83%D1%81%D1%8B/a-53325756"
    assert _html_inline(Link(url)) == \
        f'<a href="{url}" rel="noopener noreferrer">https://www.dw.com/ru/белорусы/a-53325756</a>'
    assert _md_inline(Link(url)) == f"[https://www.dw.com/ru/белорусы/a-53325756](<{url}>)"
    assert _md_inline(Link("https://a.example/%D0%B1_[x]")) == \
        r"[https://a.example/б\_\[x\]](<https://a.example/%D0%B1_[x]>)"


def test_what_moved_most_lists_the_weeks_moves_by_direction(snap):
    md = snapshot_files(snap, with_charts=False)["report.md"].decode()
    weaker = md.split("### Toward weaker legitimacy")[1].split("###")[0]
    assert "| Exchange rate, BYN per USD | 2.4400 BYN/USD | 2.2000 BYN/USD | +11 % |" in weaker
    stronger = md.split("### Toward stronger legitimacy")[1].split("\n## ")[0]
    assert "Nothing moved measurably" in stronger


def test_the_zip_holds_every_file_and_is_reproducible(snap):
    files = snapshot_files(snap, with_zip=True, with_charts=False)
    name = "barometer-2020-W30.zip"
    with zipfile.ZipFile(io.BytesIO(files[name])) as zf:
        assert sorted(zf.namelist()) == sorted(n for n in files if n != name)
        assert zf.read("snapshot.csv") == files["snapshot.csv"]
    assert snapshot_files(snap, with_zip=True, with_charts=False)[name] == files[name]


def test_an_existing_snapshot_is_kept_unless_forced(snap, tmp_path):
    target = tmp_path / "out" / "2020-W30"
    write_snapshot(snap, target)
    (target / "extra.txt").write_text("kept")
    with pytest.raises(SnapshotExists, match="--force"):
        write_snapshot(snap, target)
    assert (target / "extra.txt").exists()
    with pytest.raises(NotASnapshot, match="not an earlier snapshot"):  # --force replaces only a snapshot
        write_snapshot(snap, target, force=True)
    assert (target / "extra.txt").read_text() == "kept"
    (target / "extra.txt").unlink()
    (target / "snapshot.csv").write_text("stale")
    write_snapshot(snap, target, force=True)
    assert (target / "snapshot.csv").read_text() != "stale"
    assert sorted(p.name for p in target.parent.iterdir()) == ["2020-W30"]  # no temporary folders left


def test_a_failed_write_leaves_nothing_half_written(tmp_path):
    with pytest.raises(OSError):
        write_files({"a": b"1", "a/b": b"2"}, tmp_path / "out")
    assert list(tmp_path.iterdir()) == []


def test_a_correction_after_the_week_leaves_the_as_known_then_files_unchanged(seeded, catalogue):
    (old,) = seeded.append([Observation(LEVEL, "2020-07-24", "2020-07-24", "exact", SRC, "a", value=2.45)],
                           entered_at="2020-07-24T12:00:00.000000Z")
    then_before = snapshot_files(compute(seeded, catalogue, W30, as_known_then=True), with_charts=False)
    plain_before = snapshot_files(compute(seeded, catalogue, W30), with_charts=False)
    seeded.correct(old, Observation(LEVEL, "2020-07-24", "2020-07-24", "exact", SRC, "a", value=2.55),
                   entered_at="2020-09-01T09:00:00.000000Z")
    then_after = snapshot_files(compute(seeded, catalogue, W30, as_known_then=True), with_charts=False)
    plain_after = snapshot_files(compute(seeded, catalogue, W30), with_charts=False)
    assert {n: then_after[n] for n in REPRODUCIBLE} == {n: then_before[n] for n in REPRODUCIBLE}
    assert plain_after["snapshot.csv"] != plain_before["snapshot.csv"]
    assert b"2.5500 BYN/USD" in plain_after["report.md"] and b"2.4500 BYN/USD" in then_after["report.md"]
