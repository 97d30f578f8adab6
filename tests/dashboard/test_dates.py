"""Dates read as words in each language: days, periods, moments in UTC, and the charts' axes. Russian writes
"г." after a year with the narrow no-break space of CLDR (U+202F)."""
from datetime import datetime

import pytest

from dashboard import dates
from indicators.languages.i18n import PSEUDO, use

NOW = datetime(2026, 11, 30, 12, 0)


PERIODS = [("2020-05-06", "2020-05-06"), ("2024-01-01", "2024-12-31"), ("2020-06-01", "2020-06-30"),
           ("2026-04-13", "2026-04-19"), ("2020-05-06", "2020-07-20"), ("2020-02-24", "2026-04-19")]


@pytest.mark.parametrize("lang, words", [
    ("en", ["on 6 May 2020", "in 2024", "in June 2020", "from 13 to 19 April 2026", "from 6 May to 20 July 2020",
            "from 24 February 2020 to 19 April 2026"]),
    ("be", ["6 мая 2020", "у 2024 годзе", "за чэрвень 2020", "з 13 па 19 красавіка 2026", "з 6 мая па 20 ліпеня 2020",
            "з 24 лютага 2020 па 19 красавіка 2026"]),
    ("ru", ["6 мая 2020\u202fг.", "в 2024 году", "за июнь 2020\u202fг.", "с 13 по 19 апреля 2026\u202fг.",
            "с 6 мая по 20 июля 2020\u202fг.", "с 24 февраля 2020\u202fг. по 19 апреля 2026\u202fг."]),
])
def test_a_period_reads_as_words_a_day_a_year_a_month_or_from_one_day_to_another(lang, words):
    with use(lang):
        assert [dates.period_phrase(start, end) for start, end in PERIODS] == words


@pytest.mark.parametrize("lang, this_year, other_year", [
    ("en", "Thu 5 Nov 08:05 UTC", "Tue 1 Dec 2020 10:30 UTC"),
    ("be", "5 лістапада, 08:05 UTC", "1 снежня 2020, 10:30 UTC"),
    ("ru", "5 ноября, 08:05 UTC", "1 декабря 2020\u202fг., 10:30 UTC"),
])
def test_timestamps_read_as_a_day_and_a_time_in_utc_with_the_year_only_when_it_is_not_this_one(
        lang, this_year, other_year):
    with use(lang):
        assert dates.readable_time("2026-11-05T08:05:00+00:00", NOW) == this_year
        assert dates.readable_time("2020-12-01T10:30:00+00:00", NOW) == other_year
        assert dates.readable_time("2020-12-01T12:30:00+02:00", NOW) == other_year
        assert dates.readable_time(None) == "–" and dates.readable_time("") == "–"


def test_the_pseudo_language_changes_every_word_of_a_date():
    with use(PSEUDO):
        assert dates.period_phrase("2020-06-01", "2020-06-30") == "⟦îñ {month}⟧".replace("{month}", "⟦Ĵûñé 2020⟧")
        assert "May" not in dates.period_phrase("2020-05-06", "2020-07-20")


def test_chart_axes_write_dates_and_numbers_as_the_language_does():
    with use("en"):
        assert dates.vega_locale() is None and dates.axis_formats() == ("%-d %b %Y", "%b %Y", "%Y")
    with use("ru"):
        locale = dates.vega_locale()
        assert locale["number"]["decimal"] == "," and locale["number"]["thousands"] == "\xa0"
        assert locale["time"]["shortMonths"][0] == "янв." and locale["time"]["days"][0] == "воскресенье"
        assert dates.axis_formats()[0] == "%d.%m.%Y"
    with use("be"):
        assert dates.vega_locale()["time"]["shortMonths"][:3] == ["студз.", "лют.", "сак."]
