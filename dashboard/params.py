"""What a page reads from its address (?indicator=, ?observation=, ?week=; ?lang= in language.py): under the
input policy that typed text meets (indicators/model/text_policy.py), before anything of it is shown or used. A
value holding a bidirectional control, a control character or an invisible one is dropped, and the page says which
parameter was ignored and why, never what it held."""
from __future__ import annotations

import streamlit as st

from indicators.languages.i18n import _
from indicators.model.text_policy import problem

FIELD = "parameter"  # the text policy's name for an address's parameter: one line, its own length limit


def refusal(value: str) -> str | None:
    """Why an address's parameter may not be read (a sentence without its name), or None."""
    return problem(FIELD, value)


def get(name: str) -> str | None:
    """The page address's parameter `name`, or None when it is absent or refused (a notice says so)."""
    value = st.query_params.get(name)
    if value is None:
        return None
    trouble = refusal(value)
    if trouble is None:
        return value
    st.warning(_("The address’s “{name}” parameter was ignored: it {problem}.").format(name=name, problem=trouble))
    return None
