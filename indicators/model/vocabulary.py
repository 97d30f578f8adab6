"""The words, glyphs and colours every surface uses: verdicts, freshness, qualifiers, and escaping.

Defined once, so that the dashboard, the CLI, the brief and the exports say the same thing the same way. The
keys are stable English ids (machine values in JSON and data files); the words are marked for translation and
read in the current language by the functions below.
"""
from __future__ import annotations

import html
import re

from ..languages.i18n import N_, _


def word_for(words: dict, key: str) -> str:
    """A vocabulary's word for `key` in the current language; a key it does not know reads as itself."""
    word = words.get(key)
    return _(word) if word else key

# -- verdicts ---------------------------------------------------------------------------------------

WORSE, BETTER, UNCLEAR = "worse", "better", "unclear"
NOTHING_NEWER, NO_COMPARISON, NO_DATA = "nothing newer", "no comparison", "no data"
# Where an indicator stands against its baseline, in the order every surface counts them. Okabe–Ito colours,
# safe for colour-blind readers; always shown beside a glyph and a word.
VERDICTS = {
    WORSE: ("▼", N_("weaker"), N_("toward weaker legitimacy"), "#D55E00"),
    BETTER: ("▲", N_("stronger"), N_("toward stronger legitimacy"), "#0072B2"),
    UNCLEAR: ("●", N_("unclear"), N_("unclear"), "#7F7F7F"),
    NOTHING_NEWER: ("○", N_("nothing newer"), N_("no figure since the baseline"), "#BBBBBB"),
    NO_COMPARISON: ("◌", N_("no comparison"), N_("no comparison"), "#DDDDDD"),
    NO_DATA: ("–", N_("no data"), N_("no data"), "#EEEEEE"),
}


def _verdict(verdict: str | None) -> tuple[str, str, str, str]:
    return VERDICTS.get(verdict or UNCLEAR, VERDICTS[UNCLEAR])


def verdict_word(verdict: str | None) -> str:
    """"toward weaker legitimacy": the verdict in words, for sentences and tables."""
    return _(_verdict(verdict)[2])


def verdict_short(verdict: str | None) -> str:
    """"weaker", "stronger": the verdict in one word or two, as a label says it."""
    return _(_verdict(verdict)[1])


def verdict_label(verdict: str | None) -> str:
    """"▼ weaker", "▲ stronger", "● unclear": the verdict as a glyph and a word, never colour alone."""
    return f"{_verdict(verdict)[0]} {verdict_short(verdict)}"


def verdict_color(verdict: str | None) -> str:
    return _verdict(verdict)[3]


# -- freshness --------------------------------------------------------------------------------------

FRESH, DUE, STALE, LATEST_EDITION, ENDED = "fresh", "due", "stale", "latest edition", "reporting ended"
FRESHNESS = {FRESH: "✓ fresh", DUE: "◐ due", STALE: "✗ stale", LATEST_EDITION: "◇ latest edition",
             ENDED: "■ reporting ended", NO_DATA: "– no data"}
FRESHNESS_WORDS = {FRESH: N_("fresh"), DUE: N_("due"), STALE: N_("stale"), LATEST_EDITION: N_("latest edition"),
                   ENDED: N_("reporting ended"), NO_DATA: N_("no data")}


def freshness_word(freshness: str) -> str:
    """"fresh", "stale": how recent the latest figure is, in words."""
    return word_for(FRESHNESS_WORDS, freshness)


def freshness_label(freshness: str) -> str:
    """"✓ fresh", "✗ stale": the glyph and the word."""
    label = FRESHNESS.get(freshness)
    return f"{label.split(' ', 1)[0]} {freshness_word(freshness)}" if label else freshness


# -- qualifiers -------------------------------------------------------------------------------------

QUALIFIER_SYMBOLS = {"exact": "", "approx": "≈ ", "at_least": "≥ ", "at_most": "≤ "}
QUALIFIER_LABELS = {"exact": N_("exactly"), "approx": N_("about (≈)"), "at_least": N_("at least (≥)"),
                    "at_most": N_("at most (≤)"), "range": N_("a range (low–high)")}


def qualifier_label(qualifier: str) -> str:
    """"at least (≥)": a qualifier as a choice in a form or a column of a table."""
    return word_for(QUALIFIER_LABELS, qualifier)

# -- how an indicator is kept ---------------------------------------------------------------------

# An indicator's kinds and directions; an id not listed here reads as itself.
KIND_WORDS = {"flow": N_("flow"), "level": N_("level"), "cumulative": N_("cumulative total"),
              "edition": N_("edition's score"), "occasional": N_("count per occasion"),
              "modelled": N_("model's estimate"), "list_size": N_("list's size")}
WORSE_WHEN_WORDS = {"up": N_("worse when it rises"), "down": N_("worse when it falls"),
                    "up_fall_ambiguous": N_("worse when it rises; a fall is ambiguous"),
                    "none": N_("no direction")}


def kind_word(kind: str) -> str:
    """"flow" (counts that add up), "level" (a state), "cumulative total"…: what kind of number it is."""
    return word_for(KIND_WORDS, kind)


def worse_when_words(worse_when: str) -> str:
    """"worse when it rises": the direction that means weaker legitimacy."""
    return word_for(WORSE_WHEN_WORDS, worse_when)


# -- escaping ---------------------------------------------------------------------------------------

# Inline Markdown (CommonMark, GitHub and Streamlit's dialect: `$` math, `:colour[…]` directives need `[`).
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~&$])")
# What makes a heading, quote, list or rule at the start of a line.
_MD_LINE_START = re.compile(r"^([#>]|[+\-*=](?=\s|$)|\d{1,9}[.)](?=\s|$))")
# What GitHub's and Streamlit's Markdown turn into a link without brackets: a scheme's "://", "www.", an e-mail's
# "@". Streamlit links them after backslash escapes are read, so an invisible zero-width space breaks them instead.
_MD_AUTOLINK = re.compile(r"(?i)(?<=[a-z])(?=://)|(?<=\bwww)(?=\.)|(?=@)")
_ZERO_WIDTH_SPACE = "\u200b"
# Whitespace that may break a line; the no-break spaces inside "1 140" and "2026 г." are kept.
_BREAKING_SPACE = re.compile(r"[^\S\u00a0\u2007\u202f]+")


def escape_markdown(text: object) -> str:
    """Plain text that Markdown shows as written: one line, no link (bracketed or bare), image, emphasis, math
    or HTML."""
    flat = _MD_INLINE.sub(r"\\\1", _BREAKING_SPACE.sub(" ", str("" if text is None else text)).strip(" "))
    flat = _MD_AUTOLINK.sub(_ZERO_WIDTH_SPACE, flat)
    return _MD_LINE_START.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], flat)


def escape_html(text: object) -> str:
    """Text and attribute values in HTML: every markup character escaped, quotes included."""
    return html.escape(str(text), quote=True)
