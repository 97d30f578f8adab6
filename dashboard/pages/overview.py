"""Overview: every indicator against its 2020 baseline, grouped by family."""
import pandas as pd
import streamlit as st

from dashboard import cache, charts, state, views

catalogue = state.catalogue()
db = state.db_path()
data = cache.overview(db, state.catalogue_path(), cache.version(db))
start, end = catalogue.baseline_window

st.title("Legitimacy Barometer")
h = data.headline
st.caption(f"Since the 2020 baseline ({start} – {end}), of {h.total} indicators:")
cols = st.columns(4)
cols[0].metric(views.verdict_label("worse") + " legitimacy", h.worse, help="moved toward weaker legitimacy")
cols[1].metric(views.verdict_label("better") + " legitimacy", h.better, help="moved toward stronger legitimacy")
cols[2].metric(views.verdict_label("unclear"), h.unclear, help="no direction, or the change interval straddles zero")
cols[3].metric(views.freshness_label("stale"), h.stale, help="latest observation older than its cadence allows")

f1, f2, f3, f4 = st.columns([2, 2, 2, 3])
families = f1.multiselect("Family", list(catalogue.families), format_func=lambda f: catalogue.families[f].name)
verdicts = f2.multiselect("Verdict", list(views.VERDICTS), format_func=views.verdict_label)
freshness = f3.multiselect("Freshness", list(views.FRESHNESS), format_func=views.freshness_label)
search = f4.text_input("Search", placeholder="name or id")
rows = views.filter_rows(data.rows, families=families, verdicts=verdicts, freshness=freshness, search=search)

with st.expander("Verdicts by family", expanded=True):
    st.altair_chart(charts.verdict_chart(rows), width="stretch")

COLUMNS = {
    "name": st.column_config.TextColumn("Indicator", width="medium"),
    "link": st.column_config.LinkColumn("Page", display_text=r"indicator=(.*)$"),
    "latest": "Latest", "period": "Period", "baseline": "Baseline 2020", "change": "Change vs baseline",
    "verdict_label": "Verdict",
    "trend": st.column_config.LineChartColumn("Last year (weekly)", width="small"),
    "freshness_label": "Freshness", "age_days": st.column_config.NumberColumn("Age (days)", format="%d"),
    "sources": st.column_config.NumberColumn("Sources", format="%d"),
}


def colour_verdict(labels: pd.Series) -> list[str]:
    by_label = {views.verdict_label(v): views.verdict_color(v) for v in views.VERDICTS}
    return [f"color: {by_label.get(x, '')}; font-weight: bold" for x in labels]


if not rows:
    st.info("No indicator matches these filters.")
for family_name, group in views.grouped(rows):
    st.subheader(family_name, anchor=False)
    frame = pd.DataFrame(group, columns=list(COLUMNS))
    st.dataframe(frame.style.apply(colour_verdict, subset=["verdict_label"]), column_config=COLUMNS,
                 hide_index=True, width="stretch")
