"""An address as a browser's address bar shows it: percent-encoded letters (`%D0%B1` → `б`) read as letters.

Only what decodes to a visible non-ASCII character is decoded, as browsers do: an escaped ASCII character
(`%2F`, `%20`, `%25`) stays escaped, since decoding it could change what the address means, and so does anything
that would decode to an invisible, control or direction-changing character (which could disguise an address) or
to bytes that are not UTF-8. The host is shown as written. The address itself is stored, linked and exported as
given; this is only how it is shown.
"""
from __future__ import annotations

import re
import unicodedata

_ESCAPES = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_ADDRESS = re.compile(r"https?://\S+", re.IGNORECASE)
_HIDDEN = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs"}  # control, format (bidi), unassigned, separators


def _visible(text: str) -> bool:
    return all(ord(c) > 127 and unicodedata.category(c) not in _HIDDEN for c in text)


def _decode_run(match: re.Match) -> str:
    escaped = match.group(0)
    pieces = [escaped[i:i + 3] for i in range(0, len(escaped), 3)]
    out, pending = [], []

    def flush():
        if pending:
            try:
                text = bytes(int(p[1:], 16) for p in pending).decode("utf-8")
            except UnicodeDecodeError:
                text = None
            out.append(text if text is not None and _visible(text) else "".join(pending))
            pending.clear()

    for piece in pieces:
        if int(piece[1:], 16) < 0x80:  # ASCII: stays escaped, and ends a run of letters
            flush()
            out.append(piece)
        else:
            pending.append(piece)
    flush()
    return "".join(out)


def shown_url(url: str | None) -> str | None:
    """`url` as a browser's address bar shows it (None stays None)."""
    if not url or "%" not in url:
        return url
    return _ESCAPES.sub(_decode_run, url)


def shown_in(text: str) -> str:
    """A text with every http(s) address in it shown as the address bar shows it (an alert's explanation names
    its sources so)."""
    return _ADDRESS.sub(lambda m: shown_url(m.group(0)), text) if "%" in text else text
