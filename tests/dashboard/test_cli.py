"""`barometer dashboard`: streamlit run on the database in use, initialised first when new."""
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from dashboard.cli import APP, SERVE, prepare, streamlit_command
from indicators.cli.main import cli
from indicators.languages.i18n import use
from dashboard.screenshots import free_port
from indicators.store import Store

ROOT = Path(__file__).resolve().parents[2]


def test_the_command_runs_streamlit_headless_on_the_absolute_database_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    argv, env = streamlit_command("data.db", port=8765)
    assert argv[:4] == [sys.executable, str(SERVE), "run", str(APP)]
    assert APP.name == "app.py" and APP.exists()
    assert argv[argv.index("--server.headless") + 1] == "true"
    assert argv[argv.index("--server.port") + 1] == "8765"
    assert env["BAROMETER_DB"] == str(tmp_path / "data.db")


def test_the_dashboard_opens_in_the_commands_language(monkeypatch):
    monkeypatch.delenv("BAROMETER_LANG", raising=False)
    assert streamlit_command("data.db")[1]["BAROMETER_LANG"] == "en"
    with use("be"):
        assert streamlit_command("data.db")[1]["BAROMETER_LANG"] == "be"
    monkeypatch.setenv("BAROMETER_LANG", "ru")
    assert streamlit_command("data.db")[1]["BAROMETER_LANG"] == "ru"


def test_the_dashboard_listens_locally_and_never_looks_up_an_external_address():
    argv, _ = streamlit_command("data.db")
    assert argv[argv.index("--server.address") + 1] == "localhost"
    assert argv[argv.index("--browser.serverAddress") + 1] == "localhost"
    public, _ = streamlit_command("data.db", address="0.0.0.0")
    assert public[public.index("--server.address") + 1] == "0.0.0.0"
    assert public[public.index("--browser.serverAddress") + 1] == "localhost"


def test_a_new_database_is_initialised_once(db_path):
    assert prepare(db_path) is True
    with Store.open(db_path) as store:
        assert store.events() and store.observations("arbitrary_detentions")
    assert prepare(db_path) is False


def test_the_command_is_registered_with_help():
    result = CliRunner().invoke(cli, ["dashboard", "--help"])
    assert result.exit_code == 0
    assert "--db PATH" in result.output and "2020 baseline" in result.output


def test_a_read_only_deployment_does_not_create_a_database(tmp_path, monkeypatch):
    monkeypatch.setenv("BAROMETER_READONLY", "1")
    result = CliRunner().invoke(cli, ["dashboard", "--db", str(tmp_path / "new.db")])
    assert result.exit_code == 2 and "read-only" in result.output
    assert not Path(tmp_path / "new.db").exists()


def _listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_stopping_the_command_by_its_pid_stops_the_server_and_frees_the_port(seeded, db_path, tmp_path, signum):
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("BAROMETER_READONLY", None)
    log = open(tmp_path / "dashboard.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "indicators.cli", "--db", str(db_path), "dashboard", "--port",
                             str(port), "--address", "127.0.0.1"], cwd=tmp_path, env=env, stdout=log,
                            stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while not _listening(port):
            assert proc.poll() is None, (tmp_path / "dashboard.log").read_text()
            assert time.monotonic() < deadline, "the dashboard never listened"
            time.sleep(0.3)
        os.kill(proc.pid, signum)
        deadline = time.monotonic() + 10
        while _listening(port) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _listening(port), "the port is still held after the command was stopped"
        assert proc.wait(timeout=10) is not None
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
        log.close()
