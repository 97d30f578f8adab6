"""A webhook that answers one byte every two seconds holds nothing: every write returns at once with its row
saved, the post runs after the write in a thread of its own and gives up at its total deadline, and the failed
delivery is recorded, to be tried again at the next evaluation."""
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from indicators import settings
from indicators.reports import webhook as wh
from indicators.store import Store

from .conftest import GOOD, run

pytestmark = pytest.mark.both_backends
ROOT = Path(__file__).resolve().parents[2]
PROMPT_S = 5.0  # a write that has not returned by then is held by the webhook


@pytest.fixture
def short_deadline(monkeypatch):
    """The in-process tests wait 3 s for a delivery to give up, not the shipped 10 s."""
    monkeypatch.setattr(wh, "POLICY", wh.POLICY.given(deadline_s=3.0))


@pytest.fixture
def dribbling():
    """A local HTTP server that reads the request, then sends its answer one byte every 2 s, forever."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    stop = threading.Event()

    def serve(conn):
        with conn:
            conn.recv(65536)
            for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok" * 100:
                if stop.wait(2.0):
                    return
                try:
                    conn.sendall(bytes([byte]))
                except OSError:
                    return

    def accept():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                return
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/hook"
    stop.set()
    server.close()


@pytest.fixture
def waiting(store):
    """A store with an alert whose delivery is waiting: the next evaluation posts it."""
    alert = store.open_alert(key="stale:x", rule="stale", indicator_id=None, source=None, title="t",
                             explanation="e", detail={})
    store.record_delivery(alert, "opened", channel=wh.WEBHOOK, attempts=0, status="failed", error="waiting")
    (obs_id,) = store.append([_obs()])
    return {"alert": alert, "observation": obs_id}


def _obs():
    from indicators.model.observation import Observation

    return Observation("arbitrary_detentions", "2021-03-01", "2021-03-01", "exact", "https://e.example/1", "a",
                       value=3.0)


def _promptly(call) -> tuple[float, object]:
    """(seconds taken, result) of a call that must return within PROMPT_S."""
    box = {}
    started = time.monotonic()
    worker = threading.Thread(target=lambda: box.setdefault("result", call()), daemon=True)
    worker.start()
    worker.join(PROMPT_S)
    assert not worker.is_alive(), f"still held by the webhook after {PROMPT_S} s"
    return time.monotonic() - started, box["result"]


def _failed_delivery(db_target, alert_id):
    assert wh.wait_for_deliveries(wh.POLICY.deadline_s + 10), "the delivery outlived its deadline"
    with Store.open(db_target) as store:
        last = store.deliveries(alert_id)[-1]
    assert last["status"] == "failed" and "deadline" in last["error"], last
    return last


WRITES = {
    "add": lambda ids: ["add", "arbitrary_detentions", "7", *GOOD],
    "correct": lambda ids: ["correct", ids["observation"], "8", "--reason", "typo", "--by", "analyst"],
    "retract": lambda ids: ["retract", ids["observation"], "--reason", "withdrawn"],
}


@pytest.mark.parametrize("write", sorted(WRITES))
def test_a_write_returns_at_once_and_the_failed_delivery_is_recorded(db_target, waiting, dribbling, short_deadline, write):
    args = WRITES[write](waiting)
    took, result = _promptly(lambda: run(db_target, *args, env={settings.WEBHOOK_URL.name: dribbling}))
    assert result.exit_code == 0, result.output
    assert took < 3.0, took
    _failed_delivery(db_target, waiting["alert"])
    with Store.open(db_target) as store:
        assert len(store.observations("arbitrary_detentions", include_inactive=True)) >= 1 + (write != "retract")


def test_an_import_returns_at_once(db_target, waiting, dribbling, short_deadline, tmp_path):
    sheet = tmp_path / "figures.csv"
    sheet.write_text("indicator_id,value,period_start,period_end,qualifier,value_low,value_high,source_url,note,"
                     "entered_by\narbitrary_detentions,9,2021-04-01,,exact,,,https://e.example/9,,analyst\n",
                     encoding="utf-8")
    took, result = _promptly(lambda: run(db_target, "import", sheet, env={settings.WEBHOOK_URL.name: dribbling}))
    assert result.exit_code == 0, result.output
    _failed_delivery(db_target, waiting["alert"])


def test_the_dashboard_save_path_returns_at_once(db_target, waiting, dribbling, short_deadline, catalogue, monkeypatch):
    """The form's Save calls entry.add, as the dashboard does."""
    from indicators.input import entry

    monkeypatch.setenv(settings.WEBHOOK_URL.name, dribbling)
    record = {"indicator_id": "arbitrary_detentions", "value": "11", "period_start": "2021-05-01",
              "source_url": "https://e.example/11", "entered_by": "analyst"}
    with Store.open(db_target) as store:
        took, new_id = _promptly(lambda: entry.add(store, catalogue, record))
        assert store.get(new_id)["value"] == 11
    _failed_delivery(db_target, waiting["alert"])


def test_the_total_deadline_holds_whatever_the_endpoint_does(dribbling):
    started = time.monotonic()
    ok, attempts, error = wh.post(dribbling, b"{}", policy=wh.POLICY.given(deadline_s=3.0))
    assert time.monotonic() - started < 5.0
    assert (ok, attempts) == (False, 1) and "deadline" in error


def test_a_command_process_ends_within_the_deadline_with_the_failure_recorded(db_target, waiting, dribbling):
    env = {**os.environ, "PYTHONPATH": str(ROOT), settings.WEBHOOK_URL.name: dribbling, "BAROMETER_READONLY": ""}
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "indicators.cli", "--db", str(db_target), "add",
                           "arbitrary_detentions", "12", *GOOD], env=env, capture_output=True, text=True,
                          timeout=wh.POLICY.deadline_s + 30)
    took = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    assert took < wh.POLICY.deadline_s + 10, took
    with Store.open(db_target) as store:
        last = store.deliveries(waiting["alert"])[-1]
        assert last["status"] == "failed" and "deadline" in last["error"], last
