"""The ACLED parser counts Belarus's events per ISO week and type from a real export with spreadsheet dates."""
from datetime import date

import pytest

from collectors import acled
from collectors.base import ParseError
from tests.collectors.helpers import BY, Ind, fixture

BODY = fixture("acled", "acled_BLR_2020-05-02_09.csv")
PROTESTS = Ind("acled_protest_events", {"event_type": "Protests"})
RIOTS = Ind("acled_riot_events", {"event_type": "Riots"})


def test_parse_counts_protests_per_week_in_belarus_only():
    rows = acled.parse(BODY, acled.CANONICAL, [PROTESTS], BY)
    # 2 May (1) and 3 May (8) fall in the week of 27 April; 5–9 May hold 8 more (and 2 arrests)
    assert [(r["period_start"], r["period_end"], r["value"]) for r in rows] == [
        ("2020-04-27", "2020-05-03", 9), ("2020-05-04", "2020-05-10", 8)]
    assert rows[0]["note"] == "Protests in Belarus"
    assert rows[0]["source_url"] == "https://acleddata.com/data-export-tool/"


def test_parse_gives_zero_for_quiet_weeks_of_a_type_the_export_has():
    arrests = Ind("acled_arrests", {"event_type": "Strategic developments"})
    # both arrests (6 and 9 May) fall in the week of 4 May; the week of 27 April had none
    assert [(r["period_start"], r["value"]) for r in acled.parse(BODY, acled.CANONICAL, [arrests], BY)] == [
        ("2020-04-27", 0), ("2020-05-04", 2)]


def test_a_type_absent_from_the_whole_export_gets_no_records_not_zeros():
    """An export filtered to some event types says nothing about the others."""
    assert acled.parse(BODY, acled.CANONICAL, [RIOTS], BY) == []
    rows = acled.parse(BODY, acled.CANONICAL, [PROTESTS, RIOTS], BY)
    assert {r["indicator_id"] for r in rows} == {"acled_protest_events"}


def test_a_type_seen_only_in_another_country_still_gives_zeros_for_quiet_weeks():
    body = BODY.replace(b",ISR1786,1786,9-May-20,2020,1,Protests,", b",ISR1786,1786,9-May-20,2020,1,Riots,", 1)
    assert body != BODY
    assert [r["value"] for r in acled.parse(body, acled.CANONICAL, [RIOTS], BY)] == [0, 0]


def test_parse_reads_another_country_when_asked():
    israel = Ind("x", {"event_type": "Protests", "country": "Israel"})
    assert [(r["period_start"], r["value"]) for r in acled.parse(BODY, acled.CANONICAL, [israel], BY)] == [
        ("2020-05-04", 1)]


def test_parse_names_a_missing_column():
    with pytest.raises(ParseError, match="acled: column event_type: missing"):
        acled.parse(BODY.replace(b",event_type,", b",type,", 1), acled.CANONICAL, [PROTESTS], BY)


def test_parse_names_the_event_whose_date_it_cannot_read():
    with pytest.raises(ParseError, match=r"event_date \(event BLR372\): '2020\.05\.09' is not a date"):
        acled.parse(BODY.replace(b",9-May-20,2020,1,Protests,Protest with intervention,Protesters (Belarus)",
                                 b",2020.05.09,2020,1,Protests,Protest with intervention,Protesters (Belarus)", 1),
                    acled.CANONICAL, [PROTESTS], BY)


def test_parse_refuses_a_file_without_belarus():
    lines = BODY.splitlines(keepends=True)
    with pytest.raises(ParseError, match="empty result: no events for Belarus"):
        acled.parse(lines[0] + lines[1], acled.CANONICAL, [PROTESTS], BY)


def test_acled_cannot_be_fetched_without_the_users_file():
    assert acled.plan([PROTESTS], date(2020, 1, 1), date(2020, 2, 1), BY) == []
    with pytest.raises(RuntimeError, match="--from-file"):
        acled.fetch("https://acleddata.com")
