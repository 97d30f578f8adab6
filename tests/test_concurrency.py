"""Two writers at once lose nothing: real processes importing into one database file."""
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from indicators import imports
from indicators.store import Store

ROOT = Path(__file__).parents[1]
ROWS = 2000


def observations_file(path: Path, writer: str) -> Path:
    lines = [",".join(imports.COLUMNS)]
    lines += [f"arbitrary_detentions,{n},2021-01-01,,exact,,,https://{writer}.example.org/{n},,{writer}"
              for n in range(ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_two_imports_at_once_keep_every_row(seeded, db_path, tmp_path):
    files = [observations_file(tmp_path / f"{w}.csv", w) for w in ("first", "second")]
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    # A third writer holds the lock while both start, so that they really queue behind each other.
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    writers = [subprocess.Popen([sys.executable, "-m", "indicators.cli", "--db", str(db_path), "import", str(f)],
                                cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for f in files]
    time.sleep(2)
    holder.execute("COMMIT")
    holder.close()
    results = [w.communicate(timeout=120) + (w.returncode,) for w in writers]
    for out, err, code in results:
        assert code == 0, err
        assert f"imported {ROWS:,} observations" in out
    with Store.open(db_path) as s:
        rows = s.observations("arbitrary_detentions")
    for writer in ("first", "second"):
        mine = [r for r in rows if r["entered_by"] == writer]
        assert sorted(r["value"] for r in mine) == [float(n) for n in range(ROWS)]
