"""Pictures are made to be published: the server they are taken from is read-only unless asked otherwise."""
from pathlib import Path

from dashboard.screenshots import server_command


def test_pictures_are_taken_as_the_public_sees_the_dashboard(monkeypatch):
    monkeypatch.setenv("BAROMETER_EDITOR_PASSWORD", "secret")
    monkeypatch.delenv("BAROMETER_READONLY", raising=False)
    _, env = server_command(Path("data.db"), 8999, editor=False)
    assert env["BAROMETER_READONLY"] == "1" and "BAROMETER_EDITOR_PASSWORD" not in env


def test_an_editors_view_is_only_on_request(monkeypatch):
    monkeypatch.setenv("BAROMETER_READONLY", "1")
    _, env = server_command(Path("data.db"), 8999, editor=True)
    assert "BAROMETER_READONLY" not in env
