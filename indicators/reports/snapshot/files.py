"""Writing a snapshot to files: CSV, JSON, XLSX, what changed (changes.csv, changes.json), a Frictionless Data
Package, the brief, charts and a zip.

The CSV, JSON, datapackage.json and report.md carry nothing from the wall clock, so the same snapshot
gives the same bytes. Files are written into a temporary folder beside the target and moved into place.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import tempfile
import zipfile
from datetime import date, datetime, time
from pathlib import Path

from ..changes import CSV_FIELDS as CHANGE_FIELDS
from ..changes import record as change_record
from ...languages.i18n import DEFAULT, _, current, use
from ...model.text_policy import csv_line, neutralize, xlsx_safe
from ...model.vocabulary import freshness_word
from . import charts, report
from .table import (EVENT_FIELDS, FIELDS, Field, all_sources, counts, event_records, records,
                             tally_word)

from .compute import Snapshot

REPRODUCIBLE = ("snapshot.csv", "snapshot.json", "changes.csv", "changes.json", "datapackage.json", "report.md")
# changes.csv: what each column holds (every cell is text; `at` is a timestamp or a day)
CHANGE_DESCRIPTIONS = {
    "kind": "verdict, outside_baseline, new_high, new_low, stale, collector_failing, added, corrected, retracted "
            "or event.",
    "indicator_id": "Indicator id in the catalogue; empty for a source's collector or an event.",
    "subject": "The indicator's name, the source's id or the event's label.",
    "at": "When: the figure's period end, the moment it was entered, corrected or retracted, a run's start, "
          "an event's day.",
    "figures": "The figures concerned, each with its qualifier and period, joined by '; '.",
    "baseline": "The 2020 baseline the indicator was judged against, as read.",
    "rule": "The rule that made this a change.",
    "explanation": "The sentence a reader sees: indicator, figures, baseline, rule and public sources.",
    "sources": "Public source URLs, space-separated.",
}
_DATE_FORMAT = "yyyy-mm-dd"
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_MODIFIED = re.compile(r"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


class SnapshotExists(FileExistsError):
    """The target folder holds a snapshot already; --force replaces it."""


class NotASnapshot(SnapshotExists):
    """The target exists but is not an earlier snapshot (or is the working folder): never replaced."""


def _cell(field: Field, value):
    return neutralize(value) if field.user_text else value


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def csv_bytes(snap: Snapshot) -> bytes:
    lines = [csv_line(f.name for f in FIELDS)]
    lines.extend(csv_line(_csv_text(_cell(f, row[f.name])) for f in FIELDS) for row in records(snap))
    return "".join(lines).encode("utf-8")


def changes_csv_bytes(snap: Snapshot) -> bytes:
    """What changed this week, one row per change; every text cell neutralized against formulas."""
    lines = [csv_line(CHANGE_FIELDS)]
    for item in snap.changes:
        row = change_record(item)
        lines.append(csv_line(_csv_text(neutralize(row[name])) for name in CHANGE_FIELDS))
    return "".join(lines).encode("utf-8")


def changes_json_bytes(snap: Snapshot) -> bytes:
    """What changed this week: the list `barometer changes --json` prints for the week, read the same way."""
    return _dumps([item.as_json() for item in snap.changes])


def _dumps(doc) -> bytes:
    return (json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def snapshot_doc(snap: Snapshot) -> dict:
    """The snapshot as one JSON document; sources and notes as lists."""
    rows = []
    for iw, row in zip(snap.indicators, records(snap)):
        rows.append({**row, "sources": list(iw.sources), "notes": list(iw.notes)})
    start, end = snap.catalogue.baseline_window
    return {
        "week": snap.week.label, "week_start": snap.week.monday.isoformat(),
        "week_end": snap.week.sunday.isoformat(), "as_known_then": snap.as_known_then,
        "known_as_of": snap.as_of, "baseline_window": {"start": start, "end": end},
        "counts": counts(snap), "indicators": rows, "events": event_records(snap), "sources": all_sources(snap),
    }


def json_bytes(snap: Snapshot) -> bytes:
    return _dumps(snapshot_doc(snap))


def datapackage_bytes(snap: Snapshot, csv_data: bytes, changes_data: bytes | None = None) -> bytes:
    """A Frictionless Data Package describing snapshot.csv (and changes.csv): fields, types, size and sha256."""
    changes_data = changes_csv_bytes(snap) if changes_data is None else changes_data
    mode = ", as known then" if snap.as_known_then else ""
    return _dumps({
        "name": f"legitimacy-barometer-{snap.name.lower()}",
        "title": f"Legitimacy Barometer weekly snapshot, {snap.week.label}{mode}",
        "description": (
            f"Indirect indicators of the public legitimacy of the regime in {snap.catalogue.country.name} for the ISO week "
            f"{snap.week.label} ({snap.week.monday.isoformat()} to {snap.week.sunday.isoformat()}), each against "
            f"the 2020 baseline and the week before. Figures are quoted from the sources listed in each row; "
            f"their terms of use apply, and no other licence is claimed."
            + (f" Only what had been entered by {snap.as_of} counts." if snap.as_known_then else "")),
        "resources": [{
            "name": "snapshot", "path": "snapshot.csv", "type": "table", "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8", "bytes": len(csv_data), "hash": f"sha256:{hashlib.sha256(csv_data).hexdigest()}",
            "dialect": {"delimiter": ",", "header": True},
            "schema": {
                "fields": [{"name": f.name, "type": f.type, "description": f.description} for f in FIELDS],
                "missingValues": [""], "primaryKey": ["indicator_id"]},
        }, {
            "name": "changes", "path": "changes.csv", "type": "table", "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8", "bytes": len(changes_data),
            "hash": f"sha256:{hashlib.sha256(changes_data).hexdigest()}",
            "dialect": {"delimiter": ",", "header": True},
            "schema": {
                "fields": [{"name": name, "type": "string", "description": CHANGE_DESCRIPTIONS[name]}
                           for name in CHANGE_FIELDS],
                "missingValues": [""]},
        }],
    })


# -- XLSX ---------------------------------------------------------------------------------------------


def _xlsx_value(field: Field, value):
    if value is None:
        return None
    if field.type == "date":
        return date.fromisoformat(value)
    value = _cell(field, value)
    return xlsx_safe(value) if isinstance(value, str) else value  # whatever is stored, the workbook stays valid


def _title(field: Field) -> str:
    """A column's title: its stable name in English (what scripts read), its title in other languages."""
    return field.name if current() == DEFAULT else _(field.title)


def _sheet(ws, fields: tuple[Field, ...], rows: list[dict]) -> None:
    """A typed table: numbers as numbers, dates as dates, bold frozen header, widths to fit. Each column's cells
    are also a name scoped to the sheet, the column's stable English name (week_low), whatever its title says."""
    from openpyxl.styles import Font  # openpyxl only when a workbook is written
    from openpyxl.utils import get_column_letter
    from openpyxl.workbook.defined_name import DefinedName

    titles = [_title(f) for f in fields]
    ws.append(titles)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([_xlsx_value(f, row[f.name]) for f in fields])
    for col, f in enumerate(fields, start=1):
        letter = get_column_letter(col)
        if f.type == "date":
            for cell in ws[letter][1:]:
                cell.number_format = _DATE_FORMAT
        longest = max([len(titles[col - 1]), *(len(str(row[f.name])) for row in rows if row[f.name] is not None)])
        ws.column_dimensions[letter].width = min(max(longest, 8) + 2, 60)
        quoted = ws.title.replace("'", "''")
        cells = f"'{quoted}'!${letter}$2:${letter}${max(len(rows), 1) + 1}"
        ws.defined_names[f.name] = DefinedName(f.name, attr_text=cells)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions


def xlsx_bytes(snap: Snapshot) -> bytes:
    from openpyxl import Workbook  # openpyxl only when a workbook is written
    from openpyxl.styles import Font

    wb = Workbook()
    summary = wb.active
    summary.title = _("summary")
    c = counts(snap)
    summary.append([_("Legitimacy Barometer weekly snapshot")])
    summary["A1"].font = Font(bold=True, size=14)
    lines = [(_("week"), snap.week.label), (_("week start"), snap.week.monday), (_("week end"), snap.week.sunday),
             (_("as known then"), snap.as_known_then), (_("indicators"), c["indicators"]),
             (_("with a value this week"), c["with_week_value"]), (_("events this week"), c["events"])]
    lines += [(_("against 2020: {verdict}").format(verdict=tally_word(k)), v) for k, v in c["verdict"].items()]
    lines += [(_("this week: {verdict}").format(verdict=tally_word(k)), v) for k, v in c["week_verdict"].items()]
    lines += [(_("freshness: {freshness}").format(freshness=freshness_word(k)), v) for k, v in c["freshness"].items()]
    for label, value in lines:
        summary.append([label, value])
        if isinstance(value, date):
            summary.cell(summary.max_row, 2).number_format = _DATE_FORMAT
    summary.column_dimensions["A"].width = 40
    summary.column_dimensions["B"].width = 14
    summary.freeze_panes = "A2"
    _sheet(wb.create_sheet(_("data")), FIELDS, records(snap))
    _sheet(wb.create_sheet(_("events")), EVENT_FIELDS, event_records(snap))
    wb.properties.creator = "Legitimacy Barometer"
    wb.properties.title = _("Weekly snapshot {week}").format(week=snap.week.label)
    wb.properties.language = snap.lang
    stamp = datetime.combine(snap.week.sunday, time())
    wb.properties.created = stamp
    buf = io.BytesIO()
    wb.save(buf)
    return _pinned_xlsx(buf.getvalue(), stamp)


def _pinned_xlsx(data: bytes, stamp: datetime) -> bytes:
    """The workbook with its save time replaced by the week's end, so that it too is reproducible."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = {info.filename: zf.read(info) for info in zf.infolist()}
    core = parts["docProps/core.xml"].decode("utf-8")
    parts["docProps/core.xml"] = _MODIFIED.sub(rf"\g<1>{stamp:%Y-%m-%dT%H:%M:%SZ}\g<2>", core).encode("utf-8")
    return zip_bytes(parts, sort=False)


# -- zip and the folder -----------------------------------------------------------------------------


def zip_bytes(files: dict[str, bytes], *, sort: bool = True) -> bytes:
    """One archive of every file, in name order with a fixed timestamp, so it too is reproducible."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(files) if sort else files:
            info = zipfile.ZipInfo(name, date_time=_ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, files[name])
    return buf.getvalue()


def snapshot_files(snap: Snapshot, *, brief: Snapshot | None = None, with_zip: bool = False,
                   with_charts: bool = True) -> dict[str, bytes]:
    """Every file of the snapshot by relative path. The data files (CSV, JSON, the data package) are `snap`'s,
    read in English, so they are the same bytes in every language; the brief, the workbook and the charts are
    `brief`'s (compute.compute_both), in its language, or `snap`'s."""
    if snap.lang != DEFAULT:
        raise ValueError(f"the data files are read in English; this snapshot was read in {snap.lang!r} "
                         f"(compute.compute_both gives both)")
    brief = brief or snap
    with use(DEFAULT):
        csv_data = csv_bytes(snap)
        changes_data = changes_csv_bytes(snap)
        files = {
            "snapshot.csv": csv_data,
            "snapshot.json": json_bytes(snap),
            "changes.csv": changes_data,
            "changes.json": changes_json_bytes(snap),
            "datapackage.json": datapackage_bytes(snap, csv_data, changes_data),
        }
    with use(brief.lang):
        pngs = charts.render(brief) if with_charts else {}
        files.update({
            "snapshot.xlsx": xlsx_bytes(brief),
            "report.md": report.markdown(brief, sorted(pngs)).encode("utf-8"),
            "report.html": report.html(brief, pngs).encode("utf-8"),
            **pngs,
        })
    if with_zip:
        files[f"{zip_name(snap)}"] = zip_bytes(files)
    return files


def zip_name(snap: Snapshot) -> str:
    return f"barometer-{snap.name}.zip"


_SNAPSHOT_FILES = {"snapshot.csv", "snapshot.json", "snapshot.xlsx", "changes.csv", "changes.json", "datapackage.json",
                   "report.md", "report.html"}
_SNAPSHOT_ZIP = re.compile(r"barometer-\d{4}-W\d{2}(-as-known-then)?\.zip")


def is_snapshot_folder(path: Path) -> bool:
    """An earlier snapshot (only the files a snapshot writes, its snapshot.json among them), or an empty folder:
    what --force may replace."""
    if not path.is_dir() or path.is_symlink():
        return False
    entries = list(path.iterdir())
    if not entries:
        return True
    for entry in entries:
        if entry.name == "charts" and entry.is_dir() and not entry.is_symlink():
            if not all(c.suffix == ".png" and c.is_file() and not c.is_symlink() for c in entry.iterdir()):
                return False
        elif not ((entry.name in _SNAPSHOT_FILES or _SNAPSHOT_ZIP.fullmatch(entry.name))
                  and entry.is_file() and not entry.is_symlink()):
            return False
    try:
        doc = json.loads((path / "snapshot.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(doc, dict) and {"week", "indicators", "counts"} <= set(doc)


def _replaceable(target: Path, force: bool) -> None:
    """Refuse to write over anything but an earlier snapshot, and only with `force`."""
    if not target.exists() and not target.is_symlink():
        return
    if not force:
        raise SnapshotExists(_("{path} exists; use {option} to replace it").format(path=target, option="--force"))
    here = Path.cwd().resolve()
    if target.resolve() == here or target.resolve() in here.parents:
        raise NotASnapshot(_("{path} is the current folder or holds it; give a folder of its own").format(path=target))
    if not is_snapshot_folder(target):
        raise NotASnapshot(_("{path} exists and is not an earlier snapshot (it holds other files); {option} replaces "
                             "only a snapshot folder: choose another folder").format(path=target, option="--force"))


def write_files(files: dict[str, bytes], target: str | Path, *, force: bool = False) -> Path:
    """Write into a temporary folder beside `target`, then move it into place; a snapshot already
    there is kept unless `force`, anything else is never replaced, and a failure leaves no half-written
    or temporary folder behind (an earlier snapshot is put back)."""
    given, target = Path(target), Path(os.path.abspath(target))
    _replaceable(target, force)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    old = None
    try:
        for name, data in files.items():
            path = tmp / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        if target.exists():
            _replaceable(target, force)  # again at the move: the folder may have changed meanwhile
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
            os.replace(target, old / target.name)
            try:
                os.replace(tmp, target)
            except BaseException:
                os.replace(old / target.name, target)
                raise
        else:
            os.replace(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None and target.exists():  # had neither move worked, the earlier snapshot stays in `old`
            shutil.rmtree(old, ignore_errors=True)
    return given


def write_snapshot(snap: Snapshot, target: str | Path, *, brief: Snapshot | None = None, with_zip: bool = False,
                   force: bool = False, with_charts: bool = True) -> Path:
    """Write every file of the snapshot; `with_charts=False` leaves out the brief's PNG charts (the slowest part
    of a snapshot: their engine starts in about half a second), the brief then says nothing of them."""
    target = Path(target)
    _replaceable(Path(os.path.abspath(target)), force)  # checked before the work as well as at the move
    return write_files(snapshot_files(snap, brief=brief, with_zip=with_zip, with_charts=with_charts), target,
                       force=force)
