"""A collection evaluates the alert rules once its runs are logged: a source failing run after run opens one."""
import dataclasses

from collectors.runner import run_collect


def test_a_failed_collection_opens_the_collector_alert_once(store, catalogue, monkeypatch):
    monkeypatch.setenv("BAROMETER_HTTP_RETRIES", "0")
    strict = dataclasses.replace(catalogue, alerts={**catalogue.alerts, "collector_failures": 1})
    (result,) = run_collect(store, strict, ["nbrb"])  # its URL is a closed local port (conftest)
    assert result.status == "failed"
    (alert,) = [a for a in store.open_alerts().values() if a["rule"] == "collector"]
    assert alert["key"] == "collector:nbrb" and "the collector failed on its last run" in alert["explanation"]
    run_collect(store, strict, ["nbrb"])
    assert [a["key"] for a in store.alerts() if a["rule"] == "collector"] == ["collector:nbrb"]
