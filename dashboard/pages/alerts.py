"""Alerts: what opened, why, and for editors an acknowledgement with who and when."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import alerts, auth, state, tables
from indicators.access import is_readonly
from indicators.languages.i18n import _
from indicators.store import StoreError
from indicators.model.validation import ValidationError
from indicators.model.vocabulary import escape_markdown

st.title(_("Alerts"))
st.caption(_("An alert opens once when its condition begins (a change against the 2020 baseline beyond the "
             "catalogue's threshold, moves the same way in a row, a stale series, a collector failing run after "
             "run) and resolves when it ends. Each names its indicator, figures, baseline, rule and public sources."))
store = state.open_store()
try:
    notice = st.session_state.pop("alerts_notice", None)
    if notice:
        st.success(escape_markdown(notice))
    everything = st.toggle(_("Show resolved alerts too"), key="alerts_all")
    rows = alerts.alert_rows(store, include_resolved=everything)
    if not rows:
        st.info(_("No alerts.") if everything else _("No open alerts."))
    else:
        tables.show(pd.DataFrame(rows, columns=alerts.COLUMNS), {
            "id": _("Alert"), "status": _("Status"), "rule": _("Rule"), "title": _("What"), "opened": _("Opened"),
            "acknowledged": _("Acknowledged"), "resolved": _("Resolved")})
        by_id = {r["id"]: alerts.label(r) for r in rows}
        shown = st.selectbox(_("Explained"), list(by_id), format_func=by_id.get, key="alerts_shown")
        if shown is not None:
            for line in alerts.details(store, shown):  # stored text: shown as plain text, never as markdown
                st.text(line)
    if not is_readonly():
        st.subheader(_("Acknowledge"))
        auth.require_editor()
        candidates = alerts.to_acknowledge(store)
        if not candidates:
            st.info(_("Every alert is acknowledged."))
        else:
            chosen = st.selectbox(_("Alert"), list(candidates), format_func=candidates.get, key="ack_alert")
            who = st.text_input(_("Your name"), key="ack_by")
            if st.button(_("Acknowledge"), type="primary", key="ack_go") and chosen is not None:
                try:
                    message = alerts.acknowledge(store, chosen, who)
                except (ValidationError, StoreError) as exc:
                    st.error(escape_markdown(_("Nothing was changed: {problem}").format(problem=exc)))
                else:
                    st.session_state["alerts_notice"] = message
                    st.rerun()
finally:
    store.close()
