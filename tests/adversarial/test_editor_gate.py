"""The editor's gate cannot be held shut by someone else, nor left open by a secret that failed to expand: the
wrong-password delay belongs to the session that guessed, and a password set but empty closes editing, as
BAROMETER_READONLY does, with a notice saying why."""
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import auth
from indicators import settings

PAGES = Path(__file__).resolve().parents[2] / "dashboard" / "pages"
PASSWORD = "correct horse battery"


@pytest.fixture
def served(seeded, db_path, monkeypatch):
    monkeypatch.setattr(auth, "BACKOFF_BASE_S", 60.0)  # a wrong guess locks its session for the whole test
    monkeypatch.setenv("BAROMETER_DB", str(db_path))
    monkeypatch.delenv("BAROMETER_READONLY", raising=False)
    monkeypatch.delenv(settings.EDITOR_PASSWORD.name, raising=False)


def session(name="add.py", **params):
    at = AppTest.from_file(str(PAGES / name), default_timeout=30)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def guess(at, password):
    at.text_input(key="editor_password").set_value(password)
    at.button[0].click().run()
    return at


def test_an_attackers_wrong_guesses_never_delay_an_editor_in_another_session(served, monkeypatch):
    monkeypatch.setenv(settings.EDITOR_PASSWORD.name, PASSWORD)
    attacker = session()
    for _ in range(8):  # the gate at its longest delay, for the attacker's session
        guess(attacker, "guess")
    assert "Too many wrong passwords" in attacker.error[0].value or "Wrong password" in attacker.error[0].value
    editor = guess(session(), PASSWORD)
    assert not editor.error and [w for w in editor.selectbox if w.key.endswith("_indicator_id")]
    assert not guess(attacker, PASSWORD).selectbox  # the attacker's own session still waits


def test_the_delay_still_holds_within_the_session_that_guessed(served, monkeypatch):
    monkeypatch.setenv(settings.EDITOR_PASSWORD.name, PASSWORD)
    at = guess(session(), "guess")
    assert "Wrong password" in at.error[0].value
    assert "Too many wrong passwords" in guess(at, PASSWORD).error[0].value and not at.selectbox


@pytest.mark.parametrize("value", ["", " ", "\t", "\n"])
@pytest.mark.parametrize("page", ["add.py", "edit.py"])
def test_a_password_set_but_empty_closes_editing_with_a_notice(served, monkeypatch, value, page):
    monkeypatch.setenv(settings.EDITOR_PASSWORD.name, value)
    at = session(page, **({"observation": "1"} if page == "edit.py" else {}))
    assert any("set but empty" in w.value for w in at.warning), [w.value for w in at.warning]
    assert not [w for w in at.text_input if w.key == "editor_password"]
    assert not at.button and not at.file_uploader
    if page == "add.py":
        assert not at.selectbox


def test_an_empty_password_in_the_secrets_closes_editing_too(served):
    at = AppTest.from_file(str(PAGES / "add.py"), default_timeout=30)
    at.secrets[settings.EDITOR_PASSWORD.name] = ""
    at.run()
    assert any("set but empty" in w.value for w in at.warning) and not at.selectbox


def test_with_an_empty_password_no_session_is_an_editor(monkeypatch):
    monkeypatch.delenv("BAROMETER_READONLY", raising=False)
    monkeypatch.setenv(settings.EDITOR_PASSWORD.name, "")
    assert auth.configured_password() == auth.UNUSABLE
    assert not auth.is_editor()
