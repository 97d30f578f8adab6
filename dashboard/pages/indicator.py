"""One indicator: its observations drawn honestly against the 2020 baseline, with events and history.

Addressable as /indicator?indicator=ID so that a link can be shared.
"""
from datetime import date, timedelta

import streamlit as st

from dashboard import auth, cache, charts, queries, state, views
from indicators.formatting import format_estimate
from indicators.vocabulary import escape_markdown, freshness_label, verdict_label

catalogue = state.catalogue()
db = state.db_path()
version = cache.version(db)
ids = list(catalogue.indicators)
wanted = st.query_params.get("indicator")
indicator_id = st.selectbox("Indicator", ids, index=ids.index(wanted) if wanted in ids else 0,
                            format_func=lambda i: f"{catalogue.indicators[i].name} ({i})")
st.query_params["indicator"] = indicator_id
ind = catalogue.get(indicator_id)
unit = catalogue.units[ind.unit]
summary = cache.overview(db, state.catalogue_path(), version).summary(indicator_id)

st.title(ind.name, anchor=False)
st.caption(f"{catalogue.families[ind.family].name} · {ind.kind} · unit {unit.label} · "
           f"worse when {ind.worse_when} · {ind.cadence}")
figures = {"Latest": views.latest_figure(summary), "Baseline 2020": views.baseline_figure(summary),
           "Change vs baseline": views.change_figure(summary)}
for column, (label, figure) in zip(st.columns(3), figures.items()):
    column.metric(label, figure.value)
    column.caption(escape_markdown(figure.note))
m = st.columns(3)
m[0].metric("Verdict", verdict_label(summary.verdict))
m[1].metric("Freshness", freshness_label(summary.freshness),
            help=None if summary.age_days is None else f"{summary.age_days} days old")
m[2].metric("Sources", summary.sources)

count, first, last = cache.span(db, version, indicator_id)
today = date.today()
first_day = date.fromisoformat(first) if first else today - timedelta(days=365)
last_day = max(date.fromisoformat(last), today) if last else today
c1, c2, c3 = st.columns([3, 3, 2])
picked = c1.date_input("Dates", value=(first_day, last_day), min_value=first_day, max_value=last_day)
start, end = (picked if isinstance(picked, tuple) and len(picked) == 2 else (first_day, last_day))
shown = cache.span(db, version, indicator_id, start.isoformat(), end.isoformat())[0]
grain = c2.segmented_control("Show", list(queries.GRAINS), format_func=queries.GRAINS.get,
                             default=queries.default_grain(shown), key=f"grain-{indicator_id}") or "observations"
all_events = c3.toggle("Events of every family", value=False)
history = st.session_state.get("history", False)
editor = auth.is_editor()

data = cache.indicator_data(db, state.catalogue_path(), version, indicator_id, start=start.isoformat(),
                            end=end.isoformat(), grain=grain, history=history, editor=editor,
                            all_events=all_events)
if grain == "observations" and shown > queries.RAW_LIMIT:
    st.caption(f"{shown:,} observations in these dates: choose a weekly or monthly view for a lighter chart.")
st.altair_chart(charts.indicator_chart(ind, unit, observations=data.observations, aggregate=data.aggregate,
                                       grain=grain, baseline=summary.baseline, window=catalogue.baseline_window,
                                       events=data.events, domain=(start.isoformat(), end.isoformat())),
                width="stretch")
st.caption("Points: exact figures · hollow points with bars: approximate · bars and shaded boxes: ranges · "
           "triangles: at least (▲) / at most (▼) · horizontal segments: a figure covering a period · "
           f"dashed green: 2020 baseline ({format_estimate(summary.baseline, unit)}), its window shaded · "
           "grey dashed: events." + (" Flows are drawn per 30 days." if ind.kind == "flow" else ""))

st.subheader("Observations", anchor=False)
st.toggle("Show history (superseded and retracted rows)", key="history")
# The figure, where it is from and what was noted first; the long citation last.
columns = {
    "edit": st.column_config.LinkColumn("Edit", display_text="edit", width="small"),
    "id": st.column_config.NumberColumn("#", format="%d"), "period": "Period", "value": "Value",
    "qualifier": "Qualifier", "source": st.column_config.LinkColumn("Source", width="medium"),
    "source_text": "Source (not a link)", "note": st.column_config.TextColumn("Note", width="medium"),
    "status": "Status", "entered_by": "Entered by", "entered_at": "Entered at", "citation": "Citation",
}
if not editor:
    del columns["edit"]
if not any(r["source_text"] for r in data.table):
    del columns["source_text"]
st.dataframe([{k: r[k] for k in columns} for r in data.table], column_config=columns, hide_index=True,
             width="stretch")

st.subheader("Definition", anchor=False)
st.markdown(escape_markdown(ind.definition))
if ind.paper_context:
    st.subheader("In the 2020 paper", anchor=False)
    st.markdown(escape_markdown(ind.paper_context))
if ind.sources:
    st.subheader("Catalogue sources", anchor=False)
    st.dataframe([{"name": s.name, "url": s.url if views.is_link(s.url) else None} for s in ind.sources],
                 column_config={"name": "Source", "url": st.column_config.LinkColumn("Address")}, hide_index=True)
