"""Decided and documented: one-line fields (who entered, a reason, a label, who acknowledged) refuse the
characters that show nothing ("an\u200dna" would pass for "anna"); paragraphs (notes, citations) keep them, as
Persian's ZWNJ and emoji sequences need. A source URL holding a user name or password is refused: it would be
published with the figure."""
import pytest

from indicators.reports import alerts as al
from indicators.model import validation
from indicators.model.validation import ValidationError, check_url, validate, validate_event

from .conftest import SRC, refused, run

INVISIBLE = {"zero-width joiner": "an\u200dna", "zero-width non-joiner": "an\u200cna", "zero-width space": "an\u200bna",
             "word joiner": "an\u2060na", "soft hyphen": "an\u00adna", "byte order mark": "\ufeffanna",
             "mongolian vowel separator": "an\u180ena", "invisible separator": "an\u2063na"}


def test_entered_by_refuses_invisible_characters_on_the_command_line(initialized, unchanged):
    for text in INVISIBLE.values():
        result = run(initialized, "add", "arbitrary_detentions", "5", "--start", "2020-05-06", "--source", SRC,
                     "--by", text)
        assert "invisible character" in refused(result, "entered_by")
    assert unchanged()


@pytest.mark.parametrize("name", sorted(INVISIBLE))
def test_every_one_line_field_refuses_them(catalogue, name):
    text = INVISIBLE[name]
    with pytest.raises(ValidationError) as caught:
        validate({"indicator_id": "arbitrary_detentions", "value": "5", "period_start": "2020-05-06",
                  "source_url": SRC, "entered_by": text}, catalogue)
    assert caught.value.fields == ["entered_by"]
    with pytest.raises(ValidationError) as caught:
        validate_event({"date_start": "2020-08-09", "label": text, "source_url": SRC, "entered_by": "a"})
    assert "label" in caught.value.fields


def test_a_reason_and_an_acknowledgement_refuse_them(initialized, unchanged):
    assert "invisible character" in refused(run(initialized, "retract", "1", "--reason", "wr\u200bong"), "reason")
    assert unchanged()


def test_acknowledging_refuses_them(store):
    alert = store.open_alert(key="k", rule="stale", indicator_id=None, source=None, title="t", explanation="e",
                             detail={})
    with pytest.raises(ValidationError, match="invisible"):
        al.acknowledge(store, alert, "an\u200dna")
    assert store.alert(alert)["acknowledged_by"] is None


CREDENTIALS = ["https://user:pass@example.org/report", "https://user@example.org/report",
               "http://:secret@example.org/", "https://a%40b:c@example.org/x", "HTTPS://USER:PASS@EXAMPLE.ORG/"]


def test_a_source_url_with_credentials_is_refused(initialized, unchanged):
    for url in CREDENTIALS:
        result = run(initialized, "add", "arbitrary_detentions", "5", "--start", "2020-05-06", "--source", url,
                     "--by", "analyst")
        assert "user name or password" in refused(result, "source_url")
        assert "secret" not in check_url(url) and "pass" not in check_url(url).replace("password", "")
    assert unchanged()


@pytest.mark.parametrize("url", ["https://example.org/a@b", "https://example.org/?mail=a@b.org",
                                 "https://example.org/#x@y"])
def test_an_at_sign_after_the_host_is_no_credential(url):
    assert check_url(url) is None


def test_an_event_source_with_credentials_is_refused_too():
    with pytest.raises(ValidationError) as caught:
        validate_event({"date_start": "2020-08-09", "label": "x", "source_url": "https://u:p@e.example/",
                        "entered_by": "a"})
    assert "source_url" in caught.value.fields


def test_a_webhook_address_may_hold_credentials_it_is_never_published():
    assert validation.is_http_url("https://user:token@hooks.example.org/x", published=False)
