"""The observation fields the add and edit pages draw, each with a slot for its own error beneath it."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import streamlit as st

from indicators.model.catalogue import Catalogue
from indicators.languages.i18n import _
from indicators.model.vocabulary import escape_markdown, qualifier_label
from indicators.model.observation import QUALIFIERS

from . import editing

DATE_MIN = date(1990, 1, 1)
DATE_MAX = date(2100, 12, 31)


def _date(value) -> date | None:
    if isinstance(value, date) or value is None:
        return value
    return date.fromisoformat(str(value)[:10]) if value else None


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def observation_fields(catalogue: Catalogue, *, key: str, defaults: Mapping | None = None,
                       indicator_fixed: bool = False) -> tuple[dict, dict]:
    """Draw the fields; returns (record as entered, error slot per field)."""
    d = dict(defaults or {})
    slots: dict = {}
    values: dict = {}
    choices = editing.indicator_choices(catalogue)
    chosen = d.get("indicator_id")
    values["indicator_id"] = st.selectbox(
        _("Indicator"), choices, index=choices.index(chosen) if chosen in choices else None,
        format_func=lambda i: editing.indicator_label(catalogue, i), placeholder=_("Type to search indicators"),
        disabled=indicator_fixed, key=f"{key}_indicator_id")
    slots["indicator_id"] = st.empty()
    values["qualifier"] = st.selectbox(
        _("Qualifier"), QUALIFIERS, index=QUALIFIERS.index(d.get("qualifier") or "exact"),
        format_func=qualifier_label, key=f"{key}_qualifier",
        help=_("How the source states the figure: “≥ 1,140” is at least; “15–20 %” is a range."))
    slots["qualifier"] = st.empty()
    if values["qualifier"] == "range":
        low, high = st.columns(2)
        with low:
            values["value_low"] = st.text_input(_("Low"), _text(d.get("value_low")), key=f"{key}_value_low")
            slots["value_low"] = st.empty()
        with high:
            values["value_high"] = st.text_input(_("High"), _text(d.get("value_high")), key=f"{key}_value_high")
            slots["value_high"] = st.empty()
    else:
        values["value"] = st.text_input(
            _("Value"), _text(d.get("value")), key=f"{key}_value",
            help=_("Digits, with a dot for decimals; commas may separate thousands (1,100.5)."))
        slots["value"] = st.empty()
    first, last = st.columns(2)
    with first:
        values["period_start"] = st.date_input(_("Period start"), _date(d.get("period_start")), min_value=DATE_MIN,
                                               max_value=DATE_MAX, format="YYYY-MM-DD", key=f"{key}_period_start")
        slots["period_start"] = st.empty()
    with last:
        end = d.get("period_end")
        values["period_end"] = st.date_input(
            _("Period end (optional)"), _date(None if end == d.get("period_start") else end), min_value=DATE_MIN,
            max_value=DATE_MAX, format="YYYY-MM-DD", key=f"{key}_period_end", help=_("Leave empty for a single day."))
        slots["period_end"] = st.empty()
    values["source_url"] = st.text_input(_("Source URL"), _text(d.get("source_url")), key=f"{key}_source_url",
                                         placeholder="https://…")
    slots["source_url"] = st.empty()
    values["source_confidential"] = st.checkbox(
        _("Source is confidential (kept for editors, never public or exported)"),
        bool(d.get("source_confidential")), key=f"{key}_source_confidential")
    values["note"] = st.text_area(_("Note"), _text(d.get("note")), key=f"{key}_note")
    slots["note"] = st.empty()
    values["note_confidential"] = st.checkbox(
        _("Note is confidential (kept for editors, never public or exported)"),
        bool(d.get("note_confidential")), key=f"{key}_note_confidential")
    values["entered_by"] = st.text_input(_("Entered by"), _text(d.get("entered_by")), key=f"{key}_entered_by")
    slots["entered_by"] = st.empty()
    if d.get("citation"):
        values["citation"] = d["citation"]
    return editing.form_record(values), slots


def show_errors(errors: dict[str, list[str]], slots: Mapping) -> None:
    """Each message under its field; any without a field at the top of the form's error area."""
    for field, messages in errors.items():
        target = slots.get(field) or st
        target.error(escape_markdown("; ".join(messages)))
