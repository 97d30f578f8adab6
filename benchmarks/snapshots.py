"""How long a weekly snapshot takes: 200 indicators with ten years of daily figures ("full").

Run: python -m benchmarks.snapshots [small|full]
"""
from __future__ import annotations

import json
import random
import sys
import tempfile
import time
import tomllib
from datetime import date, timedelta
from pathlib import Path

from indicators.catalogue import CATALOGUE_PATH, Catalogue, parse_catalogue
from indicators.exports import snapshot_files, write_files
from indicators.observation import Observation
from indicators.snapshots import IsoWeek, compute
from indicators.store import Store

SIZES = {"small": (20, 365), "full": (200, 3650)}
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


def run(size: str = "full") -> dict:
    indicators, days = SIZES[size]
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        t0 = time.perf_counter()
        catalogue = build_db(db, indicators, days)
        built = time.perf_counter() - t0
        week = IsoWeek.containing(LAST_DAY)
        with Store.open(db) as store:
            t0 = time.perf_counter()
            snap = compute(store, catalogue, week, as_known_then=True)
            computed = time.perf_counter() - t0
            files = snapshot_files(snap, with_zip=True, with_charts=False)
            write_files(files, Path(tmp) / "out")
            data_files = time.perf_counter() - t0
            snapshot_files(snap, with_zip=True)  # warm the chart renderer once, as a running service is
            t0 = time.perf_counter()
            snap = compute(store, catalogue, week, as_known_then=True)
            write_files(snapshot_files(snap, with_zip=True), Path(tmp) / "out-charts")
            with_charts = time.perf_counter() - t0
    return {"size": size, "indicators": indicators, "days": days, "observations": indicators * days,
            "build_db_s": round(built, 2), "compute_s": round(computed, 3),
            "snapshot_without_charts_s": round(data_files, 3), "snapshot_with_charts_s": round(with_charts, 3)}


if __name__ == "__main__":
    print(json.dumps(run(sys.argv[1] if len(sys.argv) > 1 else "full"), indent=2))
