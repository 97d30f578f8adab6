"""Overview: every indicator against its 2020 baseline, grouped by family."""
import pandas as pd
import streamlit as st

from dashboard import cache, state, views
from indicators.verdict_chart import verdict_chart
from indicators.vocabulary import FRESHNESS, VERDICTS, freshness_label, verdict_color, verdict_label

catalogue = state.catalogue()
db = state.db_path()
data = cache.overview(db, state.catalogue_path(), cache.version(db))
start, end = catalogue.baseline_window

st.title("Legitimacy Barometer")
h = data.headline
st.caption(f"Since the 2020 baseline ({start} – {end}), of {h.total} indicators:")
cols = st.columns(4)
cols[0].metric(verdict_label("worse") + " legitimacy", h.worse, help="moved toward weaker legitimacy")
cols[1].metric(verdict_label("better") + " legitimacy", h.better, help="moved toward stronger legitimacy")
cols[2].metric(verdict_label("unclear"), h.unclear, help="no direction, or the change interval straddles zero")
cols[3].metric(freshness_label("stale"), h.stale, help="latest observation older than its cadence allows")

f1, f2, f3, f4 = st.columns([2, 2, 2, 3])
families = f1.multiselect("Family", list(catalogue.families), format_func=lambda f: catalogue.families[f].name)
verdicts = f2.multiselect("Verdict", list(VERDICTS), format_func=verdict_label)
freshness = f3.multiselect("Freshness", list(FRESHNESS), format_func=freshness_label)
search = f4.text_input("Search", placeholder="name or id")
rows = views.filter_rows(data.rows, families=families, verdicts=verdicts, freshness=freshness, search=search)

with st.expander("Verdicts by family", expanded=True):
    st.altair_chart(verdict_chart(rows), width="stretch")

# What a reader scans for first, on screen without scrolling; the rest after. The name is the page link.
# Fixed widths, so that every family's table lines up with the next.
COLUMNS = {
    "link": st.column_config.LinkColumn("Indicator", width=300),
    "latest": st.column_config.TextColumn("Latest", width=110),
    "change": st.column_config.TextColumn("Change vs baseline", width=150),
    "verdict_label": st.column_config.TextColumn("Verdict", width=105),
    "freshness_label": st.column_config.TextColumn("Freshness", width=90),
    "trend": st.column_config.LineChartColumn("Last year", width=100, help="weekly, the last 365 days"),
    "period": st.column_config.TextColumn("Latest period", width=190),
    "baseline": st.column_config.TextColumn("Baseline 2020", width=200),
    "age_days": st.column_config.NumberColumn("Age (days)", format="%d", width=85),
    "sources": st.column_config.NumberColumn("Sources", format="%d", width=70),
}

def colour_verdict(labels: pd.Series) -> list[str]:
    by_label = {verdict_label(v): verdict_color(v) for v in VERDICTS}
    return [f"color: {by_label.get(x, '')}; font-weight: bold" for x in labels]


if not rows:
    st.info("No indicator matches these filters.")
names = {r["link"]: r["name"] for r in rows}
for family_name, group in views.grouped(rows):
    st.subheader(family_name, anchor=False)
    frame = pd.DataFrame(group, columns=["name", *COLUMNS])
    # A link column shows the text its Styler format gives (when it has no display_text of its own).
    styled = frame.style.apply(colour_verdict, subset=["verdict_label"]).format({"link": names.get})
    st.dataframe(styled, column_config=COLUMNS, column_order=list(COLUMNS), hide_index=True, width="stretch")
