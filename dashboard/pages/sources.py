"""Sources: when each collector last ran, how it went, when it runs next, and how fresh its data is."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import auth, state, views
from collectors.status import COLUMNS, collect_now, failed_rows, source_rows
from indicators.vocabulary import escape_markdown
from indicators.access import is_readonly

st.title("Sources")
catalogue = state.catalogue()
store = state.open_store()
try:
    rows = source_rows(store, catalogue)
    text = st.column_config.TextColumn
    table = pd.DataFrame(views.source_table(rows), columns=COLUMNS)
    text = st.column_config.TextColumn
    # The error, also shown in full below, comes last.
    st.dataframe(table, hide_index=True,
                 width="stretch", height=views.table_height(len(rows)), column_order=[
                     "source", "indicators", "status", "last_run", "rows_added", "rows_revised", "next_run",
                     "latest_period", "staleness", "error"], column_config={
                     "source": text("Source", width=130), "indicators": st.column_config.NumberColumn("Indicators",
                                                                                                   width=75),
                     "last_run": text("Last run", width=150), "status": text("Status", width=85),
                     "rows_added": text("Added", width=60), "rows_revised": text("Revised", width=65),
                     "error": text("Error", width=200), "next_run": text("Next run", width=150),
                     "latest_period": text("Latest period", width=105), "staleness": text("Staleness", width=150)})
    # An error is the remote service's own text: shown as plain text, never as markdown.
    failed = failed_rows(rows)
    for r in failed:
        st.warning(f"{escape_markdown(r['source'])}: the last run {r['status']}; its error as logged:")
        st.code(r["error"] or "", language=None)
    if not is_readonly():
        st.subheader("Collect now")
        auth.require_editor()  # collecting writes to the store: behind the editor password like every edit
        source = st.selectbox("Source", [r["source"] for r in rows if r["next_run"] != "from files only"])
        if st.button("Collect now", type="primary") and source:
            with st.spinner(f"Collecting {source}…"):
                result = collect_now(store, catalogue, source)
            if result.status == "ok":
                st.success(f"{source}: {result.added} added, {result.revised} revised")
            else:
                st.error(f"{escape_markdown(source)}: the run failed; its error as logged:")
                st.code(result.error or "", language=None)
finally:
    store.close()
