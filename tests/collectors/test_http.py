"""The shared client returns untouched bytes, retries 5xx and 429 (honouring Retry-After) and fails clearly."""
import time

import httpx
import pytest
from werkzeug import Response

from collectors import http
from collectors.http import FetchError

BODY = b'[{"Cur_ID":170}]'


def test_get_returns_the_untouched_body_with_its_metadata_and_names_the_project(httpserver):
    httpserver.expect_request("/rates", headers={"User-Agent": http.USER_AGENT}).respond_with_data(
        BODY, content_type="application/json")
    raw = http.get("nbrb", httpserver.url_for("/rates"))
    assert (raw.body, raw.status, raw.source, raw.content_type) == (BODY, 200, "nbrb", "application/json")
    assert raw.url == httpserver.url_for("/rates") and raw.fetched_at.endswith("+00:00")
    assert http.USER_AGENT.startswith("LegitimacyBarometer/0.1.0 (+http")


def test_a_server_error_is_retried_with_backoff(httpserver):
    httpserver.expect_ordered_request("/r").respond_with_data("oops", status=503)
    httpserver.expect_ordered_request("/r").respond_with_data(BODY)
    waits = []
    raw = http.get("nbrb", httpserver.url_for("/r"), retries=2, backoff=0.5, sleep=waits.append)
    assert raw.body == BODY and waits == [0.5]


def test_429_waits_as_long_as_retry_after_says(httpserver):
    httpserver.expect_ordered_request("/r").respond_with_response(Response("slow down", 429, {"Retry-After": "7"}))
    httpserver.expect_ordered_request("/r").respond_with_data(BODY)
    waits = []
    assert http.get("nbrb", httpserver.url_for("/r"), retries=1, sleep=waits.append).body == BODY
    assert waits == [7.0]


def test_retry_after_is_capped(monkeypatch):
    monkeypatch.setenv("BAROMETER_HTTP_MAX_WAIT", "5")
    assert http.retry_after(httpx.Response(429, headers={"Retry-After": "3600"}), 1.0) == 5.0
    assert http.retry_after(httpx.Response(429, headers={"Retry-After": "soon"}), 1.0) == 1.0


def test_persistent_rate_limiting_fails_clearly(httpserver):
    httpserver.expect_request("/r").respond_with_response(Response("", 429, {"Retry-After": "0"}))
    with pytest.raises(FetchError, match=r"nbrb: HTTP 429 from http://.*/r \(rate limited\)"):
        http.get("nbrb", httpserver.url_for("/r"), retries=2, sleep=lambda s: None)


def test_a_client_error_is_not_retried(httpserver):
    httpserver.expect_oneshot_request("/r").respond_with_data("no", status=404)
    with pytest.raises(FetchError, match="HTTP 404"):
        http.get("nbrb", httpserver.url_for("/r"), retries=3, sleep=lambda s: None)


def test_a_timeout_fails_clearly(httpserver):
    httpserver.expect_request("/slow").respond_with_handler(lambda request: time.sleep(1) or Response(BODY))
    with httpx.Client(timeout=0.2) as client, pytest.raises(FetchError, match="nbrb: timed out after 2 attempt"):
        http.get("nbrb", httpserver.url_for("/slow"), http=client, retries=1, sleep=lambda s: None)


def test_a_refused_connection_fails_clearly():
    with pytest.raises(FetchError, match="nbrb: could not connect to http://127.0.0.1:9/x"):
        http.get("nbrb", "http://127.0.0.1:9/x", retries=1, sleep=lambda s: None)
