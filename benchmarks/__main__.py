"""`python -m benchmarks`: every part measured at four sizes, each case in its own process, on SQLite or, with
`--db-url postgresql://…`, on databases made on that PostgreSQL server.

Each case runs in a fresh interpreter so that its peak RSS is its own. Results are printed as a table and written
to benchmarks/results.json with a description of the machine, beside the other backend's results already there.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

from indicators.store import is_url

from . import backend
from .sizes import SIZES, rows

CASES = ["imports", "collectors", "listing", "dashboard", "snapshots", "browser"]
# Bulk-write cases insert every row of their size each time; past this many rows one run is enough to
# read their ratio to the raw limit, and keeps the whole benchmark within ten minutes on two cores.
BULK_CASES = {"imports", "collectors"}
BULK_REPEAT_ABOVE = 500_000
# 730k (200 indicators x 10 years) is where the issues set their time targets, so the read cases run there
# too; the bulk-write ratios are read at 1m instead, which bounds them from above.
CASES_AT = {"730k": ["listing", "dashboard", "snapshots", "browser"]}
HERE = Path(__file__).resolve().parent


def machine() -> dict:
    described = {"cpus": os.cpu_count(), "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
                 "platform": platform.platform(), "processor": platform.processor() or platform.machine()}
    if backend.server():
        described["postgresql"] = backend.version()
    return described


def run_case(case: str, size: str, repeat: int, workdir: Path) -> dict:
    cmd = [sys.executable, "-m", "benchmarks.case", case, size, str(repeat), str(workdir)]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=HERE.parent,
                          env={**os.environ, "PYTHONPATH": str(HERE.parent)})
    if proc.returncode != 0:
        return {"backend": backend.name(), "case": case, "size": size,
                "error": proc.stderr.strip().splitlines()[-1:] or ["failed"]}
    return {"backend": backend.name(), **json.loads(proc.stdout.strip().splitlines()[-1])}


def merged(previous: dict, report: dict) -> dict:
    """This run's results in place of the previous ones of its backend; the other backend's are kept (an older
    file's results, which name no backend, were SQLite's)."""
    mine = report["results"][0]["backend"] if report["results"] else backend.name()
    kept = [{"backend": "sqlite", **r} for r in previous.get("results", []) if r.get("backend", "sqlite") != mine]
    runs = {k: v for k, v in previous.get("runs", {}).items() if k != mine}
    if "runs" not in previous and previous.get("results") and mine != "sqlite":
        runs["sqlite"] = {"repeat": previous.get("repeat"), "seconds": previous.get("seconds")}
    machine = {**previous.get("machine", {}), **report["machine"]}
    return {"machine": machine, "runs": {**runs, mine: report["run"]}, "results": kept + report["results"]}


def summarise(samples: list[float]) -> dict:
    return {"median": statistics.median(samples), "min": min(samples), "max": max(samples), "n": len(samples)}


def render(results: list[dict]) -> str:
    lines = ["| backend | case | size | rows | metric | median | spread (min–max) | runs | peak RSS MB |",
             "|---|---|---|---:|---|---:|---:|---:|---:|"]
    for r in results:
        if "error" in r:
            lines.append(f"| {r['backend']} | {r['case']} | {r['size']} | | error: {r['error'][0]} | | | | |")
            continue
        for name, m in r["metrics"].items():
            lines.append(f"| {r['backend']} | {r['case']} | {r['size']} | {r['rows']:,} | {name} | "
                         f"{m['median']:.4g} | {m['min']:.4g}–{m['max']:.4g} | {m['n']} | {r['peak_rss_mb']:.0f} |")
    return "\n".join(lines)


# (case, measure, its metric, its anchor's metric): each read as a ratio to its anchor, run beside it (anchors.py)
RATIOS = [
    ("dashboard", "overview, first run", "overview_first_s", "anchor_all_first_s"),
    ("dashboard", "overview, rerun", "overview_rerun_s", "anchor_all_rerun_s"),
    ("dashboard", "indicator page, first run (cold)", "indicator_page_cold_s", "anchor_one_first_s"),
    ("dashboard", "indicator page, rerun", "indicator_page_rerun_s", "anchor_one_rerun_s"),
    ("browser", "overview in Chromium, reload", "overview_reload_s", "anchor_all_reload_s"),
    ("browser", "indicator page in Chromium, opened from a link", "indicator_link_s", "anchor_one_link_s"),
    ("snapshots", "`barometer snapshot --zip`", "command_s", "anchor_week_csv_s"),
    ("snapshots", "`barometer snapshot --zip --no-charts`", "command_no_charts_s", "anchor_week_csv_s"),
    ("listing", "`barometer list`", "list_command_s", "anchor_python_s"),
    ("imports", "`barometer import`, vs raw executemany", "import_s", "raw_executemany_s"),
    ("imports", "`barometer import`, vs raw COPY", "import_s", "raw_copy_s"),
]


def ratios(results: list[dict]) -> list[dict]:
    """Each measure's median over its anchor's median, measured in the same process and run."""
    out = []
    for r in results:
        for case, measure, metric, anchor in RATIOS:
            m = r.get("metrics", {})
            if r["case"] == case and metric in m and anchor in m and m[anchor]["median"] > 0:
                out.append({"backend": r["backend"], "size": r["size"], "measure": measure,
                            "median_s": m[metric]["median"], "anchor_s": m[anchor]["median"],
                            "ratio": m[metric]["median"] / m[anchor]["median"]})
    return out


def render_ratios(rows: list[dict]) -> str:
    lines = ["| backend | size | measure | median s | anchor s | ratio |", "|---|---|---|---:|---:|---:|"]
    lines += [f"| {r['backend']} | {r['size']} | {r['measure']} | {r['median_s']:.3g} | {r['anchor_s']:.3g} | "
              f"{r['ratio']:.2f}× |" for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--sizes", default="10k,100k,730k,1m", help=f"comma-separated, of {', '.join(SIZES)}")
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", default=str(HERE / "results.json"))
    parser.add_argument("--workdir", default=str(HERE / "work"))
    parser.add_argument("--db-url", metavar="URL",
                        help="measure on PostgreSQL: a postgresql:// URL of a database on the server, used to create "
                             "(and drop) one database per store measured")
    args = parser.parse_args(argv)
    if args.db_url:
        if not is_url(args.db_url):
            parser.error("--db-url: a postgresql:// URL")
        os.environ[backend.DB_URL_ENV] = args.db_url
    sizes = args.sizes.split(",")
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        parser.error(f"--sizes: unknown {unknown}; known: {list(SIZES)}")
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    results = []
    for size in sizes:
        for case in [c for c in args.cases.split(",") if c in CASES_AT.get(size, CASES)]:
            repeat = 1 if case in BULK_CASES and rows(size) > BULK_REPEAT_ABOVE else args.repeat
            result = run_case(case, size, repeat, workdir)
            results.append(result)
            print(f"{case:>10} {size:>5}: " + ("error " + result["error"][0] if "error" in result else
                  ", ".join(f"{k} {v['median']:.4g}" for k, v in result["metrics"].items())), flush=True)
    run = {"repeat": args.repeat, "seconds": round(time.perf_counter() - started, 1)}
    out = Path(args.out)
    previous = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    report = merged(previous, {"machine": machine(), "run": run, "results": results})
    tmp = out.with_suffix(".tmp")
    tmp.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, out)
    print()
    print(render(results))
    print()
    print(render_ratios(ratios(results)))
    print(f"\nmachine: {report['machine']}; total {run['seconds']} s; written to {out}")
    return 1 if any("error" in r for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
