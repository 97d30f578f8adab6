"""How long a weekly snapshot takes; the target is 200 indicators with ten years of daily figures ("730k").

The store is the shared synthetic one (benchmarks/synthetic.py), whose figures end today: the snapshot is
of the last complete week, plain (as known then, nothing of that store had been entered by then).
Run: python -m benchmarks.snapshots [SIZE]   (or with the others: python -m benchmarks --cases snapshots)
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from indicators.reports.snapshot import charts as snapshot_charts
from indicators.model.catalogue import load_catalogue
from indicators.reports.snapshot.files import snapshot_files, write_files
from indicators.reports.snapshot.compute import IsoWeek, compute, last_complete_week
from indicators.store import Store

from . import anchors
from .synthetic import stored_db


def measure(size: str, workdir: Path) -> tuple[int, dict]:
    """Seconds to compute the week, to write the data files and the brief, to write everything (charts and
    zip included, the chart renderer already warm as in a running scheduler or dashboard), for the
    whole `barometer snapshot --zip` command in a process of its own, with and without its charts, and for its
    anchor (a plain script writing the week's figures as a CSV)."""
    db, catalogue_path = stored_db(size, Path(workdir))
    catalogue = load_catalogue(catalogue_path)
    week = last_complete_week(date.today())
    with Store.open(db) as store, tempfile.TemporaryDirectory(dir=workdir) as out:
        rows = store.conn.execute("SELECT count(*) FROM observations").fetchone()[0]
        snapshot_charts.render(compute(store, catalogue, IsoWeek(2000, 1)))  # warm the renderer
        t0 = time.perf_counter()
        snap = compute(store, catalogue, week)
        computed = time.perf_counter() - t0
        write_files(snapshot_files(snap, with_zip=True, with_charts=False), Path(out) / "data")
        data_files = time.perf_counter() - t0
        t0 = time.perf_counter()
        snap = compute(store, catalogue, week)
        write_files(snapshot_files(snap, with_zip=True), Path(out) / "all")
        everything = time.perf_counter() - t0
        command = _command(db, catalogue_path, week, Path(out) / "command")
        no_charts = _command(db, catalogue_path, week, Path(out) / "no-charts", "--no-charts")
        anchor = anchors.week_csv_s(db, week.monday.isoformat(), week.sunday.isoformat(), Path(out) / "week.csv")
    return rows, {"compute_s": computed, "data_files_s": data_files, "snapshot_s": everything,
                  "command_s": command, "command_no_charts_s": no_charts, "anchor_week_csv_s": anchor}


def _command(db: Path, catalogue_path: Path, week: IsoWeek, out: Path, *extra: str) -> float:
    """`barometer snapshot --zip` as a user waits for it: a new process, imports and all."""
    argv = [sys.executable, "-m", "indicators.cli", "--db", str(db), "--catalogue", str(catalogue_path),
            "snapshot", "--week", week.label, "--out", str(out), "--zip", *extra]
    t0 = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True)
    return time.perf_counter() - t0


def run(size: str = "730k") -> dict:
    rows, metrics = measure(size, Path(__file__).resolve().parent / "work")
    return {"rows": rows, **metrics}


if __name__ == "__main__":
    print(json.dumps(run(*sys.argv[1:2]), indent=2))
