"""`barometer import` against a raw sqlite3 executemany of the same rows into the same schema.

The import is timed end to end as the command runs it (read the CSV, validate every row, check
duplicates, insert in one transaction); the raw side only inserts ready-made tuples and commits.
Usage: python -m benchmarks.imports [ROWS or a size of benchmarks/sizes.py] (default 50000, the issue's figure);
the harness `python -m benchmarks` runs it at its standard sizes.
"""
from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from indicators import entry, imports
from indicators.catalogue import load_catalogue
from indicators.store import Store

from .sizes import SIZES, rows

DEFAULT_ROWS = 50_000
INDICATORS = ("arbitrary_detentions", "trust_president_minsk", "exchange_rate_byn_usd", "protest_rallies")
SOURCE = "https://example.org/report"


def rows_of(count: int) -> list[dict]:
    """Varied, valid rows: several indicators, qualifiers, periods, sources, notes in Cyrillic."""
    first = date(2015, 1, 1)
    out = []
    for n in range(count):
        indicator = INDICATORS[n % len(INDICATORS)]
        start = first + timedelta(days=n % 3000)
        ranged = indicator == "trust_president_minsk" and n % 3 == 0
        out.append({
            "indicator_id": indicator, "value": "" if ranged else str(n % 90 + 1),
            "period_start": start.isoformat(), "period_end": (start + timedelta(days=n % 30)).isoformat(),
            "qualifier": "range" if ranged else ("exact", "approx", "at_least", "at_most")[n % 4],
            "value_low": "10" if ranged else "", "value_high": "20" if ranged else "",
            "source_url": f"{SOURCE}/{n}", "note": f"строка {n}" if n % 5 == 0 else "", "entered_by": "benchmark",
        })
    return out


def write_csv(path: Path, records: list[dict]) -> Path:
    import csv

    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=imports.COLUMNS)
        writer.writeheader()
        writer.writerows(records)
    return path


def time_import(db: Path, csv_path: Path) -> float:
    catalogue = load_catalogue()
    with Store.open(db) as store:
        store.sync_catalogue(catalogue)
        started = time.perf_counter()
        ids = entry.import_lines(store, catalogue, imports.iter_lines(csv_path))
        elapsed = time.perf_counter() - started
    assert len(ids) == sum(1 for _ in csv_path.open(encoding="utf-8")) - 1
    return elapsed


def time_raw(db: Path, csv_path: Path) -> float:
    """The same rows, as the import stored them, inserted by executemany into a fresh copy of the schema."""
    catalogue = load_catalogue()
    with Store.open(db) as store:
        store.sync_catalogue(catalogue)
    source_rows = Store.open(db.with_name("import.db"))
    columns = [c for c in source_rows.db["observations"].columns_dict if c != "id"]
    tuples = source_rows.conn.execute(f"SELECT {', '.join(columns)} FROM observations ORDER BY id").fetchall()
    source_rows.close()
    con = sqlite3.connect(db)
    con.execute("PRAGMA foreign_keys = ON")  # the same connection settings the store uses
    con.execute("PRAGMA synchronous = NORMAL")
    started = time.perf_counter()
    con.execute("BEGIN IMMEDIATE")
    con.executemany(f"INSERT INTO observations ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                    tuples)
    con.commit()
    elapsed = time.perf_counter() - started
    con.close()
    return elapsed


def run(size: str = str(DEFAULT_ROWS)) -> dict:
    count = rows(size) if size in SIZES else int(size)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        csv_path = write_csv(folder / "rows.csv", rows_of(count))
        import_s = time_import(folder / "import.db", csv_path)
        raw_s = time_raw(folder / "raw.db", csv_path)
    return {
        "benchmark": "imports", "rows": count,
        "import_s": round(import_s, 3), "import_rows_per_s": round(count / import_s),
        "raw_executemany_s": round(raw_s, 3), "raw_rows_per_s": round(count / raw_s),
        "ratio": round(raw_s / import_s, 3),
    }


if __name__ == "__main__":
    print(json.dumps(run(sys.argv[1] if len(sys.argv) > 1 else str(DEFAULT_ROWS)), indent=2))
