"""Events: the timeline that gives the indicators their context, with sources."""
from datetime import date

import streamlit as st

from dashboard import cache, charts, state, views
from indicators.vocabulary import escape_markdown

catalogue = state.catalogue()
db = state.db_path()
st.title("Events", anchor=False)
c1, c2 = st.columns([2, 3])
picked = c1.date_input("Dates", value=(date(2010, 1, 1), date.today()), min_value=date(1990, 1, 1))
start, end = (picked if isinstance(picked, tuple) and len(picked) == 2 else (None, None))
families = c2.multiselect("Family", list(catalogue.families), format_func=lambda f: catalogue.families[f].name)
events = cache.events(db, cache.version(db), start and start.isoformat(), end and end.isoformat(), tuple(families))
names = {f: fam.name for f, fam in catalogue.families.items()}
if not events:
    st.info("No events in these dates.")
else:
    sentence = views.events_sentence(events, names)
    st.altair_chart(charts.events_timeline(events, names).properties(description=sentence), width="stretch")
    st.caption(escape_markdown(sentence))
    st.dataframe(views.event_rows(events, catalogue), hide_index=True, width="stretch",
                 height=views.table_height(len(events)), column_config={
        "date": "Date", "label": "Event", "family": "Family", "description": "Description",
        "source": st.column_config.LinkColumn("Source"), "source_text": "Source (not a link)"})
