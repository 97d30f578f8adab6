"""The one vocabulary: verdicts, freshness and qualifiers read the same on every surface; text escapes safely."""
from indicators.model import vocabulary as v


def test_each_verdict_has_a_glyph_a_word_a_sentence_and_a_colour_blind_safe_colour():
    assert [v.verdict_label(x) for x in ("worse", "better", "unclear", None)] == [
        "▼ weaker", "▲ stronger", "● unclear", "● unclear"]
    assert [v.verdict_word(x) for x in ("worse", "better", "unclear")] == [
        "toward weaker legitimacy", "toward stronger legitimacy", "unclear"]
    assert [v.verdict_color(x) for x in ("worse", "better")] == ["#D55E00", "#0072B2"]


def test_freshness_states_read_as_a_symbol_and_a_word():
    assert [v.freshness_label(x) for x in (v.FRESH, v.DUE, v.STALE, v.NO_DATA)] == [
        "✓ fresh", "◐ due", "✗ stale", "– no data"]


def test_markdown_in_user_text_is_made_literal_on_one_line():
    escaped = v.escape_markdown("**a** [x](javascript:1)\n<b> :red[y] $z$ ![i](https://e.org/p.png) ~s~ a|b")
    assert escaped == ("\\*\\*a\\*\\* \\[x\\](javascript:1) \\<b\\> :red\\[y\\] \\$z\\$ !\\[i\\](https\u200b://e.org/p.png) "
                       "\\~s\\~ a\\|b")
    assert v.escape_markdown("# title") == r"\# title" and v.escape_markdown("1. item") == r"1\. item"
    assert v.escape_markdown("- item") == r"\- item" and v.escape_markdown("> quote") == r"\> quote"
    assert v.escape_markdown("Минск 2020") == "Минск 2020" and v.escape_markdown(None) == ""


def test_html_escaping_covers_markup_and_both_quotes():
    assert v.escape_html("<a href='x'>\"&") == "&lt;a href=&#x27;x&#x27;&gt;&quot;&amp;"


def test_bare_addresses_are_not_linked_by_markdown_either():
    """Streamlit and GitHub link a bare URL, "www." or an e-mail address; a zero-width space breaks each."""
    escaped = v.escape_markdown("https://evil.example/x www.evil2.example x@evil.example at 10:30")
    assert "https://" not in escaped and "www." not in escaped and "x@" not in escaped
    assert escaped.replace("\u200b", "") == "https://evil.example/x www.evil2.example x@evil.example at 10:30"
