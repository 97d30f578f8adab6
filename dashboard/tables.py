"""Tables whose text is never cut: every text column as wide as its longest text or wrapping on taller rows, and
every link shown by its site's name (an address cannot wrap in Streamlit's grid).

The pages give their column settings as they would to st.dataframe (a header, or a column_config setting); what
is missing is filled in from the data, by views.column_width.
"""
from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd
import streamlit as st

from . import views

SITE = r"^https?://(?:www\.)?([^/?#]+)"  # a link's display text: the site it leads to
_SITE = re.compile(SITE)
MISSING = "–"  # what a cell with nothing in it shows (Streamlit's own default is "None")


def _cells(values: pd.Series) -> list:
    """A column's cells as iterating it gives them: a text column's read at once (one by one, a long table's
    text costs a tenth of a second), any other's one by one (numpy's integers are not Python's)."""
    return values.tolist() if isinstance(values.dtype, pd.StringDtype) else list(values)


def _addresses(values: pd.Series) -> bool:
    """A column of http(s) addresses alone (and blanks)."""
    shown = [v for v in _cells(values) if v is not None and v == v and v != ""]
    return bool(shown) and all(isinstance(v, str) and views.is_link(v) for v in shown)


def settings(frame: pd.DataFrame, config: Mapping[str, object], order: list[str]) -> tuple[dict, bool]:
    """The column_config for `frame`'s columns in `order`, widths filled in; and whether any row must wrap."""
    out, wraps = dict(config), False
    for column in order:
        given = config.get(column, column)
        if given is None:
            continue
        setting = {"label": given} if isinstance(given, str) else dict(given)
        kind = (setting.get("type_config") or {}).get("type")
        if kind in (None, "text") and column in frame and _addresses(frame[column]):
            setting = {**setting, "type_config": {"type": "link"}}  # only http(s) addresses: shown as links
            kind = "link"
        if kind == "link":
            setting.setdefault("type_config", {})
            setting["type_config"] = {**setting["type_config"],
                                      "display_text": setting["type_config"].get("display_text") or SITE}
            if setting.get("width") is None and column in frame:
                sites = [m.group(1) for v in _cells(frame[column]) if isinstance(v, str) and (m := _SITE.match(v))]
                setting["width"] = views.column_width([setting.get("label") or column, *sites])[0]
        elif kind in (None, "text", "number") and setting.get("width") is None and column in frame:
            values = [v for v in _cells(frame[column])  # NaN is not shown
                      if isinstance(v, (str, int, float)) and v == v]
            setting["width"], wrap = views.column_width([setting.get("label") or column, *values])
            wraps = wraps or (wrap and kind != "number")
        out[column] = setting
    return out, wraps


def show(data, config: Mapping[str, object] | None = None, *, column_order: list[str] | None = None,
         fit_height: bool = True, **options) -> None:
    """st.dataframe, with widths filled in, rows tall enough to wrap where a column must, and (`fit_height`) the
    table as tall as its rows."""
    frame = data.data if hasattr(data, "data") and isinstance(data.data, pd.DataFrame) else pd.DataFrame(data)
    order = list(column_order or frame.columns)
    columns, wraps = settings(frame, config or {}, order)
    row = views.WRAP_ROW_PX if wraps else views.ROW_PX
    if fit_height:
        options.setdefault("height", views.table_height(len(frame), row))
    options.setdefault("placeholder", MISSING)
    st.dataframe(data, column_config=columns, column_order=column_order, hide_index=True, width="stretch",
                 row_height=row, **options)
