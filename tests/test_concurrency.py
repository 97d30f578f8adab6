"""Writers at once lose nothing and duplicate nothing, on SQLite and on PostgreSQL: real processes importing
into one database, the dashboard's Add path saving figure after figure while a CLI import runs, and several
writers saving the same figure at the same moment."""
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from indicators.input import entry, imports
from indicators.input.entry import DuplicateObservation, RowsRejected
from indicators.model.observation import Observation
from indicators.store import Store
from tests.backends import at_once, writes_held

pytestmark = pytest.mark.both_backends
ROOT = Path(__file__).parents[1]
ROWS = 2000
INDICATOR = "arbitrary_detentions"
WRITERS = 6


def observations_file(path: Path, writer: str, rows: int = ROWS) -> Path:
    lines = [",".join(imports.COLUMNS)]
    lines += [f"{INDICATOR},{n},2021-01-01,,exact,,,https://{writer}.example.org/{n},,{writer}"
              for n in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def start_import(db_target, file: Path) -> subprocess.Popen:
    """`python -m indicators.cli import FILE` in its own process."""
    return subprocess.Popen([sys.executable, "-m", "indicators.cli", "--db", str(db_target), "import", str(file)],
                            cwd=ROOT, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def assert_imported(process: subprocess.Popen, rows: int = ROWS) -> None:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert f"imported {rows:,} observations" in out


def rows_by(db_target) -> dict[str, list]:
    with Store.open(db_target) as s:
        rows = s.observations(INDICATOR)
    by: dict[str, list] = {}
    for r in rows:
        by.setdefault(r["entered_by"], []).append(r)
    return by


def assert_every_value(rows: list, count: int = ROWS) -> None:
    assert sorted(r["value"] for r in rows) == [float(n) for n in range(count)]


def started_while_writes_are_held(db_target, start) -> list:
    """Writers started while another connection holds off every writer, so that they really queue."""
    with writes_held(db_target):
        started = start()
        time.sleep(2)
    return started


def test_two_imports_at_once_keep_every_row(seeded, db_target, tmp_path):
    files = [observations_file(tmp_path / f"{w}.csv", w) for w in ("first", "second")]
    writers = started_while_writes_are_held(db_target, lambda: [start_import(db_target, f) for f in files])
    for w in writers:
        assert_imported(w)
    by = rows_by(db_target)
    for writer in ("first", "second"):
        assert_every_value(by[writer])


def test_the_dashboard_saving_one_by_one_during_a_cli_import_keeps_every_row(seeded, catalogue, db_target, tmp_path):
    """The Add page's path (entry.add, one transaction per figure) in this process, a file import in another,
    both starting the moment the lock is released. (Which gets in first is the database's choice.)"""
    (importer,) = started_while_writes_are_held(
        db_target, lambda: [start_import(db_target, observations_file(tmp_path / "cli.csv", "cli"))])
    for n in range(ROWS):  # each on a day of its own, so that the alert rules evaluated after each save stay cheap
        day = (date(2021, 1, 2) + timedelta(days=n)).isoformat()
        entry.add(seeded, catalogue, {"indicator_id": INDICATOR, "value": str(n), "period_start": day,
                                      "source_url": f"https://dashboard.example.org/{n}", "entered_by": "dashboard"})
    assert_imported(importer)
    by = rows_by(db_target)
    assert_every_value(by["dashboard"])
    assert_every_value(by["cli"])
    ids = sorted(r["id"] for r in by["cli"])
    assert ids == list(range(ids[0], ids[0] + ROWS))  # the import is one transaction, never split by a figure


def test_writers_adding_the_same_figure_at_once_leave_one_row(seeded, catalogue, db_target):
    record = {"indicator_id": INDICATOR, "value": "7", "period_start": "2021-01-01",
              "source_url": "https://same.example.org/", "entered_by": "editor"}
    results = at_once(db_target, lambda s: entry.add(s, catalogue, record), count=WRITERS)
    saved = [r for r in results if isinstance(r, int)]
    assert len(saved) == 1, results
    assert all(isinstance(r, DuplicateObservation) and r.existing_id == saved[0] for r in results if r not in saved)
    assert [r["id"] for r in rows_by(db_target)["editor"]] == saved


def test_imports_of_the_same_file_at_once_save_it_once(seeded, catalogue, db_target, tmp_path):
    file = observations_file(tmp_path / "same.csv", "same", rows=200)
    results = at_once(db_target, lambda s: entry.import_lines(s, catalogue, imports.iter_lines(file)), count=3)
    saved = [r for r in results if isinstance(r, list)]
    assert len(saved) == 1 and all(isinstance(r, RowsRejected) for r in results if r not in saved), results
    assert_every_value(rows_by(db_target)["same"], 200)


def test_collector_loads_of_the_same_figures_at_once_store_them_once(seeded, db_target):
    figures = [Observation(INDICATOR, f"2021-02-{d:02d}", f"2021-02-{d:02d}", "exact", "https://nbrb.example/",
                           "collector:x", value=float(d), collector="x") for d in range(1, 29)]
    results = at_once(db_target, lambda s: s.upsert(figures), count=WRITERS)
    assert sorted(results) == [(0, 0)] * (WRITERS - 1) + [(28, 0)], results
    assert_every_value([{"value": r["value"] - 1} for r in rows_by(db_target)["collector:x"]], 28)
