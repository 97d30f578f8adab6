"""Sources: when each collector last ran, how it went, when it runs next (while a scheduler runs), and how fresh its
data is; then every source of figures entered by hand, with how many it gave and its latest."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import auth, state, tables, views
from collectors.status import COLUMNS, collect_now, empty_rows, failed_rows, source_rows
from indicators.input.hand_sources import hand_sources
from indicators.languages.i18n import _, count
from indicators.store.leadership import scheduler_holder
from indicators.model.vocabulary import escape_markdown
from indicators.access import is_readonly
from indicators.store import EMPTY_RUN

EMPTY_NOTICE = _("{source}: the last run found nothing: the service answered, with no figures for the dates asked. "
                 "This is not a failure, and it does not count toward the “collector failing” alert.")
st.title(_("Sources"))
catalogue = state.catalogue()
store = state.open_store()
try:
    st.subheader(_("Collected automatically"), anchor=False)
    holder = scheduler_holder(state.db_path())
    # A next run only while a scheduler holds the lease: without one, nothing runs on a schedule.
    st.caption(escape_markdown(_("The scheduler ({holder}) runs each source at its cadence.").format(holder=holder)
               if holder else _("No scheduler is running (barometer schedule), so nothing is collected on a "
                                "schedule: a source is collected when someone runs barometer collect or "
                                "presses “Collect now”.")))
    rows = source_rows(store, catalogue, scheduled=holder is not None)
    table = pd.DataFrame(views.source_table(rows), columns=COLUMNS)
    # The error, also shown in full below, comes last.
    # The error, also shown in full below, comes last; widths come from the text (dashboard/tables.py).
    tables.show(table, {"source": _("Source"), "indicators": st.column_config.NumberColumn(_("Indicators")),
                        "last_run": _("Last run"), "status": _("Status"), "rows_added": _("Added"),
                        "rows_revised": _("Revised"), "error": _("Error"), "next_run": _("Next run"),
                        "latest_period": _("Latest period"), "staleness": _("Staleness")},
                column_order=["source", "indicators", "status", "last_run", "rows_added", "rows_revised",
                              *(["next_run"] if holder else []), "latest_period", "staleness", "error"])
    st.subheader(_("Entered by hand"), anchor=False)
    hand = views.hand_source_table(hand_sources(store, catalogue))
    st.caption(_("The paper's figures, those cited since and those people entered, by the site that published "
                 "them: how many figures each gave, and its latest."))
    # The site is the source's name where the catalogue has none; every address is beside its figure.
    tables.show(views.linked(pd.DataFrame(hand, columns=views.HAND_COLUMNS), ["link"]),
                {"source": _("Source"), "host": _("Site"), "figures": st.column_config.NumberColumn(_("Figures")),
                 "indicators": st.column_config.NumberColumn(_("Indicators")), "latest": _("Latest figure"),
                 "latest_period": _("Period"), "link": st.column_config.LinkColumn(_("Address")),
                 "address": _("Address")},
                column_order=[c for c in views.HAND_COLUMNS
                              if c != "host" and (c != "address" or any(r["address"] for r in hand))])
    # An error is the remote service's own text: shown as plain text, never as markdown.
    for r in failed_rows(rows):
        st.warning(_("{source}: the last run {status}; its error as logged:").format(
            source=escape_markdown(r["source"]), status=views.run_status(r["status"])))
        st.code(r["error"] or "", language=None)
    for r in empty_rows(rows):
        st.info(EMPTY_NOTICE.format(source=escape_markdown(r["source"])))
    if not is_readonly():
        st.subheader(_("Collect now"))
        auth.require_editor()  # collecting writes to the store: behind the editor password like every edit
        source = st.selectbox(_("Source"), [r["source"] for r in rows if r["next_run"] != views.FILES_ONLY])
        if st.button(_("Collect now"), type="primary", key="collect_now") and source:
            with st.spinner(_("Collecting {source}…").format(source=source)):
                result = collect_now(store, catalogue, source)
            if result.status == EMPTY_RUN:
                st.info(EMPTY_NOTICE.format(source=escape_markdown(source)))
            elif result.status == "ok":
                st.success(_("{source}: {added} added, {revised} revised").format(
                    source=source, added=count(result.added), revised=count(result.revised)))
            else:
                st.error(_("{source}: the run failed; its error as logged:").format(source=escape_markdown(source)))
                st.code(result.error or "", language=None)
finally:
    store.close()
