"""The one validation path for an observation: the form, the CLI, imports and collectors all use it."""
from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from urllib.parse import urlsplit

from . import text_policy
from .catalogue import Catalogue
from ..languages.i18n import _, count, data_language
from .observation import QUALIFIERS, Observation

URL_MAX = text_policy.LIMITS["source_url"]
# Figures are stored as IEEE doubles: up to this magnitude every whole number is exact, and a decimal of up
# to 15 significant digits reads back as written. Larger figures, or more digits, are refused.
MAX_MAGNITUDE = 1e15
# The dates the barometer takes, for a period and an event (the form's date pickers offer the same span): wide
# enough for historical series (World Bank data from 1960), narrow enough that no date arithmetic overflows.
DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2100, 12, 31)
_TRUE = {"1", "true", "yes", "y", "on"}
_FALSE = {"", "0", "false", "no", "n", "off"}
# A plainly good http(s) URL: a plain host name and printable ASCII after it. Anything else gets the full
# check below (same verdict, kept for speed on imports).
_PLAIN_HTTP_URL = re.compile(r"(?i:https?)://[A-Za-z0-9][A-Za-z0-9.\-_~]*(?:[/?#][!-~]*)?")
_SPACE = re.compile(r"\s")
# A number as people write it: ASCII digits, an optional sign, a dot for decimals, an optional exponent.
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_NOT_FINITE = {"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"}
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class FieldError:
    """A field at fault: `field` is its stable id (`period_end`), `message` says why in the reader's language."""

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


def outside_dates(day: str) -> str:
    """Why a day is refused: it lies outside DATE_MIN to DATE_MAX."""
    return _("{day} is outside the dates the barometer takes ({first} to {last})").format(
        day=day, first=DATE_MIN.isoformat(), last=DATE_MAX.isoformat())


def unknown_id(value: str, known: Iterable[str]) -> str:
    """Why an id is refused: not in the catalogue, with the closest known id when one is near ("did you mean")."""
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.6)
    if close:
        return _("{value} is not in the catalogue; did you mean {suggestion}?").format(value=_short(value),
                                                                                     suggestion=repr(close[0]))
    return _("{value} is not in the catalogue").format(value=_short(value))


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and text_policy.blank(value))


def _short(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:40] + "…")


def _too_large(key: str, errors: list[FieldError], shown: str) -> None:
    errors.append(FieldError(key, _("{shown} is beyond ±{limit}, the largest magnitude a figure may have (it could "
                                    "not be stored exactly)").format(shown=shown, limit=count(int(MAX_MAGNITUDE)))))


def parse_number(text: str) -> float:
    """A number written as text, strictly: ASCII digits, a dot for decimals, no thousands separators or
    underscores, finite, within ±MAX_MAGNITUDE, and exactly what a float reads back. ValueError says why."""
    text = text.strip()
    if not _DECIMAL.fullmatch(text):
        if text.lower() in _NOT_FINITE:
            raise ValueError(_("must be a finite number, not NaN or infinity"))
        raise ValueError(_("{value} is not a number (use digits, a dot for decimals, no thousands separators)").format(
            value=_short(text)))
    number = float(text)
    if not abs(number) <= MAX_MAGNITUDE:
        raise OverflowError(_short(text))
    if Decimal(text) != Decimal(repr(number)):
        raise ValueError(_("{value} has more significant digits than can be stored exactly (at most 15); round "
                           "it").format(value=_short(text)))
    return number


# Numbers as people write them, in the reader's language: English groups thousands with commas ("1,100.5"),
# Belarusian and Russian with spaces, no-break or thin ones among them ("1 100,5"), and mark decimals with a comma;
# a dot marks decimals in every language.
_SPACES = " \u00a0\u202f\u2009"
_EN_GROUPED = re.compile(r"[+-]?[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]+)?")
_SPACE_GROUPED = re.compile(rf"[+-]?[1-9][0-9]{{0,2}}(?:[{_SPACES}][0-9]{{3}})+(?:[.,][0-9]+)?")
_DECIMAL_COMMA = re.compile(r"[+-]?[0-9]+,[0-9]+")
# One mark before exactly three digits, after one to three that do not start with 0: "1.100", and "1,100" where
# a comma marks decimals, read as a thousand and a hundred or as one point one.
_AMBIGUOUS = re.compile(r"([+-]?[1-9][0-9]{0,2})([.,])([0-9]{3})")


def _ambiguous(text: str, mark: str, decimal_mark: str) -> ValueError | None:
    """Why a number is refused when its one mark may separate thousands or mark decimals, saying how to write
    either reading; None when it is not such a number."""
    found = _AMBIGUOUS.fullmatch(text)
    if not found or found.group(2) != mark:
        return None
    whole, _mark, fraction = found.groups()
    kept = fraction.rstrip("0")
    decimal = whole + (decimal_mark + (kept if len(kept) != 3 else kept + "0") if kept else "")
    message = (_("{value} is ambiguous: a dot before three digits may separate thousands or mark decimals; write "
                 "{thousands} if it separates thousands, {decimal} if it marks decimals") if mark == "." else
               _("{value} is ambiguous: a comma marks decimals here, yet in English it separates thousands; write "
                 "{thousands} if it separates thousands, {decimal} if it marks decimals"))
    return ValueError(message.format(value=_short(text), thousands=whole + fraction, decimal=decimal))


def read_number(text: str) -> float:
    """A number as a person writes it in the reader's language (see above), else what parse_number takes; a
    number whose one mark may separate thousands or mark decimals ("1.100"; "1,100" in Belarusian and Russian) is
    refused, saying why. ValueError (OverflowError past ±MAX_MAGNITUDE) says why."""
    text = text.strip()
    comma_decimals = data_language() in ("be", "ru")
    problem = _ambiguous(text, ".", "," if comma_decimals else ".") or (
        _ambiguous(text, ",", ",") if comma_decimals else None)
    if problem:
        raise problem
    if _DECIMAL.fullmatch(text) or text.lower() in _NOT_FINITE:
        return parse_number(text)
    if comma_decimals and (_SPACE_GROUPED.fullmatch(text) or _DECIMAL_COMMA.fullmatch(text)):
        plain = text.replace(",", ".")
    elif not comma_decimals and _EN_GROUPED.fullmatch(text):
        plain = text.replace(",", "")
    else:
        raise ValueError(_("{value} is not a number (write digits, a dot for decimals and, if you like, commas "
                           "between thousands: 1,100.5)").format(value=_short(text)))
    return parse_number(plain.translate({ord(c): None for c in _SPACES}))


def _number(record: Mapping, key: str, errors: list[FieldError]) -> float | None:
    raw = record.get(key)
    if raw.__class__ is float and -MAX_MAGNITUDE <= raw <= MAX_MAGNITUDE:  # the common case, from collectors
        return raw
    if _blank(raw):
        return None
    if isinstance(raw, bool):
        errors.append(FieldError(key, _("{value} is not a number").format(value=repr(raw))))
        return None
    if isinstance(raw, int):
        if abs(raw) > MAX_MAGNITUDE:
            if abs(raw).bit_length() < 10_000:
                _too_large(key, errors, _("a {digits}-digit number").format(digits=len(str(abs(raw)))))
            else:
                _too_large(key, errors, _("a number of many digits"))
            return None
        return float(raw)
    if isinstance(raw, float):
        if math.isnan(raw) or math.isinf(raw):
            errors.append(FieldError(key, _("must be a finite number, not NaN or infinity")))
        else:
            _too_large(key, errors, f"{raw:g}")
        return None
    try:
        return read_number(str(raw))
    except OverflowError as exc:
        _too_large(key, errors, str(exc))
    except ValueError as exc:
        errors.append(FieldError(key, str(exc)))
    return None


@lru_cache(maxsize=65536)  # batches repeat the same few thousand dates
def _iso_date(text: str) -> date:
    if len(text) == 10:
        if not _ISO_DAY.fullmatch(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    # a timestamp as APIs and spreadsheets write it: the whole of it must be one, and its day counts
    if len(text) < 13 or text[10] not in "T " or not _ISO_DAY.fullmatch(text[:10]) or not text[11:].isascii():
        raise ValueError(text)
    return datetime.fromisoformat(text).date()


def _date(record: Mapping, key: str, errors: list[FieldError]) -> date | None:
    raw = record.get(key)
    if _blank(raw):
        return None
    if isinstance(raw, datetime):
        day = raw.date()
    elif isinstance(raw, date):
        day = raw
    else:
        text = str(raw).strip()
        try:
            day = _iso_date(text)
        except ValueError:
            errors.append(FieldError(key, _("{value} is not a real date in YYYY-MM-DD form").format(
                value=_short(text))))
            return None
    if not DATE_MIN <= day <= DATE_MAX:
        errors.append(FieldError(key, outside_dates(day.isoformat())))
        return None
    return day


def _text(record: Mapping, key: str, errors: list[FieldError]) -> str | None:
    """Free text under the text policy: its length limit, no control or bidirectional characters."""
    raw = record.get(key)
    if raw is None:
        return None
    text = str(raw)
    if text_policy.blank(text):
        return None
    problem = text_policy.problem(key, text)
    if problem:
        errors.append(FieldError(key, problem))
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
    errors.append(FieldError(key, _("{value} is not yes or no").format(value=_short(str(raw)))))
    return False


def check_url(url: str | None, *, published: bool = True) -> str | None:
    """Why `url` is not an acceptable http(s) link, or None when it is. A `published` address (a source, shown
    with its figure) may not hold a user name or password: they would be published with it."""
    if url is None or not url.strip():
        return _("is required: the http(s) address of the report or data the figure comes from")
    url_ = url.strip()
    if len(url_) > URL_MAX:
        return text_policy.too_long(len(url_), URL_MAX)
    if _PLAIN_HTTP_URL.fullmatch(url_):
        return None
    policy = text_policy.problem("source_url", url_)
    if policy:
        return policy
    try:
        parts = urlsplit(url_)
        host = parts.hostname
        parts.port  # noqa: B018 - a bad port or an unclosed [IPv6 address raises
    except ValueError:
        return _("{value} is not an http(s) URL").format(value=_short(url))
    if parts.scheme.lower() not in ("http", "https") or not host or _SPACE.search(url_):
        return _("{value} is not an http(s) URL").format(value=_short(url))
    if published and "@" in parts.netloc:
        return _("holds a user name or password (before “@”), which would be published with the figure; give "
                 "the address without them")
    return None


def is_http_url(url: str | None, *, published: bool = True) -> bool:
    """True for an address a page may show as a link: the test a source must pass to be saved."""
    return check_url(url, published=published) is None


def _bounds_errors(key: str, number: float, unit, errors: list[FieldError]) -> None:
    if unit.min is not None and number < unit.min:
        errors.append(FieldError(key, _("{value} is below the smallest {unit} value, {limit}").format(
            value=f"{number:g}", unit=unit.id, limit=f"{unit.min:g}")))
    if unit.max is not None and number > unit.max:
        errors.append(FieldError(key, _("{value} is above the largest {unit} value, {limit}").format(
            value=f"{number:g}", unit=unit.id, limit=f"{unit.max:g}")))
    if unit.integer and not number.is_integer():
        errors.append(FieldError(key, _("{value} is not a whole number, as a {unit} must be").format(
            value=f"{number:g}", unit=unit.id)))


def validate(record: Mapping, catalogue: Catalogue, *, today: date | None = None) -> Observation:
    """Check one raw record (strings or numbers) and return the Observation, or raise ValidationError."""
    errors: list[FieldError] = []
    today = today or date.today()

    indicator_id = str(record.get("indicator_id") or "").strip()
    indicator = catalogue.indicators.get(indicator_id)
    if not indicator_id:
        errors.append(FieldError("indicator_id", _("is required")))
    elif indicator is None:
        errors.append(FieldError("indicator_id", unknown_id(indicator_id, catalogue.indicators)))

    qualifier = str(record.get("qualifier") or "exact").strip()
    if qualifier not in QUALIFIERS:
        errors.append(FieldError("qualifier", _("{value} is not one of {choices}").format(
            value=_short(qualifier), choices=", ".join(QUALIFIERS))))

    value = _number(record, "value", errors)
    low = _number(record, "value_low", errors)
    high = _number(record, "value_high", errors)
    error_fields = {e.field for e in errors} if errors else ()
    if qualifier == "range":
        for key, bound in (("value_low", low), ("value_high", high)):
            if bound is None and key not in error_fields:
                errors.append(FieldError(key, _("a range needs both a low and a high bound")))
        if value is not None:
            errors.append(FieldError("value", _("a range takes value_low and value_high, not a single value")))
        if low is not None and high is not None and low > high:
            errors.append(FieldError("value_high", _("the high bound {high} is below the low bound {low}").format(
                high=f"{high:g}", low=f"{low:g}")))
    elif qualifier in QUALIFIERS:
        if value is None and "value" not in error_fields:
            errors.append(FieldError("value", _("is required (or use qualifier 'range' with low and high)")))
        for key, bound in (("value_low", low), ("value_high", high)):
            if bound is not None:
                errors.append(FieldError(key, _("only a range has bounds; the qualifier is {qualifier}").format(
                    qualifier=repr(qualifier))))
    if indicator is not None:
        unit = catalogue.units[indicator.unit]
        for key, number in (("value", value), ("value_low", low), ("value_high", high)):
            if number is not None:
                _bounds_errors(key, number, unit, errors)

    start = _date(record, "period_start", errors)
    end = _date(record, "period_end", errors)
    if start is None and "period_start" not in {e.field for e in errors}:
        errors.append(FieldError("period_start", _("is required")))
    if start is not None:
        if start > today:
            errors.append(FieldError("period_start", _("{day} is in the future").format(day=start)))
        if end is not None and end < start:
            errors.append(FieldError("period_end", _("{end} is before the period start {start}").format(
                end=end, start=start)))

    source_url = record.get("source_url")
    source_url = None if source_url is None else str(source_url).strip()
    url_problem = check_url(source_url)
    if url_problem:
        errors.append(FieldError("source_url", url_problem))

    note = _text(record, "note", errors)
    citation = _text(record, "citation", errors)
    entered_by = _text(record, "entered_by", errors)
    if entered_by is None:
        errors.append(FieldError("entered_by", _("is required: who entered the figure")))
    collector = _text(record, "collector", errors)
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


def check_reason(reason: str | None, *, required: bool) -> str | None:
    """A correction's or retraction's reason under the text policy, stripped; None when blank and optional."""
    if text_policy.blank(reason):
        if required:
            raise ValidationError([FieldError("reason", _("is required: say why"))])
        return None
    text = str(reason).strip()
    problem = text_policy.problem("reason", text)
    if problem:
        raise ValidationError([FieldError("reason", problem)])
    return text


def validate_event(record: Mapping) -> dict:
    """Check one event (dates, label, source, who entered it) and return it ready to store."""
    errors: list[FieldError] = []
    start = _date(record, "date_start", errors)
    end = _date(record, "date_end", errors)
    if start is None and "date_start" not in {e.field for e in errors}:
        errors.append(FieldError("date_start", _("is required")))
    if start is not None and end is not None and end < start:
        errors.append(FieldError("date_end", _("{end} is before the start {start}").format(end=end, start=start)))
    label = _text(record, "label", errors)
    if label is None:
        errors.append(FieldError("label", _("is required")))
    description = _text(record, "description", errors)
    family = _text(record, "family", errors)
    source_url = None if record.get("source_url") is None else str(record["source_url"]).strip()
    url_problem = check_url(source_url)
    if url_problem:
        errors.append(FieldError("source_url", url_problem))
    entered_by = _text(record, "entered_by", errors)
    if entered_by is None:
        errors.append(FieldError("entered_by", _("is required")))
    if errors:
        raise ValidationError(errors)
    return {"date_start": start.isoformat(), "date_end": (end or start).isoformat(), "label": label,
            "family": family, "description": description, "source_url": source_url,
            "entered_by": entered_by.strip()}
