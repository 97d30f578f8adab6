"""Files named on the command line: a device, a pipe or a directory is refused at once (never read forever), an
oversized one by its size; and nothing of a local file given with --from-file reaches the public run log (the
Sources page) — its first line quoted in a parser's error stays on the terminal."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from collectors import runner
from indicators import settings
from indicators.model import catalogue as cat
from indicators.store import Store

from .conftest import run

ROOT = Path(__file__).resolve().parents[2]
SECRET_LINE = "root:$6$s3cr3t-hash:19000:0:99999:7:::"
SOURCES_PAGE = ROOT / "dashboard" / "pages" / "sources.py"


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


def _devices(tmp_path, fifo):
    return {"/dev/zero": "/dev/zero", "a pipe": str(fifo), "a directory": str(tmp_path)}


def test_a_catalogue_that_is_not_a_regular_file_is_refused_at_once(tmp_path, fifo, db_path):
    for name, path in _devices(tmp_path, fifo).items():
        done = subprocess.run([sys.executable, "-m", "indicators.cli", "--db", str(db_path), "--catalogue", path,
                               "list"], env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True,
                              text=True, timeout=60)
        assert done.returncode == 2, (name, done.stderr)
        assert "--catalogue" in done.stderr and ("not a regular file" in done.stderr
                                                 or "is a directory" in done.stderr), (name, done.stderr)


def test_a_catalogue_from_the_environment_is_checked_too(monkeypatch):
    monkeypatch.setenv(settings.CATALOGUE.name, "/dev/zero")
    with pytest.raises(ValueError, match="not a regular file"):
        cat.load_catalogue()


def test_an_oversized_catalogue_is_refused_by_its_size(tmp_path):
    big = tmp_path / "big.toml"
    with big.open("wb") as fh:
        fh.truncate(cat.CATALOGUE_MAX_BYTES + 1)
    with pytest.raises(ValueError, match="the limit is"):
        cat.load_catalogue(big)


def test_from_file_and_import_refuse_devices_pipes_and_directories(initialized, unchanged, tmp_path, fifo):
    for name, path in _devices(tmp_path, fifo).items():
        collected = subprocess.run(
            [sys.executable, "-m", "indicators.cli", "--db", str(initialized), "collect", "who_covid",
             "--from-file", path], env={**os.environ, "PYTHONPATH": str(ROOT), "BAROMETER_READONLY": ""},
            capture_output=True, text=True, timeout=60)
        assert collected.returncode == 2 and "--from-file" in collected.stderr, (name, collected.stderr)
        imported = run(initialized, "import", path)
        assert imported.exit_code == 2, (name, imported.output)
    assert unchanged()


def test_an_oversized_from_file_is_refused_before_any_run(store, catalogue, tmp_path):
    big = tmp_path / "big.csv"
    with big.open("wb") as fh:
        fh.truncate(runner.FROM_FILE_MAX_BYTES + 1)
    with pytest.raises(ValueError, match="the limit is"):
        runner.run_collect(store, catalogue, ["who_covid"], from_file=big)
    assert store.runs("who_covid") == []


@pytest.mark.parametrize("source", ["who_covid", "acled", "citizenlab", "minsk_cases", "owid_vaccinations",
                                    "world_mortality", "gdelt", "nbrb", "ooni", "freedom_house"])
def test_a_local_files_text_never_reaches_the_run_log(store, catalogue, tmp_path, source):
    secret = tmp_path / "shadow"
    secret.write_text(f"{SECRET_LINE}\nbin:*:18000:0:99999:7:::\n", encoding="utf-8")
    (result,) = runner.run_collect(store, catalogue, [source], from_file=secret)
    assert result.status == "failed"
    (logged,) = store.runs(source)
    assert logged["error"] == runner.file_failure(source)
    assert "s3cr3t" not in logged["error"] and "root" not in logged["error"]
    assert store.payloads(source) == []  # the failed run's transaction kept nothing of the file


def test_the_details_stay_on_the_terminal_and_the_sources_page_shows_none(initialized, tmp_path, monkeypatch):
    secret = tmp_path / "shadow"
    secret.write_text(f"{SECRET_LINE}\n", encoding="utf-8")
    result = run(initialized, "collect", "who_covid", "--from-file", secret)
    assert result.exit_code == 1 and "s3cr3t" in result.output  # the one who ran it sees why
    monkeypatch.setenv("BAROMETER_DB", str(initialized))
    monkeypatch.setenv("BAROMETER_READONLY", "1")
    at = AppTest.from_file(str(SOURCES_PAGE), default_timeout=60).run()
    page = repr([e.value for e in at.code]) + repr([w.value for w in at.warning]) + repr(at.dataframe[0].value)
    assert "who_covid" in page and "s3cr3t" not in page and "root:" not in page
    with Store.open(initialized) as store:
        assert all("s3cr3t" not in (r["error"] or "") for r in store.runs())
