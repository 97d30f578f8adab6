"""The export page's logic: which weeks to offer, and a week's files and preview, without Streamlit."""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from indicators.model.catalogue import Catalogue, load_catalogue
from indicators.languages.i18n import N_, _, use
from indicators.public.database import metadata_path, publish
from indicators.reports.snapshot.files import snapshot_files, zip_name
from indicators.reports.snapshot.report import Link, is_safe_url, outline
from indicators.reports.snapshot.compute import IsoWeek, compute_both, last_complete_week
from indicators.shipped import shipped
from indicators.reports.snapshot.job import public_name
from indicators.store import Store, end_of

FIRST_WEEK = IsoWeek(2010, 1)  # the earliest events the paper recounts
MIME = {".csv": "text/csv", ".json": "application/json", ".md": "text/markdown", ".html": "text/html",
        ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".png": "image/png",
        ".zip": "application/zip"}
DOWNLOAD_ORDER = ("report.html", "report.md", "snapshot.xlsx", "snapshot.csv", "snapshot.json", "datapackage.json")


@dataclass(frozen=True)
class Bundle:
    name: str
    files: dict[str, bytes]
    preview: list[tuple]

    def downloads(self) -> list[tuple[str, str, bytes, str]]:
        """(label, file name, bytes, MIME type): the zip first, then each file; charts come in the zip."""
        zipped = next(n for n in self.files if n.endswith(".zip"))
        names = [zipped, *DOWNLOAD_ORDER]
        return [(n, n if n == zipped else f"{self.name}-{n}", self.files[n], MIME[n[n.rindex("."):]])
                for n in names]

    def charts(self) -> dict[str, bytes]:
        return {n: data for n, data in self.files.items() if n.startswith("charts/")}


def week_choices(today: date) -> list[str]:
    """Every complete week from the latest back to FIRST_WEEK, newest first."""
    week, out = last_complete_week(today), []
    while week >= FIRST_WEEK:
        out.append(week.label)
        week = IsoWeek.containing(week.monday - timedelta(days=7))
    return out


def default_week(store: Store, today: date, catalogue: Catalogue | None = None) -> str:
    """The week the page opens on: the latest complete week in which some figure's period ends or some figure was
    entered (by a person or a collector: what the install shipped is no news); the last complete week when there
    is neither, and the first week offered when everything is older."""
    last = last_complete_week(today)
    ship = shipped(catalogue or load_catalogue())
    ended = store.latest_period_end_by(last.sunday.isoformat())
    entered = store.entries(ship.by, ship.payloads, shipped=False, until=end_of(last.sunday), limit=1)
    days = [date.fromisoformat(d[:10]) for d in (ended, *(r["entered_at"] for r in entered)) if d]
    if not days:
        return last.label
    return max(IsoWeek.containing(max(days)), FIRST_WEEK).label


# The brief's family tables, ordered so that what a reader scans for (the standing against 2020) shows first.
PREVIEW_ORDER = [N_("Indicator"), N_("Against 2020"), N_("Verdict"), N_("This week"), N_("On the week before"),
                 N_("Latest known (period)"), N_("2020 baseline"), N_("Freshness")]


def _plain(part) -> str:
    if isinstance(part, Link):
        return part.text or part.url or ""
    if isinstance(part, list):
        return "".join(_plain(p) for p in part)
    return str(part)


def preview_blocks(blocks: list[tuple]) -> list[tuple]:
    """The brief's outline for safe widgets: tables as DataFrames, lists as plain lines, links as text
    (a source list becomes a table whose links are web URLs only)."""
    out = []
    for block in blocks:
        kind = block[0]
        if kind == "table":
            frame = pd.DataFrame([[_plain(c) for c in row] for row in block[2]], columns=block[1])
            order = [_(c) for c in PREVIEW_ORDER]  # the brief's headers, in the language it was written in
            if set(order) == set(frame.columns):
                frame = frame[order]
            out.append(("table", frame))
        elif kind in ("ul", "ol") and all(isinstance(i, list) and len(i) == 1 and isinstance(i[0], Link)
                                          for i in block[1]):
            urls = [i[0].url for i in block[1]]
            links = pd.DataFrame({"source": [u if is_safe_url(u) else None for u in urls],
                                  "as written": [None if is_safe_url(u) else u for u in urls]})  # headers: the page
            out.append(("links", links if links["as written"].notna().any() else links[["source"]]))
        elif kind in ("ul", "ol"):
            out.append(("lines", [_plain(i) for i in block[1]]))
        else:
            out.append(block)
    return out


def build(db_path: str, week: str, as_known_then: bool, lang: str) -> Bundle:
    """The week's snapshot files (with the zip) and its preview, made in memory: the brief, the workbook and the
    charts in `lang`, the data files as in every language."""
    with Store.open(db_path) as store:
        snap, brief = compute_both(store, load_catalogue(), IsoWeek.parse(week), as_known_then=as_known_then,
                                   lang=lang)
    files = snapshot_files(snap, brief=brief, with_zip=True)
    assert zip_name(snap) in files
    charts = sorted(n for n in files if n.startswith("charts/"))
    with use(brief.lang):
        return Bundle(snap.name, files, preview_blocks(outline(brief, charts)))


@dataclass(frozen=True)
class PublicDatabase:
    """The public database as a week's Sunday read it, and its Datasette metadata, as bytes to download."""

    name: str
    database: bytes
    metadata: bytes

    @property
    def metadata_name(self) -> str:
        return metadata_path(Path(self.name)).name


def public_database(db_path: str, week: str, lang: str) -> PublicDatabase:
    """`barometer publish --as-of <the week's Sunday> --lang <lang>`, made in a temporary folder: the same bytes
    as the command writes."""
    iso = IsoWeek.parse(week)
    name = public_name(iso)
    with tempfile.TemporaryDirectory() as folder, Store.open(db_path) as store:
        out = Path(folder) / name
        publish(store, load_catalogue(), out, as_of=iso.sunday, lang=lang)
        return PublicDatabase(name, out.read_bytes(), metadata_path(out).read_bytes())
