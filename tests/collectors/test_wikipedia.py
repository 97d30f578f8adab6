"""The Wikipedia parser reads daily views per article; combine sums an indicator's articles."""
from datetime import date

from collectors import wikipedia
from tests.collectors.helpers import BY, Ind, fixture

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
