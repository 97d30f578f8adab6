"""What keeps a page readable on a narrow screen: a phone's cards in place of a wide table, and figures that wrap.

Streamlit cannot tell the server how wide the reader's screen is, so a page draws both a table and its cards, each
in a keyed container, and the app's own CSS (no text from people or sources in it) shows the one that fits. The
same CSS lets a metric's value and label wrap onto a second line where Streamlit would cut them ("◐ ожидается
обновление" in a column a third of a 1,280-pixel page wide).
"""
from __future__ import annotations

import streamlit as st

NARROW_PX = 640  # Streamlit stacks columns below this width: a phone
WIDE, CARDS = "wide", "cards"  # the prefixes of the containers' keys

STYLE = f"""<style>
[data-testid="stMetricValue"], [data-testid="stMetricValue"] *, [data-testid="stMetricLabel"],
[data-testid="stMetricLabel"] * {{ white-space: normal !important; overflow: visible !important;
                                    text-overflow: clip !important; }}
[class*="st-key-{CARDS}-"] {{ display: none; }}
@media (max-width: {NARROW_PX}px) {{
  [class*="st-key-{WIDE}-"] {{ display: none; }}
  [class*="st-key-{CARDS}-"] {{ display: block; }}
  [class*="st-key-{CARDS}-"] li {{ border: 1px solid #E8E5E2; border-radius: 0.5rem; padding: 0.4rem 0.6rem;
                                   margin: 0 0 0.5rem 0; list-style: none; }}
  [class*="st-key-{CARDS}-"] ul {{ padding-left: 0; }}
}}
</style>"""


def style() -> None:
    """The rules, once per page run, by app.py (they take no room on the page)."""
    st.html(STYLE)


def wide(name: str):
    """The container of what wider screens show (a table)."""
    return st.container(key=f"{WIDE}-{name}")


def cards(name: str):
    """The container of what a phone shows instead (cards)."""
    return st.container(key=f"{CARDS}-{name}")
