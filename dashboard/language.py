"""The language a dashboard session reads in, and the addresses of its pages that keep it.

The URL says it (`?lang=be|ru|en`), so that a shared link opens in the language it was shared in; a session
remembers the last one, because Streamlit drops query parameters when its navigation switches pages;
`BAROMETER_LANG` is the default. An unknown `?lang=` falls back with a notice, never an error.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from dashboard import params
from indicators.languages.i18n import LANGUAGES, PSEUDO, _, current, default_language
from indicators.model.vocabulary import escape_markdown

PARAM = "lang"
# Each language by its own name, as a switch between languages shows them whatever the page's language.
NAMES = {"be": "Беларуская", "ru": "Русский", "en": "English"}


@dataclass(frozen=True)
class Choice:
    lang: str
    unknown: str | None = None  # what `?lang=` asked for when the dashboard does not speak it
    refused: str | None = None  # why `?lang=` was not even read: it broke the input policy (never shown itself)

    def notice(self) -> str | None:
        """What the reader is told when their `?lang=` was not understood (in the language shown instead), as the
        Markdown a warning box reads: what was asked is escaped, never a link or formatting."""
        if self.refused is not None:
            return _("The address’s “lang” parameter was ignored: it {problem}. The page is shown in {shown}.").format(
                problem=self.refused, shown=NAMES[self.lang])
        if self.unknown is None:
            return None
        return _("The language “{asked}” is not available, so the page is shown in {shown}. "
                 "Choose another in the sidebar.").format(asked=escape_markdown(self.unknown[:20]),
                                                          shown=NAMES[self.lang])


def choose(asked: str | None, remembered: str | None, default: str | None = None) -> Choice:
    """The language of a page run: the URL's, else the one this session used last, else the default. The
    pseudo-language of the tests is never taken from a URL: only code (a test) can put it in the session."""
    default = default or default_language()
    fallback = remembered if remembered in LANGUAGES or remembered == PSEUDO else default
    if asked is None or asked == "":
        return Choice(fallback)
    refused = params.refusal(asked)
    if refused is not None:
        return Choice(default, refused=refused)
    lang = asked.strip().lower()
    if lang in LANGUAGES:
        return Choice(lang)
    return Choice(default, asked)


def link(path: str, params: Mapping[str, object] | None = None, lang: str | None = None) -> str:
    """A page's address with its parameters and the reader's language: `/indicator?indicator=x&lang=be`."""
    query = {**(params or {}), PARAM: lang or current()}
    return f"{path}?{urlencode(query)}"


def indicator_link(indicator_id: str) -> str:
    """The shareable address of an indicator's page, in the reader's language."""
    return link("/indicator", {"indicator": indicator_id})


def observation_link(observation_id: int) -> str:
    """The address of an observation's page, in the reader's language."""
    return link("/edit", {"observation": observation_id})


def markdown_link(text: str, path: str, params: Mapping[str, object]) -> str:
    """A Markdown link to one of the dashboard's pages, in the reader's language, its words shown as written."""
    return f"[{escape_markdown(text)}]({link(path, params)})"
