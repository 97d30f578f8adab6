"""An address is shown as a browser's address bar shows it, and stored, linked and exported as given."""
import pytest

from indicators.model.addresses import shown_in, shown_url

DW = "https://www.dw.com/ru/%D0%B1%D0%B5%D0%BB%D0%BE%D1%80%D1%83%D1%81%D1%8B-%D0%B7%D0%B0/a-53325756"


def test_percent_encoded_letters_read_as_letters():
    assert shown_url(DW) == "https://www.dw.com/ru/белорусы-за/a-53325756"
    assert shown_url("https://x.org/%d0%b1?q=%D0%B1#%D0%B1") == "https://x.org/б?q=б#б"


@pytest.mark.parametrize("url", [
    "https://x.org/a%20b%2Fc%3F%25",  # escaped ASCII: decoding could change what the address means
    "https://x.org/%E2%80%AEgpj.exe",  # a right-to-left override, which could disguise an address
    "https://x.org/%C2%A0x",  # a no-break space
    "https://x.org/%D0",  # not UTF-8
    "https://x.org/plain",
])
def test_what_decoding_could_change_or_disguise_stays_escaped(url):
    assert shown_url(url) == url


def test_an_escaped_ascii_character_between_letters_stays_and_the_letters_are_read():
    assert shown_url("https://x.org/%D0%B1%2F%D0%B1") == "https://x.org/б%2Fб"


def test_addresses_inside_a_text_are_shown_decoded_and_the_rest_kept():
    assert shown_in(f"Rule: x. Sources: {DW}, https://a.org/%41.") == \
        "Rule: x. Sources: https://www.dw.com/ru/белорусы-за/a-53325756, https://a.org/%41."
    assert shown_url(None) is None
