"""`barometer import` against a raw bulk insert of the same rows into the same schema: sqlite3's executemany, or on
PostgreSQL (`--db-url`) psycopg's COPY.

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

from indicators.input import entry, imports
from indicators.model.catalogue import load_catalogue
from indicators.store import Store

from . import backend
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


def time_import(db, csv_path: Path) -> float:
    catalogue = load_catalogue()
    with Store.open(db) as store:
        store.sync_catalogue(catalogue)
        started = time.perf_counter()
        ids = entry.import_lines(store, catalogue, imports.iter_lines(csv_path))
        elapsed = time.perf_counter() - started
    assert len(ids) == sum(1 for _ in csv_path.open(encoding="utf-8")) - 1
    return elapsed


def time_raw(db, imported) -> float:
    """The rows the import stored, inserted as they are into a fresh copy of the schema (the catalogue loaded,
    so that foreign keys and triggers are checked as for the import) and committed."""
    with Store.open(imported) as source_rows:
        columns = [c for c in source_rows.columns("observations") if c != "id"]
        tuples = source_rows.conn.execute(f"SELECT {', '.join(columns)} FROM observations ORDER BY id").fetchall()
    with Store.open(db) as store:
        store.sync_catalogue(load_catalogue())
    if backend.server():
        return _copy(db, columns, tuples)
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


def _copy(url: str, columns: list[str], tuples: list[tuple]) -> float:
    """psycopg's COPY in one transaction: the fastest way rows go into PostgreSQL."""
    import psycopg

    with psycopg.connect(url) as con:
        started = time.perf_counter()
        with con.cursor().copy(f"COPY observations ({', '.join(columns)}) FROM STDIN") as copy:
            for row in tuples:
                copy.write_row(row)
        con.commit()
        return time.perf_counter() - started


def run(size: str = str(DEFAULT_ROWS)) -> dict:
    count = rows(size) if size in SIZES else int(size)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        csv_path = write_csv(folder / "rows.csv", rows_of(count))
        imported, raw = backend.fresh(folder, "barometer_bench_import"), backend.fresh(folder, "barometer_bench_raw")
        try:
            import_s = time_import(imported, csv_path)
            raw_s = time_raw(raw, imported)
        finally:
            backend.drop(imported)
            backend.drop(raw)
    return {
        "benchmark": "imports", "rows": count,
        "import_s": round(import_s, 3), "import_rows_per_s": round(count / import_s),
        f"raw_{'copy' if backend.server() else 'executemany'}_s": round(raw_s, 3),
        "raw_rows_per_s": round(count / raw_s),
        "ratio": round(raw_s / import_s, 3),
    }


if __name__ == "__main__":
    print(json.dumps(run(sys.argv[1] if len(sys.argv) > 1 else str(DEFAULT_ROWS)), indent=2))
