"""One observation (`?observation=ID`): its history, and for editors a correction or a retraction."""
from __future__ import annotations

import streamlit as st

from dashboard import auth, editing, entry_form, language, params, state, tables
from indicators.input import entry
from indicators.languages.i18n import _, pgettext
from indicators.store import NotFound, StoreError
from indicators.model.validation import ValidationError, validate
from indicators.readings.formatting import status_word
from indicators.model.vocabulary import escape_markdown

catalogue = state.catalogue()
store = state.open_store()
editor = auth.is_editor()
HEADERS = {**editing.row_headers(),
           "open": st.column_config.LinkColumn(_("Open"), display_text=pgettext("link", "open"), width="small"),
           "corrects": st.column_config.NumberColumn(_("Corrects #"), format="%d")}


def open_typed() -> None:
    number = st.session_state.get("observation_number")
    if number is not None:
        st.query_params["observation"] = str(int(number))


def chooser() -> None:
    """An observation by its number, or one of those entered last."""
    st.number_input(_("Observation number"), min_value=1, step=1, value=None, key="observation_number",
                    placeholder=_("e.g. 41"), help=_("The # column of an indicator's observations table."),
                    on_change=open_typed)
    st.subheader(_("Entered last"), anchor=False)
    rows = editing.chooser_rows(store.last_observations(20), catalogue, editor=editor)
    if rows:
        tables.show(rows, HEADERS, column_order=["open", "id", "indicator", "period", "value", "status", "entered by",
                                                 "entered at"])
    else:
        st.caption(_("No observation has been entered yet."))


raw_id = params.get("observation") or ""
if not raw_id:
    st.title(_("Observation"))
    st.caption(_("Choose an observation to see its history and, as an editor, correct or retract it."))
    chooser()
    st.stop()
try:
    row = store.get(int(raw_id))
except (ValueError, NotFound):
    st.title(_("Observation"))
    st.error(_("No such observation: “{id}”. Choose one below.").format(id=escape_markdown(raw_id[:40])))
    chooser()
    st.stop()

obs_id = row["id"]
st.title(_("Observation {id}").format(id=obs_id))
st.caption(escape_markdown(editing.indicator_label(catalogue, row["indicator_id"])))
st.markdown(language.markdown_link(_("Open the indicator page"), "indicator", {"indicator": row["indicator_id"]}))
notice = st.session_state.pop("edit_notice", None)
if notice:
    st.success(notice)

history = store.history(obs_id)
st.subheader(_("History"))
tables.show(editing.history_view(history, catalogue, editor=editor), HEADERS)
if editor and row["note"]:
    st.caption(_("Note, verbatim"))
    st.text(row["note"])

auth.require_editor()
if row["status"] != "active":
    active = [r["id"] for r in history if r["status"] == "active"]
    where = " " + language.markdown_link(_("open observation {id}").format(id=active[0]), "edit",
                                         {"observation": active[0]}) if active else ""
    st.info(_("This observation is {status}; only an active one can be corrected or retracted.").format(
        status=status_word(row["status"])) + where)
    st.stop()

correct_tab, retract_tab = st.tabs([_("Correct"), _("Retract")])
with correct_tab:
    record, slots = entry_form.observation_fields(
        catalogue, key="fix", defaults={**entry.record_of(row), "entered_by": ""}, indicator_fixed=True)
    reason = st.text_input(_("Why it is corrected (optional)"), key="fix_reason")
    try:
        fixed = validate(record, catalogue)
    except ValidationError:
        fixed = None
    if fixed is not None:
        try:
            view = editing.preview(store, catalogue, fixed, replaces=obs_id)
        except StoreError:
            view = None
        if view is not None:
            st.text(_("Correction: {figure}   {period}").format(figure=view.figure, period=view.period))
            st.dataframe(view.table(), hide_index=True, column_config=editing.preview_headers())
    if st.button(_("Save correction"), type="primary", key="fix_save"):
        try:
            new_id = entry.correct(store, catalogue, obs_id, record, reason=reason)
        except ValidationError as exc:
            st.error(_("Nothing was saved: correct the fields marked below."))
            entry_form.show_errors(editing.field_errors(exc), slots)
        except StoreError as exc:
            st.error(escape_markdown(_("Nothing was saved: {problem}").format(problem=exc)))
        else:
            st.session_state["edit_notice"] = _("Saved observation {id}, which supersedes {old}.").format(
                id=new_id, old=obs_id)
            st.query_params["observation"] = str(new_id)
            st.rerun()

with retract_tab:
    why = st.text_input(_("Reason for the retraction"), key="retract_reason")
    if st.button(_("Retract"), key="retract_go"):
        try:
            entry.retract(store, obs_id, why)
        except (ValidationError, StoreError) as exc:
            st.error(escape_markdown(_("Nothing was changed: {problem}").format(problem=exc)))
        else:
            st.session_state["edit_notice"] = _("Observation {id} is retracted.").format(id=obs_id)
            st.rerun()
