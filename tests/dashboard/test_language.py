"""The language of a dashboard session: the URL's, else the session's last, else the default; an unknown one
falls back with a notice; every address of a page carries it."""
from dashboard import language
from indicators.languages.i18n import PSEUDO, use


def test_the_address_says_the_language_first_then_the_session_then_the_default():
    assert language.choose("ru", "be", "en") == language.Choice("ru")
    assert language.choose(None, "be", "en") == language.Choice("be")
    assert language.choose("", None, "ru") == language.Choice("ru")
    assert language.choose(" BE ", None, "en") == language.Choice("be")


def test_an_unknown_language_falls_back_to_the_default_and_is_named_in_the_notice():
    choice = language.choose("pl", "be", "ru")
    assert choice == language.Choice("ru", "pl")
    with use("ru"):
        assert choice.notice() == ("Языка «pl» нет, поэтому страница показана на языке: Русский. Другой язык "
                                   "можно выбрать на боковой панели.")
    assert language.choose("be", None, "en").notice() is None


def test_what_an_unknown_language_asked_for_is_never_a_link_in_the_notice():
    notice = language.choose("[x](http://ev.il)", None, "en").notice()
    assert "[x](http://ev.il)" not in notice and "\\[x\\]" in notice


def test_the_pseudo_language_of_the_tests_is_taken_from_the_session_only():
    assert language.choose(None, PSEUDO, "en") == language.Choice(PSEUDO)
    assert language.choose(PSEUDO, None, "en") == language.Choice("en", PSEUDO)


def test_every_address_of_a_page_carries_the_readers_language():
    with use("be"):
        assert language.indicator_link("political_prisoners") == "/indicator?indicator=political_prisoners&lang=be"
        assert language.observation_link(41) == "/edit?observation=41&lang=be"
        assert language.markdown_link("Адкрыць [*]", "indicator", {"indicator": "x"}) == (
            "[Адкрыць \\[\\*\\]](indicator?indicator=x&lang=be)")
    assert language.link("/export", {"week": "2020-W30"}, lang="ru") == "/export?week=2020-W30&lang=ru"
