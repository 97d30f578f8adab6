"""Add observation: one figure by hand with a preview against the baseline, or a whole file."""
from __future__ import annotations

import streamlit as st

from dashboard import auth, editing, entry_form, language, state
from indicators.input import entry, imports
from indicators.languages.i18n import _, count, ngettext
from indicators.model.validation import ValidationError, validate
from indicators.model.vocabulary import escape_markdown

# A save starts a new form: its widgets get new keys, since a browser keeps showing what a widget held however its
# key is cleared on the server (streamlit/streamlit#5442); who enters stays.
FORM, BY = "add_form", "add_by"

st.title(_("Add observation"))
auth.require_editor()
catalogue = state.catalogue()
store = state.open_store()
form = f"add{st.session_state.setdefault(FORM, 0)}"

saved_id = st.session_state.get("add_saved")
if saved_id is not None:
    row = store.get(saved_id)
    st.success(_("Saved observation {id}.").format(id=saved_id))
    st.dataframe([editing.row_view(row, catalogue, editor=True)], hide_index=True, column_config=editing.row_headers())
    st.markdown(language.markdown_link(_("Open the indicator page"), "indicator", {"indicator": row["indicator_id"]}))

record, slots = entry_form.observation_fields(catalogue, key=form,
                                              defaults={"entered_by": st.session_state.get(BY)})
allow_duplicate = st.checkbox(_("Save even if the same figure, period and source is already recorded"),
                              key=f"{form}_allow_duplicate")

try:
    obs = validate(record, catalogue)
except ValidationError as exc:
    obs, problems = None, exc
else:
    problems = None

if obs is not None:
    st.subheader(_("Preview"))
    view = editing.preview(store, catalogue, obs)
    st.text(f"{view.figure}   {view.period}   {obs.source_url}")
    st.dataframe(view.table(), hide_index=True, column_config=editing.preview_headers())
    (duplicate,) = store.find_duplicates([obs])
else:
    duplicate = None
warned = st.empty()  # the duplicate said once: as a warning, or as the error of a save it stopped

summary = st.empty()  # what went wrong, above the button, where it is seen
refused = False
if st.button(_("Save"), type="primary", key="add_save"):
    try:
        new_id = entry.add(store, catalogue, record, allow_duplicate=allow_duplicate)
    except ValidationError as exc:
        summary.error(_("Nothing was saved: correct the fields marked above."))
        entry_form.show_errors(editing.field_errors(exc), slots)
    except entry.DuplicateObservation as exc:
        refused = True
        summary.error(_("Nothing was saved: observation {id} already records this figure for the same period and "
                        "source. Tick “Save even if …” to save it anyway.").format(id=exc.existing_id))
    else:
        st.session_state["add_saved"] = new_id
        st.session_state[FORM] += 1
        st.session_state[BY] = record.get("entered_by")
        st.rerun()
if duplicate is not None and not refused:
    warned.warning(_("Observation {id} already records this figure for the same period and source.").format(
        id=duplicate))

st.divider()
st.subheader(_("Import a file"))
st.caption(escape_markdown(_("All rows are checked first; one bad row and nothing is saved. Columns: {columns}").format(
    columns=",".join(imports.COLUMNS))))
left, right = st.columns(2)
left.download_button(_("Template (.csv)"), imports.template_bytes(".csv"), file_name=imports.TEMPLATE_NAME,
                     mime="text/csv", key="template_csv")
right.download_button(_("Template (.xlsx)"), imports.template_bytes(".xlsx"),
                      file_name=imports.TEMPLATE_NAME.replace(".csv", ".xlsx"), key="template_xlsx",
                      mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
upload = st.file_uploader(_("Observations file"), type=["csv", "xlsx"], key="import_file")
if upload is not None and st.button(_("Import"), key="import_go"):
    try:
        ids = entry.import_lines(store, catalogue, imports.iter_lines(upload, upload.name))
    except ValidationError as exc:
        st.error(_("Nothing was saved."))
        st.code(str(exc), language=None)
    else:
        st.success(ngettext("Imported {n} observation (ids {first}–{last}).",
                            "Imported {n} observations (ids {first}–{last}).", len(ids)).format(
            n=count(len(ids)), first=ids[0], last=ids[-1]))
