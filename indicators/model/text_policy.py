"""The one policy for free text that people and remote services hand us: notes, citations, reasons,
enterers, labels, descriptions and source URLs.

Each field has a length limit. Control characters are refused (tab and line breaks only in fields meant
to hold paragraphs), and so are the bidirectional controls that make text display differently from what
it says (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C), lone surrogates and noncharacters. One-line
fields (who entered, a reason, a label, a source URL) refuse the characters that show nothing too (zero-width
spaces and joiners, the word joiner, the soft hyphen, the byte order mark): "an\u200dna" would pass for "anna".
Text made only of spaces of any kind and such characters is blank (`blank`), as the store's triggers judge it.
indicators.model.validation applies `problem` to every free-text field on every path in (the form, the CLI,
imports, collectors); the writers use `printable`, `json_safe` and `xlsx_safe` on what is already stored,
so that text saved before this policy cannot reach a terminal or break a spreadsheet either.
"""
from __future__ import annotations

import re
import unicodedata

from ..languages.i18n import _, count

# The longest text each field takes, in characters.
LIMITS = {
    "note": 2000,
    "citation": 2000,
    "description": 2000,
    "source_url": 2000,
    "reason": 500,
    "label": 200,
    "entered_by": 200,
    "collector": 100,
    "parameter": 200,  # a page address's parameter (dashboard/params.py)
}
DEFAULT_LIMIT = 2000
# Fields meant to hold paragraphs: tab, line feed, carriage return and the Unicode line and paragraph
# separators are allowed there, and nowhere else.
MULTILINE = frozenset({"note", "citation", "description"})

BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_LINE_BREAKS = "\t\n\r\u2028\u2029"
# Characters that show nothing, and make one name look like another.
INVISIBLE = "\u00ad\u180e\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff"
_BLANK = re.compile(f"[\\s{INVISIBLE}]*")
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
# C0 and C1 controls and DEL (but tab, LF, CR), surrogates, noncharacters and the bidirectional controls.
_ALWAYS = ("\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff" + _NONCHARACTERS + BIDI_CONTROLS)
_FORBIDDEN_MULTILINE = re.compile(f"[{_ALWAYS}]")
_FORBIDDEN_SINGLE_LINE = re.compile(f"[{_ALWAYS}{_LINE_BREAKS}{INVISIBLE}]")
# What a terminal or a table cell must never receive raw: every control, separator and bidi control.
_UNPRINTABLE = _FORBIDDEN_SINGLE_LINE
# Characters an XLSX cell cannot hold (XML 1.0): C0 controls but tab, LF, CR; surrogates; U+FFFE, U+FFFF.
_XLSX_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Characters json.dumps(ensure_ascii=False) leaves raw that a terminal may act on.
_JSON_RAW = re.compile(f"[\x7f-\x9f\u2028\u2029{BIDI_CONTROLS}]")
XLSX_CELL_MAX = 32_767


def limit(field: str) -> int:
    return LIMITS.get(field, DEFAULT_LIMIT)


def _describe(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


def too_long(length: int, longest: int) -> str:
    return _("is {length} characters long; the limit is {limit}").format(length=count(length), limit=count(longest))


def problem(field: str, text: str) -> str | None:
    """Why `text` may not be stored in `field` (a sentence without the field's name), or None."""
    longest = limit(field)
    if len(text) > longest:
        return too_long(len(text), longest)
    forbidden = _FORBIDDEN_MULTILINE if field in MULTILINE else _FORBIDDEN_SINGLE_LINE
    found = forbidden.search(text)
    if found is None:
        return None
    char, where = found.group(), found.start() + 1
    if char in BIDI_CONTROLS:
        message = _("holds a bidirectional control character ({char}, character {at}), which makes text display "
                    "differently from what it says; remove it")
    elif char in INVISIBLE:
        message = _("holds an invisible character ({char}, character {at}), which makes text look like other "
                    "text; remove it")
    elif char in _LINE_BREAKS:
        message = _("must be one line: it holds a line break or tab ({char}, character {at})")
    elif "\ud800" <= char <= "\udfff":
        message = _("holds an invalid character ({char}, character {at}): it is not valid text")
    elif unicodedata.category(char) == "Cc":
        message = _("holds a control character ({char}, character {at}); remove it")
    else:
        message = _("holds a character that is not text ({char}, character {at}); remove it")
    return message.format(char=_describe(char), at=where)


def blank(text) -> bool:
    """Whether `text` says nothing: empty, or only spaces of any kind (tab, no-break space, line breaks, the
    Unicode spaces) and invisible characters."""
    return text is None or _BLANK.fullmatch(str(text)) is not None


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text) -> str:
    """`text` safe to print on a terminal or in one table cell: every control character, line break,
    separator and bidirectional control is written as an escape (\\x1b, \\u202e) instead."""
    return _UNPRINTABLE.sub(_escape, str(text))


def json_safe(text: str) -> str:
    """JSON text with the characters json.dumps leaves raw (C1 controls, DEL, U+2028/9, bidi controls)
    written as \\u escapes: the same JSON value, safe on a terminal."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def xlsx_safe(text: str) -> str:
    """Text an XLSX cell can hold: characters XML forbids written as escapes, and anything past the
    cell limit cut with a visible mark (the CSV and JSON files keep the whole text)."""
    text = _XLSX_ILLEGAL.sub(_escape, text)
    if len(text) > XLSX_CELL_MAX:
        mark = " " + _("[…cut: {length} characters in all; see snapshot.csv]").format(length=count(len(text)))
        text = text[:XLSX_CELL_MAX - len(mark)] + mark
    return text


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


# A cell is quoted when it holds any of these: the delimiter, the quote, or a line break of any kind. The
# standard library's writer quotes only the characters of its own line terminator, so a lone carriage
# return went out bare and a reader started a new row at it, a row whose first cell could be a formula.
_CSV_SPECIAL = re.compile('[,"\r\n]')


def csv_line(cells) -> str:
    """One CSV record (RFC 4180 quoting, "\\n" after it): every CSV this tool writes goes through here."""
    return ",".join(f'"{c.replace(chr(34), chr(34) * 2)}"' if _CSV_SPECIAL.search(c) else c
                    for c in map(str, cells)) + "\n"


def neutralize(text: str | None) -> str | None:
    """Text a spreadsheet would run as a formula gets a leading quote; everything else is left alone.
    Applied to text that came from people, in every cell and in every part of a joined cell."""
    if isinstance(text, str) and text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text
