"""`barometer snapshot` on the database `barometer init` creates."""
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from indicators.model.catalogue import load_catalogue
from indicators.cli.main import cli
from indicators.reports.snapshot.files import REPRODUCIBLE

pytestmark = pytest.mark.both_backends
ROOT = Path(__file__).resolve().parents[2]

FILES = ["snapshot.csv", "snapshot.json", "snapshot.xlsx", "changes.csv", "changes.json", "datapackage.json",
         "report.md", "report.html"]


def run(db_target, *args, env=None):
    return CliRunner().invoke(cli, ["--db", str(db_target), *args], env=env or {})


def test_a_week_writes_every_file_and_a_second_run_gives_the_same_bytes(db_target, tmp_path):
    assert run(db_target, "init").exit_code == 0
    first = run(db_target, "snapshot", "--week", "2020-W30", "--out", str(tmp_path / "a"), "--zip")
    assert first.exit_code == 0, first.output
    assert f"2020-W30, {len(load_catalogue().indicators)} indicators" in first.output
    a = tmp_path / "a"
    assert all((a / name).is_file() for name in FILES) and (a / "barometer-2020-W30.zip").is_file()
    assert list((a / "charts").glob("*.png"))
    assert load_workbook(io.BytesIO((a / "snapshot.xlsx").read_bytes())).sheetnames == ["summary", "data", "events"]
    second = run(db_target, "snapshot", "--week", "2020-W30", "--out", str(tmp_path / "b"))
    assert second.exit_code == 0, second.output
    for name in REPRODUCIBLE:
        assert (a / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_the_default_folder_is_named_by_week_and_mode(db_target, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run(db_target, "init")
    result = run(db_target, "snapshot", "--week", "2020-W30", "--as-known-then")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "snapshots" / "2020-W30-as-known-then" / "snapshot.csv").exists()


def test_a_bad_or_unfinished_week_is_bad_input_naming_week(db_target, tmp_path):
    run(db_target, "init")
    for week in ("2020-30", "2020-W54", "2999-W01"):
        result = run(db_target, "snapshot", "--week", week, "--out", str(tmp_path / "x"))
        assert result.exit_code == 2 and "--week" in result.output, result.output
    assert not (tmp_path / "x").exists()


def test_an_existing_folder_needs_force(db_target, tmp_path):
    run(db_target, "init")
    out = str(tmp_path / "s")
    assert run(db_target, "snapshot", "--week", "2020-W30", "--out", out).exit_code == 0
    again = run(db_target, "snapshot", "--week", "2020-W30", "--out", out)
    assert again.exit_code == 2 and "--force" in again.output
    assert run(db_target, "snapshot", "--week", "2020-W30", "--out", out, "--force").exit_code == 0


def test_without_charts_the_same_files_are_written_but_the_charts_and_no_chart_library_is_loaded(db_target,
                                                                                                 tmp_path):
    assert run(db_target, "init").exit_code == 0
    with_charts = run(db_target, "snapshot", "--week", "2020-W30", "--out", str(tmp_path / "a"))
    assert with_charts.exit_code == 0, with_charts.output
    for args, env in ((["--no-charts"], {}), ([], {"BAROMETER_SNAPSHOT_CHARTS": "0"})):
        out = tmp_path / f"b{len(args)}"
        code = ("import sys\nfrom indicators.cli.main import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
                "print(sorted(m for m in ('altair', 'vl_convert', 'pandas') if m in sys.modules))")
        argv = ["barometer", "--db", str(db_target), "snapshot", "--week", "2020-W30", "--out", str(out), *args]
        done = subprocess.run([sys.executable, "-c", code, *argv[1:]], capture_output=True, text=True,
                              env={**os.environ, **env, "PYTHONPATH": str(ROOT)}, cwd=ROOT)
        assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout + done.stderr
        assert not (out / "charts").exists() and "charts/" not in (out / "report.md").read_text()
        for name in ("snapshot.csv", "snapshot.json", "changes.csv", "changes.json", "datapackage.json"):
            assert (out / name).read_bytes() == (tmp_path / "a" / name).read_bytes(), name


def test_the_command_has_help_text():
    result = CliRunner().invoke(cli, ["snapshot", "--help"])
    assert result.exit_code == 0 and "--as-known-then" in result.output and "Example" in result.output
