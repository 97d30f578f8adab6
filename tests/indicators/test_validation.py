from datetime import date

import pytest

from indicators.languages.i18n import use
from indicators.model.validation import ValidationError, validate, validate_many

TODAY = date(2026, 11, 25)
GOOD = {
    "indicator_id": "arbitrary_detentions", "value": "1140", "qualifier": "at_least",
    "period_start": "2020-05-06", "period_end": "2020-07-20",
    "source_url": "http://spring96.org/be/news/98359", "entered_by": "analyst",
}


def check(catalogue, **changes):
    return validate({**GOOD, **changes}, catalogue, today=TODAY)


def refused(catalogue, field, **changes):
    with pytest.raises(ValidationError) as info:
        check(catalogue, **changes)
    assert field in info.value.fields, info.value
    assert str(info.value).startswith(f"{field}:") or f"; {field}:" in str(info.value)
    return str(info.value)


def test_a_good_record_becomes_an_observation(catalogue):
    obs = check(catalogue)
    assert (obs.indicator_id, obs.value, obs.qualifier) == ("arbitrary_detentions", 1140.0, "at_least")
    assert (obs.period_start, obs.period_end) == ("2020-05-06", "2020-07-20")


def test_a_single_day_needs_no_end(catalogue):
    obs = check(catalogue, period_end="")
    assert obs.period_end == obs.period_start == "2020-05-06"


def test_a_range_keeps_both_bounds_and_no_value(catalogue):
    obs = check(catalogue, indicator_id="trust_president_minsk", qualifier="range", value="",
                value_low="15", value_high="20")
    assert (obs.value, obs.value_low, obs.value_high) == (None, 15.0, 20.0)


def test_notes_are_kept_verbatim(catalogue):
    note = "Свидетель: «<script>alert(1)</script>»'; DROP TABLE observations; --"
    assert check(catalogue, note=note).note == note


def test_unknown_indicator(catalogue):
    assert "not in the catalogue" in refused(catalogue, "indicator_id", indicator_id="moon_phase")


@pytest.mark.parametrize("bad", ["many", "1 140", "1,14", "nan", "inf", "-inf", float("nan"), float("inf")])
def test_non_numeric_nan_and_infinite_values(catalogue, bad):
    refused(catalogue, "value", value=bad)


@pytest.mark.parametrize("bad", ["-1", "100.5"])
def test_a_percent_outside_0_to_100(catalogue, bad):
    refused(catalogue, "value", indicator_id="trust_president_minsk", qualifier="exact", value=bad)


@pytest.mark.parametrize("bad", ["-3", "2.5"])
def test_a_negative_or_fractional_count(catalogue, bad):
    refused(catalogue, "value", value=bad)


def test_an_end_before_the_start(catalogue):
    assert "before the period start" in refused(catalogue, "period_end", period_end="2020-05-01")


def test_a_start_in_the_future(catalogue):
    assert "in the future" in refused(catalogue, "period_start", period_start="2026-11-26", period_end="")


@pytest.mark.parametrize("bad", ["2020-02-30", "2020-13-01", "20/07/2020", "yesterday"])
def test_impossible_dates(catalogue, bad):
    refused(catalogue, "period_start", period_start=bad)


@pytest.mark.parametrize("bad", ["", None, "spring96.org/be/news/98359", "ftp://spring96.org/x",
                                 "javascript:alert(1)", "file:///etc/passwd", "http://"])
def test_a_missing_or_non_http_source(catalogue, bad):
    refused(catalogue, "source_url", source_url=bad)


def test_a_range_without_both_bounds(catalogue):
    refused(catalogue, "value_high", qualifier="range", value="", value_low="10")


def test_a_range_with_low_above_high(catalogue):
    assert "below the low bound" in refused(catalogue, "value_high", qualifier="range", value="",
                                             value_low="20", value_high="10")


def test_a_qualifier_outside_the_vocabulary(catalogue):
    refused(catalogue, "qualifier", qualifier="roughly")


def test_a_note_over_2000_characters(catalogue):
    assert check(catalogue, note="x" * 2000).note == "x" * 2000
    assert "limit is 2,000" in refused(catalogue, "note", note="x" * 2001)


def test_every_fault_is_named_at_once(catalogue):
    with pytest.raises(ValidationError) as info:
        check(catalogue, value="abc", source_url="", period_start="2020-02-30")
    assert set(info.value.fields) == {"value", "source_url", "period_start"}


def test_a_batch_names_the_position_of_the_first_bad_record(catalogue):
    with pytest.raises(ValidationError) as info:
        validate_many([GOOD, GOOD, {**GOOD, "value": "x"}], catalogue, today=TODAY)
    assert info.value.index == 2


# -- numbers as people write them -----------------------------------------------------------------------------

@pytest.mark.parametrize("lang, written, read", [
    ("en", "1,100", 1100), ("en", "12,345,678", 12345678), ("en", "1,100.5", 1100.5), ("en", "0.100", 0.1),
    ("be", "1 100", 1100), ("be", "1\u00a0100", 1100), ("ru", "1\u202f100", 1100), ("ru", "1 100,5", 1100.5),
    ("be", "1,5", 1.5), ("ru", "0,100", 0.1), ("ru", "1.5", 1.5), ("be", "2.5930", 2.593),
])
def test_a_value_may_be_written_with_the_readers_thousands_separator(catalogue, lang, written, read):
    with use(lang):
        assert check(catalogue, indicator_id="exchange_rate_byn_usd", qualifier="exact", value=written).value == read


@pytest.mark.parametrize("lang, written, says", [
    ("en", "1.100", "'1.100' is ambiguous: a dot before three digits may separate thousands or mark decimals; "
                    "write 1100 if it separates thousands, 1.1 if it marks decimals"),
    ("en", "2.593", "write 2593 if it separates thousands, 2.5930 if it marks decimals"),
    ("en", "1 100", "'1 100' is not a number (write digits, a dot for decimals and, if you like, commas between "
                    "thousands: 1,100.5)"),
])
def test_an_ambiguous_or_foreign_number_is_refused_saying_why(catalogue, lang, written, says):
    with use(lang):
        assert says in refused(catalogue, "value", indicator_id="exchange_rate_byn_usd", value=written)


@pytest.mark.parametrize("lang", ["be", "ru"])
def test_a_comma_before_three_digits_is_refused_where_a_comma_marks_decimals(catalogue, lang):
    with use(lang):
        message = refused(catalogue, "value", value="1,100")
    assert message.startswith("value: '1,100'") and "1100" in message and "1,1" in message


def test_collectors_read_numbers_strictly_whatever_the_language():
    from indicators.model.validation import parse_number

    with use("be"):
        with pytest.raises(ValueError):
            parse_number("1,5")
    with pytest.raises(ValueError):
        parse_number("1,100")
