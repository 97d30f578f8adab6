"""The GDELT parser turns a real timelinevolraw answer into a daily share of monitored articles."""
import json

import pytest

from collectors import gdelt
from collectors.base import ParseError
from tests.collectors.helpers import BY, Ind, fixture

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
