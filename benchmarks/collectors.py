"""Collect 100,000 observations (archive, parse, validate, upsert) against a raw sqlite3 executemany of the same rows.

`python -m benchmarks.collectors [SIZE]`, or through the harness: `python -m benchmarks --cases collectors`.
The payload is generated in the NBRB dynamics format (synthetic rates, one synthetic currency per indicator).
The raw baseline inserts the very rows the collection stores (payload sha256 and run id included) with a
plain sqlite3 connection (default settings, so no foreign-key checks). `ratio` is raw time / collect time:
0.5 means collecting takes twice as long as the bare inserts.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from collectors.runner import collect_source
from indicators.catalogue import load_catalogue
from indicators.store import Store, utc_now
from indicators.store.observations import _INSERT_OBS
from indicators.validation import validate_many

from .sizes import SIZES

START = date(2000, 1, 1)
URL = "https://api.nbrb.by/exrates/rates/dynamics/1"


def catalogue_for(n_indicators: int):
    """The real catalogue with NBRB feeding n synthetic currencies (Cur_ID 1..n)."""
    base = load_catalogue()
    template = base.get("exchange_rate_byn_usd")
    indicators = {iid: dataclasses.replace(ind, collector=None) if ind.collector == "nbrb" else ind
                  for iid, ind in base.indicators.items()}
    for k in range(1, n_indicators + 1):
        iid = f"bench_rate_{k:04d}"
        indicators[iid] = dataclasses.replace(template, id=iid, params={"cur_id": k})
    return dataclasses.replace(base, indicators=indicators)


def payload(n_indicators: int, days: int) -> bytes:
    rows = [{"Cur_ID": k, "Date": f"{START + timedelta(days=d)}T00:00:00", "Cur_OfficialRate": round(1 + k / 100 + d / 1e4, 4)}
            for k in range(1, n_indicators + 1) for d in range(days)]
    return json.dumps(rows).encode()


def _sizes(size) -> tuple[int, int]:
    if isinstance(size, str) and size in SIZES:
        return SIZES[size]
    n = int(size)
    return 100, max(1, n // 100)


def _collect(tmp: Path, catalogue, path: Path) -> tuple[float, float, int]:
    """Wall and CPU seconds of one full collection run into a fresh store, and the rows added."""
    with Store.open(tmp / "collect.db") as store:
        store.sync_catalogue(catalogue)
        wall, cpu = time.perf_counter(), time.process_time()
        result = collect_source(store, catalogue, "nbrb", from_file=path, url=URL)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        assert result.status == "ok", result.error
        again = collect_source(store, catalogue, "nbrb", from_file=path, url=URL)
        assert (again.added, again.revised) == (0, 0)
    (tmp / "collect.db").unlink()
    return wall, cpu, result.added


def _raw(tmp: Path, catalogue, rows: list[tuple]) -> tuple[float, float]:
    """Wall and CPU seconds of a bare sqlite3 executemany of the same rows into the same schema."""
    with Store.open(tmp / "raw.db") as store:
        store.sync_catalogue(catalogue)
    conn = sqlite3.connect(tmp / "raw.db")
    wall, cpu = time.perf_counter(), time.process_time()
    with conn:
        conn.executemany(_INSERT_OBS, rows)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    conn.close()
    (tmp / "raw.db").unlink()
    return wall, cpu


def run(size="100k", repeat: int = 1) -> dict:
    """Collect vs raw insert, interleaved `repeat` times; medians. ratio = raw time / collect time."""
    n_indicators, days = _sizes(size)
    catalogue = catalogue_for(n_indicators)
    body = payload(n_indicators, days)
    from collectors import nbrb

    observations = validate_many(nbrb.parse(body, URL, catalogue.by_collector("nbrb"), catalogue.country), catalogue)
    at, sha = utc_now(), hashlib.sha256(body).hexdigest()
    rows = [Store._row(o, at, None, sha, 1) for o in observations]  # as collected: payload and run set
    collect, raw = [], []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        path = tmp / "payload.json"
        path.write_bytes(body)
        for _ in range(repeat):
            collect.append(_collect(tmp, catalogue, path))
            raw.append(_raw(tmp, catalogue, rows))
    med = statistics.median
    c_wall, c_cpu, n = med(c[0] for c in collect), med(c[1] for c in collect), collect[0][2]
    r_wall, r_cpu = med(r[0] for r in raw), med(r[1] for r in raw)
    return {"rows": n, "collect_s": c_wall, "raw_executemany_s": r_wall, "collect_cpu_s": c_cpu,
            "raw_cpu_s": r_cpu, "collect_rows_per_s": n / c_wall, "raw_rows_per_s": n / r_wall,
            "ratio": r_wall / c_wall, "ratio_cpu": r_cpu / c_cpu}


if __name__ == "__main__":
    size = sys.argv[1] if len(sys.argv) > 1 else "100k"
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    out = run(size, repeat)
    print(json.dumps(out, indent=2))
    print(f"collect {out['rows']:,} rows: {out['collect_s']:.2f}s vs raw executemany {out['raw_executemany_s']:.2f}s "
          f"-> ratio {out['ratio']:.2f} wall, {out['ratio_cpu']:.2f} CPU (target >= 0.5; medians of {repeat})")
