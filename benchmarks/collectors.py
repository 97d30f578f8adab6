"""A collector backfill (fetch, archive, parse, validate, upsert) against a raw sqlite3 executemany of the same rows.

`python -m benchmarks.collectors [SIZE] [REPEAT]`, or through the harness: `python -m benchmarks --cases collectors`.
The backfill is shaped as NBRB serves one: one synthetic currency per indicator, each asked in yearly requests
(at most 365 days a request, as the API allows), so a size of indicators × days is indicators × ⌈days / 365⌉
payloads. The payloads are generated before the run and handed to the runner by a stand-in for the network
fetch; they stay in memory (about 70 bytes a row), so the measured peak includes them.
The raw baseline inserts the very rows the collection stores (payload sha256 and run id included) with a plain
sqlite3 connection (default settings, so no foreign-key checks). It runs in a child process, so that its
million ready-made rows do not count in this process's peak memory, which is the collector's.
`ratio` is raw time / collect time: 0.5 means collecting takes twice as long as the bare inserts.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from collectors import nbrb
from collectors.registry import REGISTRY
from collectors.base import RawPayload, query
from collectors.runner import collect_source
from indicators.model.catalogue import load_catalogue
from indicators.store import Store, utc_now
from indicators.store.observations import _OBS_COLUMNS
from indicators.model.validation import validate_many

from . import backend
from .sizes import SIZES

START = date(2000, 1, 1)
TODAY = date(2026, 1, 1)


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


def body_for(url: str) -> bytes:
    """The dynamics answer for one request: the currency's synthetic rate on each day asked."""
    cur_id = int(url.split("/dynamics/")[1].split("?")[0])
    params = query(url)
    first, last = date.fromisoformat(params["startdate"]), date.fromisoformat(params["enddate"])
    rows = [{"Cur_ID": cur_id, "Date": f"{first + timedelta(days=d)}T00:00:00",
             "Cur_OfficialRate": round(1 + cur_id / 100 + (first - START).days / 1e4 + d / 1e4, 4)}
            for d in range((last - first).days + 1)]
    return json.dumps(rows, separators=(",", ":")).encode()


def _sizes(size) -> tuple[int, int]:
    if isinstance(size, str) and size in SIZES:
        return SIZES[size]
    n = int(size)
    return 100, max(1, n // 100)


def backfill(size) -> tuple:
    """(catalogue, since, until, {url: body}) of a backfill of this size."""
    n_indicators, days = _sizes(size)
    catalogue = catalogue_for(n_indicators)
    since, until = START, START + timedelta(days=days - 1)
    urls = nbrb.plan(catalogue.by_collector("nbrb"), since, until, catalogue.country)
    return catalogue, since, until, {url: body_for(url) for url in urls}


def _collect(tmp: Path, catalogue, since, until, bodies: dict[str, bytes]) -> tuple[float, float, int]:
    """Wall and CPU seconds of one full backfill into a fresh store, and the rows added."""
    def fetch(url, client=None):
        return RawPayload("nbrb", url, 200, utc_now(), bodies[url], "application/json")

    real = REGISTRY["nbrb"]
    REGISTRY["nbrb"] = dataclasses.replace(real, fetch=fetch)
    target = backend.fresh(tmp, "barometer_bench_collect")
    try:
        with Store.open(target) as store:
            store.sync_catalogue(catalogue)
            wall, cpu = time.perf_counter(), time.process_time()
            result = collect_source(store, catalogue, "nbrb", since=since, until=until, today=TODAY)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            assert result.status == "ok", result.error
            assert result.payloads == len(bodies)
            again = collect_source(store, catalogue, "nbrb", since=since, until=until, today=TODAY)
            assert (again.status, again.added, again.revised) == ("ok", 0, 0), again.error
    finally:
        REGISTRY["nbrb"] = real
        backend.drop(target)
    return wall, cpu, result.added


def raw(size, repeat: int) -> list[tuple[float, float]]:
    """Wall and CPU seconds of bare bulk inserts of the rows the backfill stores: sqlite3's executemany (default
    settings: no foreign-key checks), or psycopg's COPY into a database that already holds the payloads and the
    run the rows point to (PostgreSQL always checks foreign keys)."""
    catalogue, _, _, bodies = backfill(size)
    indicators = catalogue.by_collector("nbrb")
    at, rows = utc_now(), []
    for url, body in bodies.items():
        sha = hashlib.sha256(body).hexdigest()
        observations = validate_many(nbrb.parse(body, url, indicators, catalogue.country), catalogue, today=TODAY)
        rows.extend(Store._row(o, at, None, sha, 1) for o in observations)  # as collected: payload and run set
    insert = (f"INSERT INTO observations ({', '.join(_OBS_COLUMNS)}) "
              f"VALUES ({', '.join('?' * len(_OBS_COLUMNS))})")
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(repeat):
            target = backend.fresh(Path(tmp), "barometer_bench_raw")
            with Store.open(target) as store:
                store.sync_catalogue(catalogue)
                if backend.server():
                    for url, body in bodies.items():
                        store.archive_payload(source="nbrb", url=url, status=200, fetched_at=at, body=body)
                    assert store.start_run("nbrb") == 1
            if backend.server():
                import psycopg

                with psycopg.connect(target) as conn:
                    wall, cpu = time.perf_counter(), time.process_time()
                    with conn.cursor().copy(f"COPY observations ({', '.join(_OBS_COLUMNS)}) FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row(row)
                    conn.commit()
                    out.append((time.perf_counter() - wall, time.process_time() - cpu))
            else:
                conn = sqlite3.connect(target)
                wall, cpu = time.perf_counter(), time.process_time()
                with conn:
                    conn.executemany(insert, rows)
                out.append((time.perf_counter() - wall, time.process_time() - cpu))
                conn.close()
            backend.drop(target)
    return out


def _raw_in_child(size, repeat: int) -> list[tuple[float, float]]:
    here = Path(__file__).resolve().parent
    proc = subprocess.run([sys.executable, "-m", "benchmarks.collectors", "--raw", str(size), str(repeat)],
                          capture_output=True, text=True, check=True, cwd=here.parent,
                          env={**os.environ, "PYTHONPATH": str(here.parent)})
    return [tuple(x) for x in json.loads(proc.stdout.strip().splitlines()[-1])]


def run(size="100k", repeat: int = 1) -> dict:
    """Backfill vs raw insert, `repeat` times each; medians. ratio = raw time / collect time."""
    catalogue, since, until, bodies = backfill(size)
    with tempfile.TemporaryDirectory() as tmp:
        collect = [_collect(Path(tmp), catalogue, since, until, bodies) for _ in range(repeat)]
    raws = _raw_in_child(size, repeat)
    med = statistics.median
    c_wall, c_cpu, n = med(c[0] for c in collect), med(c[1] for c in collect), collect[0][2]
    r_wall, r_cpu = med(r[0] for r in raws), med(r[1] for r in raws)
    return {"rows": n, "payloads": len(bodies), "collect_s": c_wall,
            f"raw_{'copy' if backend.server() else 'executemany'}_s": r_wall,
            "collect_cpu_s": c_cpu, "raw_cpu_s": r_cpu, "collect_rows_per_s": n / c_wall,
            "raw_rows_per_s": n / r_wall, "ratio": r_wall / c_wall, "ratio_cpu": r_cpu / c_cpu}


if __name__ == "__main__":
    if sys.argv[1:2] == ["--raw"]:
        print(json.dumps(raw(sys.argv[2], int(sys.argv[3]))))
        sys.exit(0)
    size = sys.argv[1] if len(sys.argv) > 1 else "100k"
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    out = run(size, repeat)
    print(json.dumps(out, indent=2))
    raw_s = next(v for k, v in out.items() if k.startswith("raw_") and k.endswith("_s"))
    print(f"collect {out['rows']:,} rows in {out['payloads']:,} payloads: {out['collect_s']:.2f}s vs raw "
          f"{raw_s:.2f}s -> ratio {out['ratio']:.2f} wall, {out['ratio_cpu']:.2f} "
          f"CPU (target >= 0.5; medians of {repeat})")
