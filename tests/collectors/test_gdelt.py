"""The GDELT parser turns a real timelinevolraw answer into a daily share of monitored articles; requests are
spaced, and GDELT's plain-text throttle answer is retried and never read as data."""
import json
from datetime import date

import pytest

from collectors import gdelt, http, runner
from collectors.base import ParseError
from collectors.http import FetchError
from tests.collectors.helpers import BY, Ind, counts, fixture, only

BODY = fixture("gdelt", "timelinevolraw_NVIDIA_15m_2026-05-14.json")
QUERY = '"NVIDIA" sourcelang:english'
URL = "https://api.gdeltproject.org/api/v2/doc/doc?query=%22NVIDIA%22%20sourcelang%3Aenglish&mode=timelinevolraw"
NVIDIA = Ind("test_news_volume_nvidia", {"query": QUERY})


def test_parse_sums_15_minute_buckets_into_a_daily_share():
    rows = gdelt.parse(BODY, URL, [NVIDIA], BY)
    # 81 buckets on 14 May: 721 matching of 146,536 monitored; 4 buckets on 15 May: 37 of 5,892
    assert [(r["period_start"], r["value"], r["note"]) for r in rows] == [
        ("2026-05-14", pytest.approx(721 / 146536), "721 of 146536 articles"),
        ("2026-05-15", pytest.approx(37 / 5892), "37 of 5892 articles")]
    assert all(r["period_end"] == r["period_start"] and r["collector"] == "gdelt" for r in rows)


def test_parse_feeds_only_the_indicators_whose_query_was_asked():
    assert gdelt.parse(BODY, URL, [Ind("other", {"query": "Belarus protest"})], BY) == []


def test_parse_names_a_renamed_field():
    renamed = BODY.replace(b'"norm"', b'"total"', 1)
    with pytest.raises(ParseError, match=r"gdelt: timeline\[0\]\.data\[0\]\.norm"):
        gdelt.parse(renamed, URL, [NVIDIA], BY)


def test_parse_refuses_an_empty_timeline():
    empty = json.dumps({**json.loads(BODY), "timeline": []}).encode()
    with pytest.raises(ParseError, match="empty result"):
        gdelt.parse(empty, URL, [NVIDIA], BY)


@pytest.mark.parametrize("body, message", [
    (b"", "empty response"), (b"<html><body>Bad gateway</body></html>", "HTML page"),
    (BODY[: len(BODY) // 2], "truncated JSON"),
])
def test_parse_fails_clearly_on_bodies_that_are_not_json(body, message):
    with pytest.raises(ParseError, match=message):
        gdelt.parse(body, URL, [NVIDIA], BY)


def test_gdelt_reports_its_plain_text_error_answers():
    with pytest.raises(ParseError, match=r"gdelt: body: not JSON: 'Invalid/Unsupported Country\.\\n'"):
        gdelt.parse(fixture("gdelt", "error_invalid_country.txt"), "https://api.gdeltproject.org/x", [], BY)


THROTTLE = fixture("gdelt", "rate_limited_429_body.txt")


def test_the_throttle_answer_is_never_read_as_data():
    with pytest.raises(ParseError, match=r"gdelt: body: rate limited, not data: 'Please limit requests to one every 5"):
        gdelt.parse(THROTTLE, URL, [NVIDIA], BY)


def test_a_refused_query_is_reported_in_gdelts_words():
    with pytest.raises(ParseError, match=r"gdelt: body: not JSON: 'One or more of your keywords were too short"):
        gdelt.parse(fixture("gdelt", "keyword_error_200_body.txt"), URL, [NVIDIA], BY)


@pytest.mark.parametrize("status", [429, 200])
def test_a_throttled_request_is_retried_after_the_interval(httpserver, monkeypatch, status):
    monkeypatch.setenv("BAROMETER_GDELT_MIN_INTERVAL", "0.01")
    httpserver.expect_ordered_request("/doc").respond_with_data(THROTTLE, status=status, content_type="text/plain")
    httpserver.expect_ordered_request("/doc").respond_with_data(BODY, content_type="application/json")
    monkeypatch.setenv("BAROMETER_HTTP_BACKOFF", "0.01")
    raw = gdelt.fetch(httpserver.url_for("/doc"))
    assert raw.body == BODY and len(httpserver.log) == 2


@pytest.mark.parametrize("status", [429, 200])
def test_persistent_throttling_fails_the_fetch_saying_so(httpserver, monkeypatch, status):
    httpserver.expect_request("/doc").respond_with_data(THROTTLE, status=status, content_type="text/plain")
    monkeypatch.setenv("BAROMETER_HTTP_RETRIES", "1")
    monkeypatch.setenv("BAROMETER_HTTP_BACKOFF", "0.01")
    with pytest.raises(FetchError, match=rf"gdelt: rate limited: http://.*/doc answered HTTP {status} "
                                         r"'Please limit requests to one every 5 seconds.*after 2 attempt\(s\)"):
        gdelt.fetch(httpserver.url_for("/doc"))


def test_a_throttled_run_fails_and_writes_nothing(httpserver, monkeypatch, store, catalogue):
    monkeypatch.setenv("BAROMETER_GDELT_URL", httpserver.url_for("/gdelt"))
    monkeypatch.setenv("BAROMETER_HTTP_RETRIES", "0")
    httpserver.expect_request("/gdelt/api/v2/doc/doc").respond_with_data(THROTTLE, content_type="text/plain")
    (result,) = runner.run_collect(store, only(catalogue, "test_news_volume_nvidia"), ["gdelt"],
                                   since=date(2026, 5, 14), until=date(2026, 5, 15))
    assert result.status == "failed" and result.error.startswith("gdelt: rate limited: ")
    assert counts(store) == (0, 0)


def test_requests_are_spaced_by_the_minimum_interval(monkeypatch):
    """Five seconds by default between two GDELT requests, retries included; the environment may change it."""
    monkeypatch.delenv("BAROMETER_GDELT_MIN_INTERVAL")
    asked = []
    monkeypatch.setattr(http, "get", lambda source, url, **kw: asked.append(kw["interval"]))
    gdelt.fetch("https://api.gdeltproject.org/x")
    monkeypatch.setenv("BAROMETER_GDELT_MIN_INTERVAL", "0.5")
    gdelt.fetch("https://api.gdeltproject.org/x")
    assert asked == [5.0, 0.5]


def test_spacing_waits_out_the_rest_of_the_interval_since_the_sources_last_request(monkeypatch):
    monkeypatch.setattr(http, "_last_request", {})
    now, waits = [100.0], []

    def sleep(seconds):
        waits.append(seconds)
        now[0] += seconds

    clock = lambda: now[0]  # noqa: E731
    assert http.space("gdelt", 5, sleep=sleep, clock=clock) == 0  # the first request goes at once
    now[0] += 1.5  # the answer took 1.5 s
    http.space("gdelt", 5, sleep=sleep, clock=clock)
    http.space("gdelt", 5, sleep=sleep, clock=clock)
    http.space("ioda", 5, sleep=sleep, clock=clock)  # another source keeps its own pace
    assert waits == [3.5, 5.0]
