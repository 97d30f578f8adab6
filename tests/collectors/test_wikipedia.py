"""The Wikipedia parser reads daily views per article; combine sums an indicator's articles; the API's 404 for a
range without data is no records, not a failed run."""
from datetime import date

import pytest

from collectors import runner, wikipedia
from tests.collectors.helpers import BY, Ind, counts, fixture, only

PY = Ind("wikipedia_pageviews_python", {"articles": ["en.wikipedia/Python_(programming_language)"]})
URL = ("https://wikimedia.org/api/rest_v1/metrics/pageviews/per-article/en.wikipedia.org/all-access/user/"
       "Python_(programming_language)/daily/20210101/20210501")
BODY = fixture("wikipedia", "per-article_Python_daily_2021-01.json")


def test_parse_reads_views_per_day():
    rows = wikipedia.parse(BODY, URL, [PY], BY)
    assert [(r["period_start"], r["value"]) for r in rows] == [
        ("2021-01-01", 7238), ("2021-01-02", 8449), ("2021-01-03", 8669)]
    assert rows[0]["note"] == "en.wikipedia/Python_(programming_language)"


def test_parse_ignores_articles_the_indicator_does_not_list():
    assert wikipedia.parse(BODY, URL, [Ind("other", {"articles": ["en.wikipedia/Minsk"]})], BY) == []


def test_combine_sums_articles_and_lets_a_later_payload_replace_an_article_day():
    a = wikipedia.parse(BODY, URL, [PY], BY)
    b = [dict(r, note="ru.wikipedia/Python", value=1) for r in a]
    again = [dict(a[0], value=7000)]
    total = wikipedia.combine(a + b + again)
    assert [(r["period_start"], r["value"]) for r in total] == [
        ("2021-01-01", 7001), ("2021-01-02", 8450), ("2021-01-03", 8670)]
    assert total[0]["note"].startswith("sum of 2 article(s)")


def test_plan_fetches_each_article_once_per_chunk(production_urls):
    ind = Ind("x", {"articles": ["ru.wikipedia/Протесты_в_Белоруссии_(2020—2021)", "en.wikipedia/Minsk"]})
    urls = wikipedia.plan([ind, ind], date(2020, 8, 1), date(2020, 8, 31), BY)
    assert len(urls) == 2
    assert urls[0].endswith("/en.wikipedia/all-access/user/Minsk/daily/2020080100/2020083100")


NOT_FOUND = fixture("wikipedia", "pageviews_per_article_404_not_found_body.json")
INVALID = fixture("wikipedia", "pageviews_per_article_400_invalid_request_body.json")
ONLY_PYTHON = "test_pageviews_python"
CHUNKS = {"2019120100/2020113000": (404, NOT_FOUND), "2020120100/2021010300": (200, BODY)}


def test_the_answer_for_a_range_without_data_gives_no_records():
    assert wikipedia.no_data(NOT_FOUND) and not wikipedia.no_data(INVALID) and not wikipedia.no_data(BODY)
    assert wikipedia.parse(NOT_FOUND, URL, [PY], BY) == []


def test_an_empty_list_of_days_gives_no_records():
    assert wikipedia.parse(b'{"items": []}', URL, [PY], BY) == []


def _serve(httpserver, monkeypatch, answers):
    monkeypatch.setenv("BAROMETER_WIKIPEDIA_URL", httpserver.url_for("/wiki"))
    monkeypatch.setenv("BAROMETER_HTTP_RETRIES", "0")
    base = "/wiki/metrics/pageviews/per-article/en.wikipedia/all-access/user/Python_(programming_language)/daily/"
    for span, (status, body) in answers.items():
        httpserver.expect_request(base + span).respond_with_data(body, status=status,
                                                                 content_type="application/json")


def test_a_range_without_data_adds_nothing_and_the_run_goes_on(httpserver, monkeypatch, store, catalogue):
    """An article asked from before it existed: the first year answers 404 not_found, the next has views."""
    _serve(httpserver, monkeypatch, CHUNKS)
    (result,) = runner.run_collect(store, only(catalogue, ONLY_PYTHON), ["wikipedia"],
                                   since=date(2019, 12, 1), until=date(2021, 1, 3))
    assert (result.status, result.added, result.payloads) == ("ok", 3, 2)
    assert [meta["status"] for meta in store.payloads("wikipedia")] == [404, 200]  # both archived as received
    assert [r["value"] for r in store.observations(ONLY_PYTHON)] == [7238, 8449, 8669]


def test_a_run_where_no_range_has_data_found_nothing_saying_so(httpserver, monkeypatch, store, catalogue):
    _serve(httpserver, monkeypatch, {span: (404, NOT_FOUND) for span in CHUNKS})
    (result,) = runner.run_collect(store, only(catalogue, ONLY_PYTHON), ["wikipedia"],
                                   since=date(2019, 12, 1), until=date(2021, 1, 3))
    assert result.status == "empty"
    assert result.error == ("wikipedia: no observations for the catalogue's indicators between 2019-12-01 and "
                            "2021-01-03 in 2 payload(s)")
    assert counts(store) == (0, 1) and store.runs("wikipedia")[0]["status"] == "empty"  # one answer, twice


@pytest.mark.parametrize("status, body", [
    (404, b"<html><body>Not Found</body></html>"),  # a 404 that is not the API's no-data answer
    (404, INVALID), (400, INVALID), (500, NOT_FOUND),
])
def test_other_errors_still_fail_the_run_and_write_nothing(httpserver, monkeypatch, store, catalogue, status, body):
    _serve(httpserver, monkeypatch, {**CHUNKS, "2020120100/2021010300": (status, body)})
    (result,) = runner.run_collect(store, only(catalogue, ONLY_PYTHON), ["wikipedia"],
                                   since=date(2019, 12, 1), until=date(2021, 1, 3))
    assert result.status == "failed" and result.error.startswith(f"wikipedia: HTTP {status} from http://")
    assert counts(store) == (0, 0)
