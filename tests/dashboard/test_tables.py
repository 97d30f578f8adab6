"""Tables whose text is never cut: widths from the data, wrapping rows where a column must, links by their site."""
import pandas as pd
import streamlit as st

from dashboard import tables, views


def test_a_short_column_is_as_wide_as_its_longest_text_on_one_line():
    width, wraps = views.column_width(["Date", "2020-05-21 – 2020-06-19"])
    assert not wraps and width >= len("2020-05-21 – 2020-06-19") * views.CHAR_PX


def test_a_long_text_wraps_on_a_wide_enough_column_to_hold_it_in_the_lines_a_row_has():
    text = "The popular blogger, husband of Sviatlana Tsikhanouskaya, detained after a suspected provocation " * 2
    width, wraps = views.column_width([text])
    assert wraps and width >= views.LINE_MAX_PX
    assert (width - views.CELL_PADDING_PX) * views.WRAP_LINES >= len(text) * views.CHAR_PX


def test_settings_fill_in_widths_turn_addresses_into_links_by_their_site_and_keep_what_was_given():
    frame = pd.DataFrame([{"label": "x" * 200, "date": "2020-05-29", "source": "https://www.spring96.org/en/news/1",
                           "open": "/indicator?indicator=a", "n": 3}])
    config = {"label": "Event", "open": st.column_config.LinkColumn("Open", display_text="open", width=80)}
    columns, wraps = tables.settings(frame, config, list(frame.columns))
    assert wraps and columns["label"]["label"] == "Event" and columns["label"]["width"] >= views.LINE_MAX_PX
    assert columns["date"]["width"] < views.LINE_MAX_PX
    assert columns["source"]["type_config"] == {"type": "link", "display_text": tables.SITE}
    assert tables._SITE.match("https://www.spring96.org/en/news/1").group(1) == "spring96.org"
    assert columns["open"]["width"] == 80 and columns["open"]["type_config"]["display_text"] == "open"
    assert isinstance(columns["n"]["width"], int)


def test_a_column_mixing_addresses_and_other_text_stays_text():
    frame = pd.DataFrame({"source": ["https://spring96.org/a", "withheld"]})
    columns, _ = tables.settings(frame, {}, ["source"])
    assert "type_config" not in columns["source"]
