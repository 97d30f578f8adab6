"""The one validation path for an observation: the form, the CLI, imports and collectors all use it."""
from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from urllib.parse import urlsplit

from .catalogue import Catalogue
from .observation import QUALIFIERS, Observation

NOTE_MAX = 2000
TEXT_MAX = 2000
_TRUE = {"1", "true", "yes", "y", "on"}
_FALSE = {"", "0", "false", "no", "n", "off"}
# A plainly good http(s) URL; anything else gets the full check below (same verdict, kept for speed on imports).
_PLAIN_HTTP_URL = re.compile(r"(?i:https?)://[A-Za-z0-9.\-_~:@\[\]%!$&'()*+,;=]+(?:[/?#]\S*)?")
_SPACE = re.compile(r"\s")


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class ValidationError(ValueError):
    """Bad input; `errors` names each field at fault. `index` is the record's position in a batch."""

    def __init__(self, errors: list[FieldError], index: int | None = None):
        self.errors = errors
        self.index = index
        super().__init__("; ".join(map(str, errors)))

    @property
    def fields(self) -> list[str]:
        return [e.field for e in self.errors]


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _number(record: Mapping, key: str, errors: list[FieldError]) -> float | None:
    raw = record.get(key)
    if raw.__class__ is float and math.isfinite(raw):  # the common case, from collectors
        return raw
    if _blank(raw):
        return None
    if isinstance(raw, bool):
        errors.append(FieldError(key, f"{raw!r} is not a number"))
        return None
    if isinstance(raw, (int, float)):
        number = float(raw)
    else:
        text = str(raw).strip()
        try:
            number = float(text)
        except ValueError:
            errors.append(FieldError(key, f"{text!r} is not a number (use digits, a dot for decimals, "
                                          "no thousands separators)"))
            return None
    if math.isnan(number) or math.isinf(number):
        errors.append(FieldError(key, "must be a finite number, not NaN or infinity"))
        return None
    return number


@lru_cache(maxsize=65536)  # batches repeat the same few thousand dates
def _iso_date(text: str) -> date:
    if len(text) != 10:
        raise ValueError(text)
    return date.fromisoformat(text)


def _date(record: Mapping, key: str, errors: list[FieldError]) -> date | None:
    raw = record.get(key)
    if _blank(raw):
        return None
    if isinstance(raw, date):
        return raw
    text = str(raw).strip()
    if len(text) > 10 and text[10] in "T ":
        text = text[:10]
    try:
        return _iso_date(text)
    except ValueError:
        errors.append(FieldError(key, f"{text!r} is not a real date in YYYY-MM-DD form"))
        return None


def _text(record: Mapping, key: str, errors: list[FieldError], limit: int = TEXT_MAX) -> str | None:
    raw = record.get(key)
    if raw is None:
        return None
    text = str(raw)
    if not text.strip():
        return None
    if len(text) > limit:
        errors.append(FieldError(key, f"is {len(text):,} characters long; the limit is {limit:,}"))
    return text


def _flag(record: Mapping, key: str, errors: list[FieldError]) -> bool:
    raw = record.get(key)
    if isinstance(raw, bool) or raw is None:
        return bool(raw)
    if isinstance(raw, (int, float)) and raw in (0, 1):
        return bool(raw)
    text = str(raw).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    errors.append(FieldError(key, f"{raw!r} is not yes or no"))
    return False


def check_url(url: str | None) -> str | None:
    """Why `url` is not an acceptable http(s) link, or None when it is."""
    if url is None or not url.strip():
        return "is required: the http(s) address of the report or data the figure comes from"
    url_ = url.strip()
    if _PLAIN_HTTP_URL.fullmatch(url_):
        return None
    parts = urlsplit(url_)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or _SPACE.search(url_):
        return f"{url!r} is not an http(s) URL"
    return None


def is_http_url(url: str | None) -> bool:
    """True for an address a page may show as a link: the test a source must pass to be saved."""
    return check_url(url) is None


def _bounds_errors(key: str, number: float, unit, errors: list[FieldError]) -> None:
    if unit.min is not None and number < unit.min:
        errors.append(FieldError(key, f"{number:g} is below the smallest {unit.id} value, {unit.min:g}"))
    if unit.max is not None and number > unit.max:
        errors.append(FieldError(key, f"{number:g} is above the largest {unit.id} value, {unit.max:g}"))
    if unit.integer and not number.is_integer():
        errors.append(FieldError(key, f"{number:g} is not a whole number, as a {unit.id} must be"))


def validate(record: Mapping, catalogue: Catalogue, *, today: date | None = None) -> Observation:
    """Check one raw record (strings or numbers) and return the Observation, or raise ValidationError."""
    errors: list[FieldError] = []
    today = today or date.today()

    indicator_id = str(record.get("indicator_id") or "").strip()
    indicator = catalogue.indicators.get(indicator_id)
    if not indicator_id:
        errors.append(FieldError("indicator_id", "is required"))
    elif indicator is None:
        errors.append(FieldError("indicator_id", f"{indicator_id!r} is not in the catalogue"))

    qualifier = str(record.get("qualifier") or "exact").strip()
    if qualifier not in QUALIFIERS:
        errors.append(FieldError("qualifier", f"{qualifier!r} is not one of {', '.join(QUALIFIERS)}"))

    value = _number(record, "value", errors)
    low = _number(record, "value_low", errors)
    high = _number(record, "value_high", errors)
    error_fields = {e.field for e in errors} if errors else ()
    if qualifier == "range":
        for key, bound in (("value_low", low), ("value_high", high)):
            if bound is None and key not in error_fields:
                errors.append(FieldError(key, "a range needs both a low and a high bound"))
        if value is not None:
            errors.append(FieldError("value", "a range takes value_low and value_high, not a single value"))
        if low is not None and high is not None and low > high:
            errors.append(FieldError("value_high", f"the high bound {high:g} is below the low bound {low:g}"))
    elif qualifier in QUALIFIERS:
        if value is None and "value" not in error_fields:
            errors.append(FieldError("value", "is required (or use qualifier 'range' with low and high)"))
        for key, bound in (("value_low", low), ("value_high", high)):
            if bound is not None:
                errors.append(FieldError(key, f"only a range has bounds; the qualifier is {qualifier!r}"))
    if indicator is not None:
        unit = catalogue.units[indicator.unit]
        for key, number in (("value", value), ("value_low", low), ("value_high", high)):
            if number is not None:
                _bounds_errors(key, number, unit, errors)

    start = _date(record, "period_start", errors)
    end = _date(record, "period_end", errors)
    if start is None and "period_start" not in {e.field for e in errors}:
        errors.append(FieldError("period_start", "is required"))
    if start is not None:
        if start > today:
            errors.append(FieldError("period_start", f"{start} is in the future"))
        if end is not None and end < start:
            errors.append(FieldError("period_end", f"{end} is before the period start {start}"))

    source_url = record.get("source_url")
    source_url = None if source_url is None else str(source_url).strip()
    url_problem = check_url(source_url)
    if url_problem:
        errors.append(FieldError("source_url", url_problem))

    note = _text(record, "note", errors, NOTE_MAX)
    citation = _text(record, "citation", errors)
    entered_by = _text(record, "entered_by", errors, 200)
    if entered_by is None:
        errors.append(FieldError("entered_by", "is required: who entered the figure"))
    collector = _text(record, "collector", errors, 100)
    note_confidential = _flag(record, "note_confidential", errors)
    source_confidential = _flag(record, "source_confidential", errors)

    if errors:
        raise ValidationError(errors)
    start_iso = start.isoformat()
    return Observation(
        indicator_id=indicator_id,
        period_start=start_iso,
        period_end=end.isoformat() if end is not None else start_iso,
        qualifier=qualifier,
        source_url=source_url,
        entered_by=entered_by.strip(),
        value=None if qualifier == "range" else value,
        value_low=low if qualifier == "range" else None,
        value_high=high if qualifier == "range" else None,
        citation=citation,
        note=note,
        collector=collector,
        note_confidential=note_confidential,
        source_confidential=source_confidential,
    )


def validate_many(records: Iterable[Mapping], catalogue: Catalogue, *,
                  today: date | None = None) -> list[Observation]:
    """Validate a batch; the first bad record raises with its position in `index`."""
    today = today or date.today()
    out = []
    for index, record in enumerate(records):
        try:
            out.append(validate(record, catalogue, today=today))
        except ValidationError as exc:
            exc.index = index
            raise
    return out
