"""The language every text is read in: Belarusian, Russian or English, chosen per command or per dashboard
session, with the messages, numbers, dates and plurals of that language.

The language lives in a context variable, so each Streamlit session (its script runs in its own thread) and
each CLI command reads in its own; `BAROMETER_LANG` sets the default everywhere. Messages come from gettext
catalogues compiled from `indicators/locale/<lang>/LC_MESSAGES/barometer.po` (read with the standard library);
numbers and dates in Belarusian and Russian come from Babel, loaded the first time one is formatted, so
`barometer --help` never loads it. English numbers keep the form they always had ("1,140", "−4.5").

Texts are translated where they are shown: a module-level vocabulary marks its words with `N_` (its keys stay
the stable English ids) and passes them through `_` at use.
"""
from __future__ import annotations

import gettext
import re
from contextvars import ContextVar
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from .. import settings

LANGUAGES = ("be", "ru", "en")
DEFAULT = "en"
DOMAIN = "barometer"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"  # indicators/locale
# A pseudo-language for tests: every translated message comes out visibly changed (accented letters inside
# ⟦…⟧), so English that reaches a reader without passing through translation stands out. Only `use` takes it.
PSEUDO = "qps"
# The languages whose numbers and dates Babel writes, each with its date pattern: Belarusian as "30 лістапада
# 2026", Russian with its "г." as CLDR writes it. English is written here, in the form it always had.
_BABEL_DATES = {"be": "d MMMM y", "ru": "long"}
# A month with its year standing alone ("June 2020"), in CLDR's notation (the narrow no-break space CLDR puts
# before "г.").
_BABEL_MONTHS = {"be": "LLLL y", "ru": "LLLL y\u202f'г'."}

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")  # English as it has always read, whatever the C library's locale

_current: ContextVar[str | None] = ContextVar("barometer_language", default=None)


class UnknownLanguage(ValueError):
    """A language the barometer does not speak; the message names where it was asked for."""


def parse(text: str | None, where: str) -> str:
    """A language asked for by a person (an option, a variable, a URL): one of LANGUAGES, or UnknownLanguage
    naming `where`."""
    lang = (text or "").strip().lower()
    if lang not in LANGUAGES:
        raise UnknownLanguage(f"{where}: {text!r} is not one of {', '.join(LANGUAGES)}")
    return lang


def default_language() -> str:
    """$BAROMETER_LANG, else English."""
    raw = settings.LANG.text()
    return parse(raw, settings.LANG.name) if raw else DEFAULT


def current() -> str:
    """The language of the command or session under way: what `use` set, else the default."""
    return _current.get() or default_language()


def data_language() -> str:
    """The language asked of texts translated outside the message catalogues (the catalogue's names, events):
    the current one, or English under the pseudo-language."""
    lang = current()
    return DEFAULT if lang == PSEUDO else lang


class use:
    """Read in `lang` from now on: `use("be")` sets the language of the current context, and `with use("be"):`
    sets it for the block only (Streamlit's session thread, a CLI command, a test)."""

    def __init__(self, lang: str):
        self.lang = lang if lang == PSEUDO else parse(lang, "language")
        self._token = _current.set(self.lang)

    def __enter__(self) -> str:
        return self.lang

    def __exit__(self, *exc) -> None:
        _current.reset(self._token)


# -- messages -----------------------------------------------------------------------------------------------

_PSEUDO_LETTERS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçðéƒĝĥîĵķļɱñöþɋŕšţûṽŵẋýžÀƁÇÐÉƑĜĤÎĴĶĻⱮÑÖÞɊŔŠŢÛṼŴẊÝŽ")
_PLACEHOLDER = re.compile(r"(\{[^{}]*\})")


def pseudo(message: str) -> str:
    """A message as the pseudo-language shows it: its letters accented inside ⟦…⟧, its {placeholders} intact."""
    return "⟦" + "".join(part if _PLACEHOLDER.fullmatch(part) else part.translate(_PSEUDO_LETTERS)
                         for part in _PLACEHOLDER.split(message)) + "⟧"


class _Pseudo(gettext.NullTranslations):
    def gettext(self, message):
        return pseudo(message)

    def ngettext(self, singular, plural, n):
        return pseudo(singular if n == 1 else plural)

    def pgettext(self, context, message):
        return pseudo(message)

    def npgettext(self, context, singular, plural, n):
        return pseudo(singular if n == 1 else plural)


@lru_cache(maxsize=None)
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of `lang` (English: the messages as written, unless en.po rewords one)."""
    if lang == PSEUDO:
        return _Pseudo()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang])


def _(message: str) -> str:
    """`message` in the current language."""
    return translations(current()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for `n` in the current language: one, few or many in Belarusian and Russian."""
    return translations(current()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """`message` in the current language, where the same English reads differently by `context`."""
    return translations(current()).pgettext(context, message)


def N_(message: str) -> str:
    """Marks a message for translation where it is defined (a module-level vocabulary); `_` translates it when
    it is shown."""
    return message


# -- numbers and dates --------------------------------------------------------------------------------------


def _babel_locale(lang: str) -> str | None:
    return lang if lang in _BABEL_DATES else None


def decimal(value: float, decimals: int = 0, *, trim: bool = False) -> str:
    """`value` with `decimals` decimals (`trim`: fewer, trailing zeros dropped) and thousands grouped, in the
    current language: "12,275.5" in English, "12 275,5" in Belarusian and Russian (a no-break space)."""
    locale = _babel_locale(current())
    if locale is None:
        text = f"{value:,.{decimals}f}"
        return text.rstrip("0").rstrip(".") if trim and "." in text else text
    from babel.numbers import format_decimal  # Babel's locale data: loaded only when a number is shown

    fraction = ("." + ("#" if trim else "0") * decimals) if decimals else ""
    return format_decimal(value, format="#,##0" + fraction, locale=locale, decimal_quantization=True)


def plural_category(n: float, lang: str | None = None) -> str:
    """Which of a word's forms goes beside the number n: CLDR's one, few, many or other (Babel's rules; in
    Belarusian and Russian a fraction takes "other": "4,5 пункта")."""
    from babel import Locale  # Babel's locale data loads only when a number needs a word, never for --help

    lang = lang or current()
    n = abs(n)
    return Locale.parse(lang if lang in LANGUAGES else DEFAULT).plural_form(int(n) if float(n).is_integer() else n)


def count(n: int) -> str:
    """A whole number as counted: "1,140" / "1 140"."""
    return decimal(n)


def format_date(day: date) -> str:
    """A day as people write it: "30 November 2026", "30 лістапада 2026", "30 ноября 2026 г."."""
    locale = _babel_locale(current())
    if locale is None:
        text = f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
        return pseudo(text) if current() == PSEUDO else text
    from babel.dates import format_date as babel_date

    return babel_date(day, _BABEL_DATES[locale], locale=locale)


def format_month(day: date) -> str:
    """A month with its year, standing alone: "June 2020", "чэрвень 2020", "июнь 2020 г."."""
    locale = _babel_locale(current())
    if locale is None:
        text = f"{_MONTHS[day.month - 1]} {day.year}"
        return pseudo(text) if current() == PSEUDO else text
    from babel.dates import format_datetime

    return format_datetime(datetime(day.year, day.month, 1), _BABEL_MONTHS[locale], locale=locale)
