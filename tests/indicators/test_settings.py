"""Settings have one home and are read when used: no module reads the environment but indicators/settings.py
(save the dashboard's launcher, which hands the environment on to its process, and the editor gate, which reads
the password from the environment or from Streamlit's secrets), a value set after import applies to the next
request, and a bad value is an error naming its variable."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from indicators import outbound, settings

ROOT = Path(__file__).resolve().parents[2]
PASSES_THE_ENVIRONMENT_ON = {"dashboard/cli.py", "dashboard/auth.py"}
VARIABLE = re.compile(r"^BAROMETER_[A-Z_]+$")


def modules():
    for package in ("indicators", "collectors", "dashboard"):
        for path in sorted((ROOT / package).rglob("*.py")):
            yield path.relative_to(ROOT).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def test_no_module_but_settings_reads_the_environment_or_names_a_variable():
    readers, named = [], []
    for name, tree in modules():
        if name == "indicators/settings.py":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv") and \
                    isinstance(node.value, ast.Name) and node.value.id == "os" and name not in PASSES_THE_ENVIRONMENT_ON:
                readers.append(f"{name}:{node.lineno}")
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and VARIABLE.match(node.value):
                named.append(f"{name}:{node.lineno} {node.value}")
    assert readers == [] and named == []


def test_a_setting_changed_after_import_applies_to_the_next_request(monkeypatch):
    monkeypatch.setenv(settings.HTTP_RETRIES.name, "0")
    monkeypatch.setenv(settings.HTTP_DEADLINE.name, "7.5")
    assert (outbound.collecting().attempts, outbound.collecting().deadline_s) == (1, 7.5)
    monkeypatch.delenv(settings.HTTP_RETRIES.name)
    assert outbound.collecting().attempts == int(settings.HTTP_RETRIES.default) + 1


def test_a_blank_setting_is_its_default_and_a_bad_number_names_its_variable(monkeypatch):
    monkeypatch.setenv(settings.SNAPSHOT_DIR.name, "  ")
    assert settings.SNAPSHOT_DIR.text() == "snapshots"
    monkeypatch.setenv(settings.HTTP_TIMEOUT.name, "soon")
    with pytest.raises(ValueError, match=r"\$BAROMETER_HTTP_TIMEOUT must be a number, not 'soon'"):
        outbound.collecting()


def test_a_per_source_setting_is_completed_with_the_id_in_capitals(monkeypatch):
    monkeypatch.setenv("BAROMETER_GDELT_MIN_INTERVAL", "0.5")
    assert settings.SOURCE_MIN_INTERVAL.text("gdelt", "5") == "0.5"
    assert settings.SOURCE_MIN_INTERVAL.text("ooni", "5") == "5"


def test_the_policy_waits_double_each_time_up_to_its_cap():
    policy = outbound.Policy(attempts=5, backoff_s=1.0, max_wait_s=3.0, timeout_s=1, deadline_s=10, max_bytes=1)
    assert [policy.wait(n) for n in (1, 2, 3, 4)] == [1.0, 2.0, 3.0, 3.0]
    assert policy.given(backoff_s=None, attempts=2).attempts == 2
