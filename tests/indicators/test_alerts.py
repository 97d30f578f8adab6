"""Alerts: rules from the catalogue, one alert per condition, resolved when it ends, acknowledged once; an Atom
feed that feed readers accept; a webhook that gets JSON once, with retries, and logs a failure."""
import dataclasses
import json
import logging
import xml.etree.ElementTree as ET
from datetime import datetime, timezone

import feedparser
import pytest
from click.testing import CliRunner
from werkzeug import Response

from indicators import settings
from indicators.reports import alerts as al
from indicators.reports import alert_feed as af
from indicators.reports import webhook as wh
from indicators.input import entry
from indicators.model.catalogue import CATALOGUE_PATH, CatalogueError, load_catalogue
from indicators.cli.main import cli
from indicators.model.observation import Observation
from indicators.reports.snapshot.compute import IsoWeek, compute
from indicators.reports.snapshot.files import snapshot_files
from indicators.store import StoreError
from indicators.model.validation import ValidationError
from tests.backends import at_once

pytestmark = pytest.mark.both_backends

LEVEL = "exchange_rate_byn_usd"  # economy: alerts at ±20 %
SRC = "https://www.nbrb.by/"
SECRET_URL = "https://secret.example/witness"
SECRET_NOTE = "met a contact at the ministry"
NOW = datetime(2020, 8, 21, 12, tzinfo=timezone.utc)
LATER = datetime(2020, 8, 23, 12, tzinfo=timezone.utc)
ATOM = "{http://www.w3.org/2005/Atom}"


def run(db_target, *args, env=None):
    return CliRunner().invoke(cli, ["--db", str(db_target), *args], env=env or {})


def obs(indicator, day, value, *, end=None, source=SRC, **kw):
    return Observation(indicator, day, end or day, "exact", source, "analyst", value=value, **kw)


@pytest.fixture
def risen(store):
    """The rouble rate 25 % above its 2020 baseline, fresh on NOW."""
    store.append([obs(LEVEL, "2020-07-01", 2.40), obs(LEVEL, "2020-08-20", 3.00)])
    return store


@pytest.fixture(autouse=True)
def no_webhook(monkeypatch):
    monkeypatch.delenv(settings.WEBHOOK_URL.name, raising=False)
    monkeypatch.delenv(settings.WEBHOOK_SECRET.name, raising=False)
    monkeypatch.setattr(wh, "POLICY", wh.POLICY.given(backoff_s=0.0, timeout_s=5.0))


def keys(store):
    return sorted(a["key"] for a in store.open_alerts().values())


# -- conditions --------------------------------------------------------------------------------------------

def test_a_change_beyond_the_threshold_opens_one_alert_that_explains_itself(risen, catalogue):
    result = al.evaluate(risen, catalogue, now=NOW)
    assert keys(risen) == [f"change:{LEVEL}:up"] and len(result.opened) == 1
    alert = risen.alert(result.opened[0])
    assert alert["title"] == "Exchange rate, BYN per USD: +25 % against the 2020 baseline"
    text = alert["explanation"]
    assert text.startswith("Exchange rate, BYN per USD: rose beyond ±20 % against its 2020 baseline (+25 %).")
    assert "2020 baseline 2.4000 BYN/USD" in text and "latest 3.0000 BYN/USD (2020-08-20)" in text
    assert "Rule: a change against the 2020 baseline certainly beyond ±20 % (catalogue: alerts.change_relative)." in text
    assert text.endswith(f"Sources: {SRC}.") and alert["detail"]["sources"] == [SRC]


def test_evaluations_at_once_open_each_alert_once(risen, catalogue, db_target):
    """Several processes evaluating the rules at the same moment (a scheduler and two editors saving): the
    later ones wait for the first, then find its alerts open."""
    results = at_once(db_target, lambda s: al.evaluate(s, catalogue, now=NOW), count=4)
    assert sorted(len(r.opened) for r in results) == [0, 0, 0, 1], results
    assert keys(risen) == [f"change:{LEVEL}:up"] and len(risen.alerts()) == 1


def test_evaluating_twice_opens_nothing_new(risen, catalogue):
    first = al.evaluate(risen, catalogue, now=NOW)
    second = al.evaluate(risen, catalogue, now=NOW)
    assert first.opened and second.opened == () and second.resolved == ()
    assert len(risen.alerts()) == len(first.opened)


def test_an_alert_resolves_when_its_condition_ends_and_a_new_one_opens_if_it_returns(risen, catalogue):
    (first,) = al.evaluate(risen, catalogue, now=NOW).opened
    risen.append([obs(LEVEL, "2020-08-21", 2.50)])
    result = al.evaluate(risen, catalogue, now=NOW)
    assert result.resolved == (first,) and keys(risen) == []
    resolved = risen.alert(first)
    assert resolved["resolution"].startswith("The condition ended: the change against the baseline is no longer "
                                             "certainly beyond the threshold. Now: latest 2.5000 BYN/USD")
    risen.append([obs(LEVEL, "2020-08-22", 3.10)])
    (again,) = al.evaluate(risen, catalogue, now=LATER).opened
    assert again != first and risen.alert(again)["key"] == risen.alert(first)["key"]


def test_rules_come_from_the_catalogue_with_family_and_indicator_overrides(risen, catalogue):
    assert catalogue.alert_rule(LEVEL).change_relative == 0.2  # the economy family's
    assert catalogue.alert_rule("political_prisoners").change_relative == 0.5  # the default
    assert catalogue.alert_rule("trust_president_minsk").change_difference == 10  # pp
    assert catalogue.alert_rule("covid_cases_reported").stale is False  # the pandemic family's
    loose = dataclasses.replace(catalogue, indicators={**catalogue.indicators, LEVEL: dataclasses.replace(
        catalogue.indicators[LEVEL], alerts={"change_relative": 0.3})})
    assert al.evaluate(risen, loose, now=NOW).opened == ()
    off = dataclasses.replace(catalogue, alerts={**catalogue.alerts, "change_relative": 0})
    off = dataclasses.replace(off, families={**off.families, "economy": dataclasses.replace(
        off.families["economy"], alerts={})})
    assert al.evaluate(risen, off, now=NOW).opened == ()


@pytest.mark.parametrize("table, message", [
    ("[alerts]\nchange_relativ = 0.5\n", "not one of"),
    ("[alerts]\nconsecutive_periods = 2.5\n", "whole number"),
    ("[alerts]\nstale = 1\n", "true or false"),
    ("[alerts]\nchange_difference = { pp = -1 }\n", "0 or more"),
])
def test_a_bad_alert_rule_in_the_catalogue_is_refused_naming_it(tmp_path, table, message):
    text = CATALOGUE_PATH.read_text(encoding="utf-8").replace("[alerts]\n", "[old_alerts]\n", 1)
    path = tmp_path / "catalogue.toml"
    path.write_text(text.replace("[country]", table + "\n[country]", 1), encoding="utf-8")
    with pytest.raises(CatalogueError, match=message):
        load_catalogue(path)


def test_moves_the_same_way_over_consecutive_periods(store, catalogue):
    months = [("2020-01-01", "2020-01-31"), ("2020-02-01", "2020-02-29"), ("2020-03-01", "2020-03-31"),
              ("2020-04-01", "2020-04-30")]
    store.append([obs("political_prisoners", s, v, end=e, source="https://spring96.org/en/news/1")
                  for (s, e), v in zip(months, [10, 20, 30, 40])])
    result = al.evaluate(store, catalogue, now=datetime(2020, 5, 10, tzinfo=timezone.utc))
    assert "run:political_prisoners:up" in keys(store)
    (run_alert,) = [store.alert(i) for i in result.opened if store.alert(i)["rule"] == "run"]
    assert "rose over 3 consecutive periods: 10 (2020-01-01 – 2020-01-31) → 20" in run_alert["explanation"]


def test_a_stale_series_opens_an_alert_only_where_it_is_collected_and_a_fresh_figure_resolves_it(risen, catalogue):
    later = datetime(2020, 9, 30, tzinfo=timezone.utc)
    al.evaluate(risen, catalogue, now=later)
    assert f"stale:{LEVEL}" not in keys(risen)  # nothing says the bank published what we lack
    risen.finish_run(risen.start_run("nbrb", {"from_file": "rates.json"}), status="ok")
    al.evaluate(risen, catalogue, now=later)
    assert f"stale:{LEVEL}" not in keys(risen)  # a file loaded by hand is no collection either
    risen.finish_run(risen.start_run("nbrb", {"since": "2020-09-01"}), status="ok")
    al.evaluate(risen, catalogue, now=later)
    assert f"stale:{LEVEL}" in keys(risen)  # collected, and still nothing newer: the collector needs a look
    risen.append([obs(LEVEL, "2020-09-29", 2.50)])
    al.evaluate(risen, catalogue, now=later)
    assert f"stale:{LEVEL}" not in keys(risen)


def test_a_collector_failing_run_after_run_opens_an_alert_and_a_good_run_resolves_it(store, catalogue):
    for n in range(3):
        al.evaluate(store, catalogue, now=NOW)
        assert "collector:nbrb" not in keys(store)
        store.finish_run(store.start_run("nbrb"), status="failed", error="nbrb: HTTP 503")
    al.evaluate(store, catalogue, now=NOW)
    (alert,) = [a for a in store.open_alerts().values() if a["rule"] == "collector"]
    assert alert["source"] == "nbrb" and "failed on its last 3 runs in a row" in alert["explanation"]
    store.finish_run(store.start_run("nbrb"), status="ok")
    assert al.evaluate(store, catalogue, now=NOW).resolved == (alert["id"],)
    assert "was ok" in store.alert(alert["id"])["resolution"]


def test_every_write_evaluates_the_rules(store, catalogue, monkeypatch):
    record = {"indicator_id": LEVEL, "value": "2.40", "period_start": "2020-07-01", "source_url": SRC,
              "entered_by": "anna"}
    entry.add(store, catalogue, record, today=NOW.date())
    new_id = entry.add(store, catalogue, {**record, "value": "3.0", "period_start": "2026-11-20"})
    assert f"change:{LEVEL}:up" in keys(store)
    entry.retract(store, new_id, "wrong currency", catalogue=catalogue)
    assert f"change:{LEVEL}:up" not in keys(store)


def test_a_failing_evaluation_never_undoes_a_saved_figure(store, catalogue, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(al, "conditions", broken)
    with caplog.at_level(logging.ERROR, logger="barometer.alerts"):
        new_id = entry.add(store, catalogue, {"indicator_id": LEVEL, "value": "2.4", "period_start": "2020-07-01",
                                              "source_url": SRC, "entered_by": "anna"})
    assert store.get(new_id)["status"] == "active" and "could not be evaluated" in caplog.text


def test_a_read_only_deployment_evaluates_nothing(risen, catalogue, monkeypatch):
    monkeypatch.setenv("BAROMETER_READONLY", "1")
    assert al.evaluate(risen, catalogue, now=NOW).skipped == "read-only" and risen.alerts() == []


# -- the log is append-only --------------------------------------------------------------------------------

def test_an_alert_is_resolved_once_and_acknowledged_once_and_never_rewritten(risen, catalogue):
    (alert_id,) = al.evaluate(risen, catalogue, now=NOW).opened
    row = al.acknowledge(risen, alert_id, "anna", at="2020-08-21T13:00:00.000000Z")
    assert (row["acknowledged_by"], row["acknowledged_at"]) == ("anna", "2020-08-21T13:00:00.000000Z")
    with pytest.raises(StoreError, match="acknowledged already, by anna"):
        al.acknowledge(risen, alert_id, "boris")
    risen.resolve_alert(alert_id, "done", at="2020-08-22T00:00:00.000000Z")
    with pytest.raises(StoreError, match="resolved already"):
        risen.resolve_alert(alert_id, "again")
    risen.record_delivery(alert_id, "opened", channel="webhook", attempts=3, status="failed", error="HTTP 500")
    replace = {"sqlite": "INSERT OR REPLACE INTO alerts SELECT * FROM alerts",
               "postgresql": "INSERT INTO alerts SELECT * FROM alerts ON CONFLICT (id) DO UPDATE SET title = 'x'"}
    for sql in ("UPDATE alerts SET explanation = 'x'", "UPDATE alerts SET resolved_at = NULL, resolution = NULL",
                "UPDATE alerts SET acknowledged_by = 'boris'", "DELETE FROM alerts", replace[risen.dialect],
                "UPDATE alert_deliveries SET status = 'ok'", "DELETE FROM alert_deliveries"):
        with pytest.raises(risen.sql.integrity_error):
            risen.conn.execute(sql)


def test_one_condition_cannot_have_two_open_alerts_whatever_writes_them(risen, catalogue):
    (alert_id,) = al.evaluate(risen, catalogue, now=NOW).opened
    with pytest.raises(StoreError, match="open already"):
        risen.open_alert(key=risen.alert(alert_id)["key"], rule="change", indicator_id=LEVEL, source=None,
                         title="t", explanation="e", detail={})
    with pytest.raises(risen.sql.integrity_error):
        risen.conn.execute("INSERT INTO alerts (key, rule, opened_at, title, explanation, detail) "
                           "SELECT key, rule, opened_at, title, explanation, detail FROM alerts")


@pytest.mark.parametrize("who", ["", "   ", "anna\x1b[31m", "x" * 201])
def test_acknowledging_needs_a_name_under_the_text_policy(risen, catalogue, who):
    (alert_id,) = al.evaluate(risen, catalogue, now=NOW).opened
    with pytest.raises(ValidationError):
        al.acknowledge(risen, alert_id, who)
    assert risen.alert(alert_id)["acknowledged_at"] is None


# -- the Atom feed ----------------------------------------------------------------------------------------

def test_the_feed_parses_as_atom_with_one_entry_per_alert(risen, catalogue):
    (first,) = al.evaluate(risen, catalogue, now=NOW).opened
    risen.append([obs(LEVEL, "2020-08-21", 2.50)])
    al.evaluate(risen, catalogue, now=NOW)
    risen.append([obs(LEVEL, "2020-08-22", 3.10)])
    (second,) = al.evaluate(risen, catalogue, now=LATER).opened
    data = af.feed_bytes(risen.alerts(), feed_key="Belarus")
    parsed = feedparser.parse(data)
    assert parsed.version == "atom10" and not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.title == "Legitimacy Barometer: alerts" and parsed.feed.author == "Legitimacy Barometer"
    assert [e.title for e in parsed.entries] == [
        "Exchange rate, BYN per USD: +29 % against the 2020 baseline",
        "Resolved: Exchange rate, BYN per USD: +25 % against the 2020 baseline"]
    newest, oldest = parsed.entries
    assert newest.id != oldest.id and newest.id.startswith("urn:uuid:")
    assert "2020 baseline 2.4000 BYN/USD" in newest.content[0].value and newest.links[0].href == SRC
    assert "The condition ended" in oldest.content[0].value
    root = ET.fromstring(data)  # RFC 4287: the feed and each entry have an id, a title and an updated time
    assert root.tag == f"{ATOM}feed"
    for element in [root, *root.iter(f"{ATOM}entry")]:
        assert all(element.find(f"{ATOM}{tag}") is not None for tag in ("id", "title", "updated"))
    assert af.feed_bytes(risen.alerts(), feed_key="Belarus") == data  # the same alerts, the same bytes
    assert first != second


def test_the_cli_writes_the_feed_and_lists_and_acknowledges_alerts(seeded, db_target, tmp_path):
    assert run(db_target, "add", LEVEL, "2.4", "--start", "2020-07-01", "--source", SRC, "--by", "a").exit_code == 0
    assert run(db_target, "add", LEVEL, "3.4", "--start", "2026-11-01", "--source", SRC, "--by", "a").exit_code == 0
    result = run(db_target, "alerts", "--json", "--feed", str(tmp_path / "feed" / "alerts.xml"))
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    mine = next(a for a in listed if a["key"] == f"change:{LEVEL}:up")
    assert mine["status"] == "open" and mine["sources"] == [SRC] and "2020 baseline" in mine["explanation"]
    parsed = feedparser.parse((tmp_path / "feed" / "alerts.xml").read_bytes())
    assert not parsed.bozo and len(parsed.entries) == len(listed)
    done = run(db_target, "alerts", "--acknowledge", str(mine["id"]), "--by", "anna")
    assert done.exit_code == 0 and f"acknowledged alert {mine['id']} by anna" in done.output
    again = run(db_target, "alerts", "--acknowledge", str(mine["id"]), "--by", "boris")
    assert again.exit_code == 2 and "acknowledged already" in again.output
    assert run(db_target, "alerts", "--by", "anna").exit_code == 2
    text = run(db_target, "alerts").output
    assert f"#{mine['id']}  acknowledged" in text and "(acknowledged by anna)" in text
    readonly = run(db_target, "alerts", "--json", env={"BAROMETER_READONLY": "1"})
    assert readonly.exit_code == 0 and len(json.loads(readonly.stdout)) == len(listed)


# -- the webhook ------------------------------------------------------------------------------------------

def test_the_webhook_gets_each_event_once_as_json(risen, catalogue, httpserver, monkeypatch):
    monkeypatch.setenv(settings.WEBHOOK_URL.name, httpserver.url_for("/hook"))
    monkeypatch.setenv(settings.WEBHOOK_SECRET.name, "s3cret")
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    (alert_id,) = al.evaluate(risen, catalogue, now=NOW).opened
    al.evaluate(risen, catalogue, now=NOW)  # nothing new: nothing sent
    (request, _), = httpserver.log
    body = json.loads(request.data)
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["X-Barometer-Signature"].startswith("sha256=")
    (event,) = body["events"]
    assert (event["event"], event["id"], event["rule"], event["indicator_id"]) == ("opened", alert_id, "change", LEVEL)
    assert event["sources"] == [SRC] and "2020 baseline" in event["explanation"]
    assert body["text"] == "Alert: Exchange rate, BYN per USD: +25 % against the 2020 baseline"
    risen.append([obs(LEVEL, "2020-08-21", 2.50)])
    al.evaluate(risen, catalogue, now=NOW)
    assert len(httpserver.log) == 2 and json.loads(httpserver.log[1][0].data)["events"][0]["event"] == "resolved"
    assert [d["status"] for d in risen.deliveries(alert_id)] == ["ok", "ok"]


def test_a_failing_webhook_is_retried_logged_and_tried_again_at_the_next_evaluation(risen, catalogue, httpserver,
                                                                                       monkeypatch, caplog):
    monkeypatch.setenv(settings.WEBHOOK_URL.name, httpserver.url_for("/hook"))
    httpserver.expect_ordered_request("/hook").respond_with_response(Response("down", status=503))
    httpserver.expect_ordered_request("/hook").respond_with_response(Response("down", status=500))
    httpserver.expect_ordered_request("/hook").respond_with_response(Response("down", status=502))
    with caplog.at_level(logging.WARNING, logger="barometer.alerts"):
        result = al.evaluate(risen, catalogue, now=NOW)
    assert (result.delivered, result.failed) == (0, 1) and len(httpserver.log) == 3  # three attempts
    assert "not delivered after 3 attempt(s): HTTP 502" in caplog.text
    (failed,) = risen.deliveries(result.opened[0])
    assert (failed["status"], failed["attempts"], failed["error"]) == ("failed", 3, "HTTP 502")
    httpserver.clear()
    httpserver.expect_request("/hook").respond_with_data("ok")
    retried = al.evaluate(risen, catalogue, now=NOW)
    assert (retried.opened, retried.delivered) == ((), 1) and len(httpserver.log) == 1
    assert json.loads(httpserver.log[0][0].data)["events"][0]["id"] == result.opened[0]
    al.evaluate(risen, catalogue, now=NOW)
    assert len(httpserver.log) == 1  # delivered once: never again


def test_a_refusing_or_unreachable_webhook_fails_without_stopping_anything(risen, catalogue, httpserver,
                                                                           monkeypatch):
    httpserver.expect_request("/hook").respond_with_response(Response("no", status=404))
    result = al.evaluate(risen, catalogue, now=NOW, webhook_url=httpserver.url_for("/hook"))
    assert result.failed == 1 and len(httpserver.log) == 1  # a 4xx is not retried
    closed = al.evaluate(risen, catalogue, now=NOW, webhook_url="http://127.0.0.1:9/hook")
    assert closed.failed == 1
    assert [d["attempts"] for d in risen.deliveries()] == [1, 3]
    assert "ConnectError" in risen.deliveries()[-1]["error"]


# -- nothing confidential reaches the feed, the webhook or the brief ---------------------------------------

def test_no_confidential_text_reaches_the_feed_the_webhook_or_the_brief(store, catalogue, httpserver, monkeypatch):
    secret = dict(note=SECRET_NOTE, note_confidential=True, source_confidential=True, source=SECRET_URL)
    store.append([obs(LEVEL, "2020-07-01", 2.40, **secret), obs(LEVEL, "2020-08-20", 3.00, **secret)],
                 entered_at="2020-08-20T10:00:00.000000Z")
    httpserver.expect_request("/hook").respond_with_data("ok")
    result = al.evaluate(store, catalogue, now=NOW, webhook_url=httpserver.url_for("/hook"))
    assert result.opened and result.delivered
    sent = b"".join(request.data for request, _ in httpserver.log)
    feed = af.feed_bytes(store.alerts())
    files = snapshot_files(compute(store, catalogue, IsoWeek(2020, 34)), with_charts=False)
    brief = files["report.md"] + files["report.html"] + files["changes.json"] + files["changes.csv"]
    assert b"What changed this week" in files["report.md"] and b"BYN/USD" in brief
    for data in (sent, feed, brief, json.dumps(store.alerts()).encode()):
        assert b"secret.example" not in data and b"ministry" not in data


def test_on_the_shipped_data_every_alert_names_its_baseline_its_rule_and_its_sources(db_target):
    assert run(db_target, "init").exit_code == 0
    result = run(db_target, "alerts", "--json")
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert {a["rule"] for a in listed} <= {"change", "run"}  # no stale series: nothing is collected yet
    for alert in listed:
        text = alert["explanation"]
        assert "Rule: " in text and all(url in text for url in alert["sources"]), text
        assert ("Sources: " in text) == bool(alert["sources"]) and alert["sources"]
        if alert["indicator_id"]:
            assert "2020 baseline" in text, text
    assert run(db_target, "alerts", "--json").stdout == result.stdout  # evaluated again: nothing new


def test_an_event_is_given_up_after_so_many_failed_evaluations_and_waiting_is_not_failing(risen, catalogue,
                                                                                          monkeypatch):
    (alert_id,) = al.evaluate(risen, catalogue, now=NOW, webhook_url="").opened
    for _ in range(3):
        risen.record_delivery(alert_id, "opened", channel=wh.WEBHOOK, attempts=0, status="failed", error="waiting")
    assert risen.undelivered(wh.WEBHOOK, max_failures=wh.MAX_FAILED_DELIVERIES) == [(alert_id, "opened")]
    for _ in range(wh.MAX_FAILED_DELIVERIES):
        risen.record_delivery(alert_id, "opened", channel=wh.WEBHOOK, attempts=3, status="failed", error="HTTP 500")
    assert risen.undelivered(wh.WEBHOOK, max_failures=wh.MAX_FAILED_DELIVERIES) == []
    assert af.feed_bytes(risen.alerts()).count(b"<entry>") == 1  # still in the feed


def test_when_the_webhook_is_down_the_rest_wait_untried_and_all_go_once_it_is_back(risen, catalogue, httpserver,
                                                                                   monkeypatch):
    monkeypatch.setattr(wh, "EVENTS_PER_POST", 1)
    for _ in range(3):
        risen.finish_run(risen.start_run("nbrb"), status="failed", error="nbrb: HTTP 503")
    httpserver.expect_request("/hook").respond_with_response(Response("down", status=503))
    result = al.evaluate(risen, catalogue, now=NOW, webhook_url=httpserver.url_for("/hook"))
    assert len(result.opened) == 2 and result.failed == 2 and len(httpserver.log) == 3  # one event tried, thrice
    assert sorted(d["attempts"] for d in risen.deliveries()) == [0, 3]
    httpserver.clear()
    httpserver.expect_request("/hook").respond_with_data("ok")
    again = al.evaluate(risen, catalogue, now=NOW, webhook_url=httpserver.url_for("/hook"))
    assert again.delivered == 2 and len(httpserver.log) == 2
    sent = sorted(json.loads(r.data)["events"][0]["id"] for r, _ in httpserver.log)
    assert sent == sorted(result.opened)
