"""How long a weekly snapshot takes; the target is 200 indicators with ten years of daily figures ("730k").

Run: python -m benchmarks.snapshots [SIZE]   (or all cases: python -m benchmarks --cases snapshots)
"""
from __future__ import annotations

import json
import os
import random
import sys
import tempfile
import time
import tomllib
from datetime import date, timedelta
from pathlib import Path

from indicators import snapshot_charts
from indicators.catalogue import CATALOGUE_PATH, Catalogue, parse_catalogue
from indicators.exports import snapshot_files, write_files
from indicators.observation import Observation
from indicators.snapshots import IsoWeek, compute
from indicators.store import Store

from .sizes import SIZES

LAST_DAY = date(2024, 12, 29)  # a Sunday: the snapshot is of the week it ends
SOURCE = "https://example.org/synthetic"


def synthetic_catalogue(indicators: int) -> Catalogue:
    """The real families, units and cadences, with `indicators` daily indicators spread over the families."""
    with open(CATALOGUE_PATH, "rb") as fh:
        doc = tomllib.load(fh)
    families = list(doc["families"])
    doc["indicator"] = [{
        "id": f"synthetic_{i:03d}", "name": f"Synthetic indicator {i}", "family": families[i % len(families)],
        "unit": "count", "kind": "flow" if i % 2 else "level", "worse_when": ("up", "down", "none")[i % 3],
        "cadence": "daily", "definition": "Synthetic series for benchmarks.",
    } for i in range(indicators)]
    return parse_catalogue(doc)


def build_db(path: str | Path, indicators: int = 200, days: int = 3650, seed: int = 0) -> Catalogue:
    """A store with `days` daily figures per indicator, ending on LAST_DAY; returns its catalogue."""
    rng = random.Random(seed)
    catalogue = synthetic_catalogue(indicators)
    first = LAST_DAY - timedelta(days=days - 1)
    dates = [(first + timedelta(days=d)).isoformat() for d in range(days)]
    with Store.open(path) as store:
        store.sync_catalogue(catalogue)
        for ind in catalogue.indicators.values():
            level = rng.uniform(50, 500)
            rows = []
            for day in dates:
                level = max(0.0, level + rng.gauss(0, 5))
                rows.append(Observation(ind.id, day, day, "exact", SOURCE, "benchmark", value=round(level, 2)))
            store.append(rows, entered_at="2014-01-01T00:00:00.000000Z")
    return catalogue


def _database(size: str, workdir: Path) -> tuple[Path, Catalogue]:
    """The synthetic store for a size, built once per work folder and reused."""
    indicators, days = SIZES[size]
    path = Path(workdir) / f"snapshots-{size}.db"
    if not path.exists():
        tmp = path.with_suffix(".building")
        for leftover in Path(workdir).glob(tmp.name + "*"):
            leftover.unlink()
        build_db(tmp, indicators, days)
        os.replace(tmp, path)
    return path, synthetic_catalogue(indicators)


def measure(size: str, workdir: Path) -> tuple[int, dict]:
    """Seconds to compute the week, to write the data files and the brief, and to write everything
    (charts and zip included, the chart renderer already warm as in a running scheduler or dashboard)."""
    db, catalogue = _database(size, Path(workdir))
    week = IsoWeek.containing(LAST_DAY)
    with Store.open(db) as store, tempfile.TemporaryDirectory(dir=workdir) as out:
        snapshot_charts.png(snapshot_charts.verdict_chart(snapshot_charts.verdict_frame(
            compute(store, catalogue, IsoWeek(2000, 1)))))  # warm the renderer
        t0 = time.perf_counter()
        snap = compute(store, catalogue, week, as_known_then=True)
        computed = time.perf_counter() - t0
        write_files(snapshot_files(snap, with_zip=True, with_charts=False), Path(out) / "data")
        data_files = time.perf_counter() - t0
        t0 = time.perf_counter()
        snap = compute(store, catalogue, week, as_known_then=True)
        write_files(snapshot_files(snap, with_zip=True), Path(out) / "all")
        everything = time.perf_counter() - t0
    return SIZES[size][0] * SIZES[size][1], {"compute_s": computed, "data_files_s": data_files,
                                             "snapshot_s": everything}


if __name__ == "__main__":
    size = sys.argv[1] if len(sys.argv) > 1 else "730k"
    work = Path(__file__).resolve().parent / "work"
    work.mkdir(exist_ok=True)
    rows, metrics = measure(size, work)
    print(json.dumps({"size": size, "rows": rows, **{k: round(v, 3) for k, v in metrics.items()}}, indent=2))
