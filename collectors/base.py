"""What every collector shares: the raw payload, the parse error, and the record a parser returns."""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

from indicators import settings
from indicators.model.validation import MAX_MAGNITUDE, parse_number


@dataclass(frozen=True)
class RawPayload:
    """Bytes exactly as a source sent them, with what is needed to trace them."""

    source: str
    url: str
    status: int
    fetched_at: str
    body: bytes
    content_type: str | None = None


class ParseError(ValueError):
    """A payload does not have the shape its parser expects; names the source and the field."""

    def __init__(self, source: str, field: str, message: str):
        self.source = source
        self.field = field
        super().__init__(f"{source}: {field}: {message}")


def _no_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def load_json(source: str, body: bytes) -> object:
    """Decode a JSON body, saying clearly when it is HTML, empty or cut short (NaN and Infinity,
    which are not JSON, are refused too)."""
    text = body.decode("utf-8", errors="replace").strip()
    if not text:
        raise ParseError(source, "body", "empty response")
    if text[:1] == "<":
        raise ParseError(source, "body", "got an HTML page instead of JSON")
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise ParseError(source, "body", f"invalid or truncated JSON ({exc.msg} at char {exc.pos})") from None
    except (ValueError, RecursionError) as exc:  # NaN, a number too long to read, nesting too deep
        raise ParseError(source, "body", f"invalid JSON ({str(exc)[:120]})") from None


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:60] + "…"


def count(source: str, value: object, where: str) -> int:
    """A count as a source gives it: a whole number (12, or 12.0), never a fraction, text or true/false."""
    if (isinstance(value, bool) or not isinstance(value, (int, float))
            or (isinstance(value, float) and not value.is_integer())):
        raise ParseError(source, where, f"{_shown(value)} is not a whole number, as a count must be")
    return int(value)


def csv_day(source: str, text: str, where: str) -> date:
    """A date in a CSV cell, as YYYY-MM-DD; anything else is refused, naming the cell."""
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        raise ParseError(source, where, f"{text!r} is not a date") from None


def csv_count(source: str, text: str, where: str, of: str = "") -> int | None:
    """A count in a CSV cell: blank is not reported (None), never 0; anything but digits is refused."""
    text = (text or "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise ParseError(source, where, f"{text!r} is not a whole number" + (f" of {of}" if of else ""))
    return int(text)


def number(source: str, value: object, where: str) -> float:
    """A figure as a source gives it: a JSON number, or text written strictly as indicators.model.validation
    reads numbers (digits, a dot for decimals, nothing else), within its magnitude limit."""
    if isinstance(value, str):
        try:
            return parse_number(value)
        except OverflowError:
            raise ParseError(source, where, f"{_shown(value)} is beyond ±{MAX_MAGNITUDE:,.0f}") from None
        except ValueError as exc:
            raise ParseError(source, where, str(exc)) from None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ParseError(source, where, f"{_shown(value)} is not a number")
    if isinstance(value, int) and abs(value) > MAX_MAGNITUDE:
        raise ParseError(source, where, f"{_shown(value)} is beyond ±{MAX_MAGNITUDE:,.0f}")
    return float(value)


def field(source: str, mapping: object, key: str, where: str = ""):
    """mapping[key], or a ParseError naming the missing field."""
    if not isinstance(mapping, Mapping) or key not in mapping:
        raise ParseError(source, f"{where}{key}", "missing")
    return mapping[key]


def query(url: str) -> dict[str, str]:
    """The query parameters of a URL, last value wins."""
    return {k: v[-1] for k, v in parse_qs(urlsplit(url).query).items()}


def record(source: str, indicator_id: str, start: date | str, end: date | str | None,
           value: float, source_url: str, note: str | None = None) -> dict:
    """One observation as the validation module expects it."""
    start_s = start if start.__class__ is str else start.isoformat()
    end_s = start_s if end is None else (end if end.__class__ is str else end.isoformat())
    return {"indicator_id": indicator_id, "value": value, "qualifier": "exact", "period_start": start_s,
            "period_end": end_s, "source_url": source_url, "entered_by": f"collector:{source}", "collector": source, "note": note}



def chunks(since: date, until: date, days: int) -> Iterable[tuple[date, date]]:
    """Split [since, until] into consecutive inclusive ranges of at most `days` days."""
    start = since
    while start <= until:
        end = min(until, start + timedelta(days=days - 1))
        yield start, end
        start = end + timedelta(days=1)


def week_of(day: date) -> tuple[date, date]:
    """The ISO week (Monday to Sunday) containing `day`."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def read_csv(source: str, body: bytes, required: Iterable[str] = ()) -> list[dict[str, str]]:
    """Rows of a CSV body as dicts, checking the header names the required columns."""
    import csv
    import io

    text = body.decode("utf-8-sig", errors="replace")
    if not text.strip():
        raise ParseError(source, "body", "empty file")
    if text.lstrip()[:1] == "<":
        raise ParseError(source, "body", "got an HTML page instead of CSV")
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    for column in required:
        if column not in header:
            raise ParseError(source, f"column {column}", f"missing from the header ({', '.join(header[:8])}…)")
    return list(reader)


def env_url(source: str, default: str) -> str:
    """A source's base URL: BAROMETER_<SOURCE>_URL when set (tests point it at a local server)."""
    return settings.SOURCE_URL.text(source, default).rstrip("/")
