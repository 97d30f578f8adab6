"""Citizen Lab's test list for Belarus, vendored whole (indicators/data/history/citizenlab/by.csv): URLs on the
list by the end of each month, counted from the date each was added."""
from datetime import date

import pytest

from collectors import citizenlab
from collectors.base import ParseError
from tests.collectors.helpers import BY, by_collector, history

BODY, URL = history("citizenlab")
INDICATORS = by_collector("citizenlab")


def _series(rows, indicator_id):
    return {r["period_end"]: r["value"] for r in rows if r["indicator_id"] == indicator_id}


def test_urls_reportedly_blocked_by_the_end_of_august_2020():
    rows = citizenlab.parse(BODY, URL, INDICATORS, BY)
    blocked, listed = _series(rows, "test_list_reported_blocked"), _series(rows, "test_list_urls")
    # notes containing "reportedly blocked": 2 added 2015-04-14, 1 on 2019-04-07, 3 on 2020-07-24, 14 on 2020-08-24
    assert (blocked["2020-06-30"], blocked["2020-07-31"], blocked["2020-08-31"]) == (3, 6, 20)
    assert listed["2020-08-31"] == 165
    # every month from the first addition (2015-04-14) to the last (2025-05-25); the whole list at the end
    assert (min(listed), max(listed), len(listed)) == ("2015-04-30", "2025-05-31", 122)
    assert (listed["2025-05-31"], blocked["2025-05-31"]) == (465, 39)
    assert all(r["period_start"] == r["period_end"] for r in rows)
    assert rows[0]["source_url"] == "https://github.com/citizenlab/test-lists/blob/master/lists/by.csv"


def test_a_missing_column_is_named():
    with pytest.raises(ParseError, match="citizenlab: column date_added: missing from the header"):
        citizenlab.parse(BODY.replace(b",date_added,", b",added,", 1), URL, INDICATORS, BY)


def test_a_list_without_urls_is_an_empty_result():
    header = BODY.splitlines(keepends=True)[0]
    with pytest.raises(ParseError, match="citizenlab: body: empty result: the list has no URLs"):
        citizenlab.parse(header, URL, INDICATORS, BY)


def test_a_date_that_is_not_iso_is_refused_naming_its_row():
    body = BODY.replace(b",2025-04-30,Netalitica,", b",30.04.2025,Netalitica,", 1)
    with pytest.raises(ParseError, match=r"citizenlab: date_added \(row 2\): '30.04.2025' is not a date"):
        citizenlab.parse(body, URL, INDICATORS, BY)


def test_plan_asks_for_the_countrys_list(production_urls):
    assert citizenlab.plan(INDICATORS, date(2020, 1, 1), date(2020, 2, 1), BY) == [
        "https://raw.githubusercontent.com/citizenlab/test-lists/master/lists/by.csv"]
