"""A tiny run of the whole benchmark, so that it cannot rot between full runs: on SQLite, and on PostgreSQL when
BAROMETER_TEST_POSTGRES names a server, both kept in one results file."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.__main__ import CASES
from tests.backends import POSTGRES_ENV

ROOT = Path(__file__).resolve().parents[2]


def run_benchmark(out: Path, workdir: Path, *extra: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--sizes", "tiny", "--repeat", "1", "--out", str(out),
         "--workdir", str(workdir), *extra],
        cwd=ROOT, capture_output=True, text=True, timeout=600, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stdout + proc.stderr


def assert_measured(results: list[dict]) -> None:
    assert sorted(r["case"] for r in results) == sorted(CASES)
    for result in results:
        assert "error" not in result, result
        assert result["rows"] > 0 and result["peak_rss_mb"] > 0
        assert all(m["median"] >= 0 for m in result["metrics"].values())


def test_every_benchmark_case_runs_at_the_tiny_size(tmp_path):
    out = tmp_path / "results.json"
    run_benchmark(out, tmp_path / "work")
    report = json.loads(out.read_text())
    assert report["machine"]["cpus"] >= 1 and report["machine"]["sqlite"]
    assert {r["backend"] for r in report["results"]} == {"sqlite"}
    assert_measured(report["results"])


@pytest.mark.skipif(not os.environ.get(POSTGRES_ENV), reason=f"{POSTGRES_ENV} is not set")
def test_on_postgresql_every_case_runs_and_its_results_sit_beside_sqlites(tmp_path):
    out = tmp_path / "results.json"
    run_benchmark(out, tmp_path / "work")
    run_benchmark(out, tmp_path / "work", "--db-url", os.environ[POSTGRES_ENV])
    report = json.loads(out.read_text())
    assert report["machine"]["postgresql"] and set(report["runs"]) == {"sqlite", "postgresql"}
    assert_measured([r for r in report["results"] if r["backend"] == "postgresql"])
    assert_measured([r for r in report["results"] if r["backend"] == "sqlite"])
    imports = next(r for r in report["results"] if r["backend"] == "postgresql" and r["case"] == "imports")
    assert "raw_copy_s" in imports["metrics"]
