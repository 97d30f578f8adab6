"""Dates as the dashboard's sentences, tables and chart axes read them, in the reader's language.

A whole day is written as indicators.languages.i18n writes it everywhere ("30 November 2026", "30 лістапада 2026",
"30 ноября 2026 г."); the parts a sentence needs besides (a day and month, a month and year, a moment in UTC)
and the chart's month names come from Babel in the same way, loaded only when a page shows one.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from indicators.languages.i18n import (DEFAULT, LANGUAGES, PSEUDO, _, current, format_date, format_month,
                                       pgettext, pseudo)

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
# The patterns of what a sentence needs besides a whole day (and a month with its year, i18n.format_month), in
# CLDR's notation: a day with its month ("6 May"), a moment ("1 December, 10:30", the year too when it is
# not this year's).
_DAY_MONTH = {"be": "d MMMM", "ru": "d MMMM"}
_MOMENT = {"be": "d MMMM, HH:mm", "ru": "d MMMM, HH:mm"}
_MOMENT_YEAR = {"be": "d MMMM y, HH:mm", "ru": "d MMMM y\u202f'г'., HH:mm"}


def _babel(day, pattern: str, lang: str) -> str:
    from babel.dates import format_datetime  # Babel's locale data: loaded only when a date is shown

    return format_datetime(day, pattern, locale=lang)


def _english(text: str) -> str:
    return pseudo(text) if current() == PSEUDO else text


def readable_date(day: str) -> str:
    """"2020-05-06" as "6 May 2020" ("6 мая 2020", "6 мая 2020 г.")."""
    return format_date(date.fromisoformat(day[:10]))


def month_year(day: date) -> str:
    """"June 2020", "чэрвень 2020", "июнь 2020 г."."""
    return format_month(day)


def day_month(day: date) -> str:
    """"6 May", "6 мая"."""
    lang = current()
    if lang in _DAY_MONTH:
        return _babel(datetime(day.year, day.month, day.day), _DAY_MONTH[lang], lang)
    return _english(f"{day.day} {MONTHS[day.month - 1]}")


def _whole(start: date, end: date) -> str | None:
    """"in 2024" for a calendar year, "in June 2020" for a calendar month, else None."""
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return _("in {year}").format(year=start.year)
    if start.day == 1 and (start.year, start.month) == (end.year, end.month) and (end + timedelta(days=1)).day == 1:
        return _("in {month}").format(month=month_year(start))
    return None


def period_phrase(start: str, end: str) -> str:
    """A period in words for a sentence: "on 2 May 2025", "in 2024", "in June 2020", "from 13 to 19 April 2026",
    "from 6 May to 20 July 2020", "from 24 February 2020 to 19 April 2026"."""
    first, last = date.fromisoformat(start[:10]), date.fromisoformat(end[:10])
    if first == last:
        return _("on {day}").format(day=readable_date(start))
    whole = _whole(first, last)
    if whole:
        return whole
    if (first.year, first.month) == (last.year, last.month):
        beginning = str(first.day)
    elif first.year == last.year:
        beginning = day_month(first)
    else:
        beginning = readable_date(start)
    return _("from {start} to {end}").format(start=beginning, end=readable_date(end))


def readable_time(stamp: str | None, now: datetime | None = None) -> str:
    """A UTC timestamp as "Tue 1 Dec 10:30 UTC" ("1 снежня, 10:30 UTC"; the year too when it is not this
    year's); "–" for none."""
    if not stamp:
        return "–"
    moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    this_year = moment.year == (now or datetime.now(timezone.utc)).year
    lang = current()
    if lang in _MOMENT:
        return _babel(moment, (_MOMENT if this_year else _MOMENT_YEAR)[lang], lang) + " UTC"
    year = "" if this_year else f" {moment.year}"
    return _english(f"{moment:%a} {moment.day} {moment:%b}{year} {moment:%H:%M}") + " UTC"


# -- the charts' dates ----------------------------------------------------------------------------------

# What a chart's date axis writes, by how long the dates shown are: days, months or years (d3's notation).
AXIS_FORMATS = {DEFAULT: ("%-d %b %Y", "%b %Y", "%Y"), "be": ("%d.%m.%Y", "%b %Y", "%Y"),
                "ru": ("%d.%m.%Y", "%b %Y", "%Y")}


def axis_formats() -> tuple[str, str, str]:
    """The day, month and year formats of a date axis in the reader's language."""
    return AXIS_FORMATS.get(current(), AXIS_FORMATS[DEFAULT])


def short_months() -> list[str]:
    """The months as a chart's axis abbreviates them ("Jan", "студз.", "янв.")."""
    return [pgettext("month, abbreviated", "Jan"), pgettext("month, abbreviated", "Feb"),
            pgettext("month, abbreviated", "Mar"), pgettext("month, abbreviated", "Apr"),
            pgettext("month, abbreviated", "May"), pgettext("month, abbreviated", "Jun"),
            pgettext("month, abbreviated", "Jul"), pgettext("month, abbreviated", "Aug"),
            pgettext("month, abbreviated", "Sep"), pgettext("month, abbreviated", "Oct"),
            pgettext("month, abbreviated", "Nov"), pgettext("month, abbreviated", "Dec")]


def vega_locale() -> dict | None:
    """How Vega writes numbers and dates in the reader's language (a Vega `config.locale`); None in English,
    which is Vega's own."""
    lang = current()
    if lang == DEFAULT or lang not in (*LANGUAGES, PSEUDO):
        return None
    if lang == PSEUDO:
        days = [pseudo(d) for d in ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                                    "Saturday")]
        months = [pseudo(m) for m in MONTHS]
        number = {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["", ""]}
    else:
        from babel.dates import get_day_names, get_month_names
        from babel.numbers import get_decimal_symbol, get_group_symbol

        wide = get_day_names("wide", context="stand-alone", locale=lang)
        days = [wide[(i + 6) % 7] for i in range(7)]  # Babel counts from Monday, Vega from Sunday
        months = [get_month_names("wide", context="stand-alone", locale=lang)[i] for i in range(1, 13)]
        number = {"decimal": get_decimal_symbol(lang), "thousands": get_group_symbol(lang), "grouping": [3],
                  "currency": ["", ""]}
    return {"number": number, "time": {
        "dateTime": "%x, %X", "date": "%d.%m.%Y", "time": "%H:%M:%S", "periods": ["AM", "PM"],
        "days": days, "shortDays": [d[:2] for d in days], "months": months, "shortMonths": short_months()}}
