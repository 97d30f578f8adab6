"""What a phone shows in place of a wide table: each indicator as a card, the table kept for wider screens.

Streamlit cannot tell the server how wide the reader's screen is, so a page draws both, each in a keyed
container, and one rule of the page's own CSS (no text from people or sources in it) shows the one that fits.
"""
from __future__ import annotations

import streamlit as st

NARROW_PX = 640  # Streamlit stacks columns below this width: a phone
WIDE, CARDS = "wide", "cards"  # the prefixes of the containers' keys

STYLE = f"""<style>
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
    """The rule, once per page run (it takes no room on the page)."""
    st.html(STYLE)


def wide(name: str):
    """The container of what wider screens show (a table)."""
    return st.container(key=f"{WIDE}-{name}")


def cards(name: str):
    """The container of what a phone shows instead (cards)."""
    return st.container(key=f"{CARDS}-{name}")
