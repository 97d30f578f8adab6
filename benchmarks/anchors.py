"""The anchors each part is measured beside, in the same run: the same job done the plainest way, so that a
figure reads as a ratio that holds when the machine's speed drifts.

- a page (benchmarks/anchor_page.py, through the same AppTest) that reads the observations with
  `pandas.read_sql` and draws one altair chart: for the overview, the whole table; for an indicator's page, its
  rows only;
- a script that reads the week's figures with `sqlite3` (or psycopg) and writes them as a CSV: for
  `barometer snapshot --zip`;
- `python -c pass`: for `barometer list`, as a whole command.
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PAGE = HERE / "anchor_page.py"
SCOPE_ENV = "BAROMETER_ANCHOR_SCOPE"  # "all", or the one indicator the anchor page reads

_WEEK_CSV = """
import csv, sys
target, monday, sunday, out = sys.argv[1:5]
if "://" in target:
    import psycopg
    conn = psycopg.connect(target)
    sql = "SELECT * FROM observations WHERE status = 'active' AND period_end BETWEEN %s AND %s ORDER BY id"
else:
    import sqlite3
    conn = sqlite3.connect(target)
    sql = "SELECT * FROM observations WHERE status = 'active' AND period_end BETWEEN ? AND ? ORDER BY id"
cursor = conn.execute(sql, [monday, sunday])
with open(out, "w", newline="", encoding="utf-8") as f:
    writer = csv.writer(f)
    writer.writerow([d[0] for d in cursor.description])
    writer.writerows(cursor)
"""


def _timed(argv: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True)
    return time.perf_counter() - started


def python_pass_s() -> float:
    """A Python process that does nothing: what any command costs before it starts."""
    return _timed([sys.executable, "-c", "pass"])


def week_csv_s(db: str | Path, monday: str, sunday: str, out: Path) -> float:
    """The week's figures read and written as a CSV by a plain script, in a process of its own."""
    return _timed([sys.executable, "-c", _WEEK_CSV, str(db), monday, sunday, str(out)])
