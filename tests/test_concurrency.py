"""Two writers at once lose nothing: real processes importing into one database file, and the
dashboard's Add path saving figure after figure while a CLI import runs."""
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from indicators import entry, imports
from indicators.store import Store

ROOT = Path(__file__).parents[1]
ROWS = 2000
INDICATOR = "arbitrary_detentions"


def observations_file(path: Path, writer: str) -> Path:
    lines = [",".join(imports.COLUMNS)]
    lines += [f"{INDICATOR},{n},2021-01-01,,exact,,,https://{writer}.example.org/{n},,{writer}"
              for n in range(ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def start_import(db_path: Path, file: Path) -> subprocess.Popen:
    """`python -m indicators.cli import FILE` in its own process."""
    return subprocess.Popen([sys.executable, "-m", "indicators.cli", "--db", str(db_path), "import", str(file)],
                            cwd=ROOT, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def assert_imported(process: subprocess.Popen) -> None:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert f"imported {ROWS:,} observations" in out


def rows_by(db_path: Path) -> dict[str, list]:
    with Store.open(db_path) as s:
        rows = s.observations(INDICATOR)
    by: dict[str, list] = {}
    for r in rows:
        by.setdefault(r["entered_by"], []).append(r)
    return by


def assert_every_value(rows: list) -> None:
    assert sorted(r["value"] for r in rows) == [float(n) for n in range(ROWS)]


def hold_the_lock_while(db_path: Path, start) -> list:
    """Writers started while a third connection holds the write lock, so that they really queue on it."""
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    started = start()
    time.sleep(2)
    holder.execute("COMMIT")
    holder.close()
    return started


def test_two_imports_at_once_keep_every_row(seeded, db_path, tmp_path):
    files = [observations_file(tmp_path / f"{w}.csv", w) for w in ("first", "second")]
    writers = hold_the_lock_while(db_path, lambda: [start_import(db_path, f) for f in files])
    for w in writers:
        assert_imported(w)
    by = rows_by(db_path)
    for writer in ("first", "second"):
        assert_every_value(by[writer])


def test_the_dashboard_saving_one_by_one_during_a_cli_import_keeps_every_row(seeded, catalogue, db_path, tmp_path):
    """The Add page's path (entry.add, one transaction per figure) in this process, a file import in another,
    both starting the moment the lock is released. (Which gets in first is SQLite's busy handler's choice.)"""
    (importer,) = hold_the_lock_while(db_path, lambda: [start_import(db_path, observations_file(tmp_path / "cli.csv",
                                                                                                "cli"))])
    for n in range(ROWS):
        entry.add(seeded, catalogue, {"indicator_id": INDICATOR, "value": str(n), "period_start": "2021-01-01",
                                      "source_url": f"https://dashboard.example.org/{n}", "entered_by": "dashboard"})
    assert_imported(importer)
    by = rows_by(db_path)
    assert_every_value(by["dashboard"])
    assert_every_value(by["cli"])
    ids = sorted(r["id"] for r in by["cli"])
    assert ids == list(range(ids[0], ids[0] + ROWS))  # the import is one transaction, never split by a figure
