"""Faults while fetching one source leave its observations unchanged, log the run as failed with a
clear error, and let the next source run. Faulty bodies are derived from the recorded fixture."""
import json
import socket
from datetime import date

import httpx
import pytest
from werkzeug import Response

from collectors import http, runner
from tests.collectors.helpers import counts, fixture, only

RANGE = {"since": date(2020, 4, 1), "until": date(2020, 8, 31)}
NBRB_PATH = "/nbrb/exrates/rates/dynamics/170"
RATES = fixture("nbrb", "dynamics_170_2020-08.json")


def _truncated():
    return Response(RATES[: len(RATES) // 2], content_type="application/json")


FAULTS = {
    "timeout": ("silent", "nbrb: timed out after 2 attempt(s)"),
    "connection refused": ("refused", "nbrb: could not connect to http://127.0.0.1:9/"),
    "HTTP 500": (lambda r: Response("Internal Server Error", 500), "nbrb: HTTP 500 from"),
    "HTTP 429 with Retry-After": (lambda r: Response("", 429, {"Retry-After": "0.05"}), "nbrb: HTTP 429 from"),
    "truncated JSON": (lambda r: _truncated(), "nbrb: body: invalid or truncated JSON"),
    "HTML instead of JSON": (lambda r: Response("<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>",
                                                content_type="text/html"), "nbrb: body: got an HTML page"),
    "renamed field": (lambda r: Response(RATES.replace(b'"Cur_OfficialRate"', b'"OfficialRate"')),
                      "nbrb: [0].Cur_OfficialRate: missing"),
    "empty result": (lambda r: Response(json.dumps(json.loads(RATES)[:0])), "nbrb: body: empty result"),
}


@pytest.fixture
def silent_server():
    """A socket that accepts connections and never answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/nbrb"


@pytest.fixture
def sources(httpserver, monkeypatch, catalogue):
    """nbrb (AUD) and who_covid pointed at the local server, each serving its recorded payload."""
    monkeypatch.setenv("BAROMETER_NBRB_URL", httpserver.url_for("/nbrb"))
    monkeypatch.setenv("BAROMETER_WHO_COVID_URL", httpserver.url_for("/who"))
    monkeypatch.setenv("BAROMETER_HTTP_RETRIES", "1")
    monkeypatch.setenv("BAROMETER_HTTP_BACKOFF", "0.01")
    httpserver.expect_request("/who/WHO-COVID-19-global-data.csv").respond_with_data(
        fixture("who_covid", "WHO-COVID-19-global-data_BY_2020-03_05.csv"), content_type="text/csv")
    return only(catalogue, "test_exchange_rate_byn_aud", "covid_deaths_reported", "covid_cases_reported")


def test_both_sources_collect_over_the_network(httpserver, store, sources):
    httpserver.expect_request(NBRB_PATH, query_string="startdate=2020-04-01&enddate=2020-08-31").respond_with_data(RATES)
    results = runner.run_collect(store, sources, ["nbrb", "who_covid"], **RANGE)
    assert [(r.source, r.status, r.added) for r in results] == [("nbrb", "ok", 31), ("who_covid", "ok", 10)]
    (meta,) = store.payloads("nbrb")
    assert meta["url"] == httpserver.url_for(NBRB_PATH) + "?startdate=2020-04-01&enddate=2020-08-31"
    assert store.observations("test_exchange_rate_byn_aud")[-1]["source_url"] == \
        "https://api.nbrb.by/exrates/rates/dynamics/170"


@pytest.mark.parametrize("fault", FAULTS)
def test_a_fault_fails_only_its_own_run(fault, httpserver, store, sources, monkeypatch, silent_server):
    httpserver.expect_oneshot_request(NBRB_PATH).respond_with_data(RATES)
    runner.run_collect(store, sources, ["nbrb", "who_covid"], **RANGE)
    before = counts(store)
    handler, message = FAULTS[fault]
    if handler == "refused":
        monkeypatch.setenv("BAROMETER_NBRB_URL", "http://127.0.0.1:9/")
    elif handler == "silent":
        monkeypatch.setenv("BAROMETER_NBRB_URL", silent_server)
    else:
        httpserver.expect_request(NBRB_PATH).respond_with_handler(handler)
    with httpx.Client(timeout=0.3, headers={"User-Agent": http.USER_AGENT}) as client:
        nbrb_run, who_run = runner.run_collect(store, sources, ["nbrb", "who_covid"], client=client, **RANGE)
    assert nbrb_run.status == "failed" and message in nbrb_run.error
    assert (who_run.status, who_run.added) == ("ok", 0)
    assert counts(store) == before
    logged = store.runs("nbrb")[0]
    assert (logged["status"], logged["rows_added"], logged["error"]) == ("failed", 0, nbrb_run.error)
    assert logged["finished_at"] is not None
