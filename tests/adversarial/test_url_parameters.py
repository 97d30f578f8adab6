"""A page's address is input like any other: ?lang=, ?indicator=, ?observation= and ?week= go through the text
policy before anything of theirs is shown, so a bidirectional override, a control or an invisible character in a
shared link never reaches the page; the page says which parameter was ignored, and why."""
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import language

ROOT = Path(__file__).resolve().parents[2] / "dashboard"
HOSTILE = ["en\u202e", "\u202egnp.exe", "x\u2066y", "be\u200d", "a\x1b[31mred", "a\nb", "\u200b"]
FORBIDDEN = ["\u202e", "\u2066", "\u200d", "\x1b", "\u200b"]


def shown(at) -> str:
    return "\n".join(str(e.value) for kind in ("warning", "error", "info", "markdown", "caption", "title")
                     for e in getattr(at, kind))


@pytest.fixture
def served(seeded, db_path, monkeypatch):
    monkeypatch.setenv("BAROMETER_DB", str(db_path))
    monkeypatch.delenv("BAROMETER_READONLY", raising=False)
    monkeypatch.delenv("BAROMETER_EDITOR_PASSWORD", raising=False)


def page(path, **query):
    at = AppTest.from_file(str(path), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


@pytest.mark.parametrize("asked", HOSTILE)
def test_a_language_with_a_forbidden_character_is_refused_before_it_is_shown(asked):
    choice = language.choose(asked, None, "en")
    assert choice.lang == "en" and choice.refused and choice.unknown is None
    notice = choice.notice()
    assert "“lang” parameter was ignored" in notice
    assert not any(c in notice for c in FORBIDDEN) and asked not in notice


def test_a_language_the_dashboard_does_not_speak_is_still_named():
    assert "“pl”" in language.choose("pl", None, "en").notice()


@pytest.mark.parametrize("asked", ["en\u202e", "x\u2066y"])
def test_the_app_shows_the_refusal_without_the_character(served, asked):
    at = page(ROOT / "app.py", lang=asked)
    assert not at.exception
    text = shown(at)
    assert "“lang” parameter was ignored" in text and not any(c in text for c in FORBIDDEN)


@pytest.mark.parametrize("value", ["political_prisoners\u202e", "\u202eevil", "x\u200dy", "a\x07b"])
def test_an_indicator_parameter_is_refused_before_it_is_shown(served, value):
    at = page(ROOT / "pages" / "indicator.py", indicator=value)
    assert not at.exception
    text = shown(at)
    assert "“indicator” parameter was ignored" in text and not any(c in text for c in FORBIDDEN)


@pytest.mark.parametrize("value", ["1\u202e", "\u202e1", "1\u200b"])
def test_an_observation_parameter_is_refused_before_it_is_shown(served, value):
    at = page(ROOT / "pages" / "edit.py", observation=value)
    assert not at.exception
    text = shown(at)
    assert "“observation” parameter was ignored" in text and not any(c in text for c in FORBIDDEN)


def test_a_week_parameter_is_refused_too(served):
    at = page(ROOT / "pages" / "export.py", week="2020-W30\u202e")
    assert not at.exception and "“week” parameter was ignored" in shown(at)


def test_a_clean_parameter_still_opens_its_page(served):
    at = page(ROOT / "pages" / "indicator.py", indicator="political_prisoners")
    assert not at.exception and "parameter was ignored" not in shown(at)
