"""A tiny run of the whole benchmark, so that it cannot rot between full runs."""
import json
import os
import subprocess
import sys
from pathlib import Path

from benchmarks.__main__ import CASES

ROOT = Path(__file__).resolve().parents[2]


def test_every_benchmark_case_runs_at_the_tiny_size(tmp_path):
    out = tmp_path / "results.json"
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--sizes", "tiny", "--repeat", "1", "--out", str(out),
         "--workdir", str(tmp_path / "work")],
        cwd=ROOT, capture_output=True, text=True, timeout=600, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = json.loads(out.read_text())
    assert report["machine"]["cpus"] >= 1 and report["machine"]["sqlite"]
    assert sorted(r["case"] for r in report["results"]) == sorted(CASES)
    for result in report["results"]:
        assert "error" not in result, result
        assert result["rows"] > 0 and result["peak_rss_mb"] > 0
        assert all(m["median"] >= 0 for m in result["metrics"].values())
