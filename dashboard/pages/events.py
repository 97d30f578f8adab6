"""Events: the timeline that gives the indicators their context, with sources."""
from datetime import date

import streamlit as st

from dashboard import cache, chart_words, charts, state, tables, views
from indicators.languages.i18n import _, current
from indicators.model.vocabulary import escape_markdown

catalogue = state.catalogue()
db = state.db_path()
st.title(_("Events"), anchor=False)
c1, c2 = st.columns([2, 3])
picked = c1.date_input(_("Dates"), value=(date(2010, 1, 1), date.today()), min_value=date(1990, 1, 1),
                       format="DD.MM.YYYY" if current() in ("be", "ru") else "YYYY/MM/DD", key="event_dates")
start, end = (picked if isinstance(picked, tuple) and len(picked) == 2 else (None, None))
families = c2.multiselect(_("Family"), list(catalogue.families), format_func=lambda f: catalogue.families[f].name,
                          placeholder=_("Choose options"), key="event_families")
events = cache.events(db, cache.version(db), current(), start and start.isoformat(), end and end.isoformat(),
                      tuple(families))
names = {f: fam.name for f, fam in catalogue.families.items()}
if not events:
    st.info(_("No events in these dates."))
else:
    sentence = chart_words.events_sentence(events, names)
    st.altair_chart(charts.in_language(charts.events_timeline(events, names).properties(description=sentence)),
                    width="stretch")
    st.caption(escape_markdown(sentence))
    tables.show(views.linked(views.event_rows(events, catalogue)), {
        "date": _("Date"), "label": _("Event"), "family": _("Family"), "description": _("Description"),
        "source": st.column_config.LinkColumn(_("Source")), "source_text": _("Source (not a link)")})
