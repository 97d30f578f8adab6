"""GDELT has no recorded timeline payload yet (see its SOURCE.md); these check the failure paths only,
one of them with a plain-text error GDELT was recorded sending."""
import pytest

from collectors import gdelt
from collectors.base import ParseError
from tests.collectors.helpers import fixture


@pytest.mark.parametrize("body, message", [
    (b"", "empty response"), (b"<html><body>Bad gateway</body></html>", "HTML page"),
    (b'{"data": [', "truncated JSON"),
])
def test_parse_fails_clearly_on_bodies_that_are_not_json(body, message):
    with pytest.raises(ParseError, match=message):
        gdelt.parse(body, "https://example.org/x?query=q", [])


def test_gdelt_reports_its_plain_text_error_answers():
    with pytest.raises(ParseError, match=r"gdelt: body: not JSON: 'Invalid/Unsupported Country\.\\n'"):
        gdelt.parse(fixture("gdelt", "error_invalid_country.txt"), "https://api.gdeltproject.org/x", [])
