"""One indicator: its observations drawn honestly against the 2020 baseline, with events and history.

Addressable as /indicator?indicator=ID so that a link can be shared.
"""
from datetime import date

import streamlit as st

from dashboard import auth, cache, chart_frames, chart_words, charts, params, queries, state, tables, views
from indicators.languages.i18n import _, count, current, ngettext
from indicators.model.vocabulary import escape_markdown, freshness_label, verdict_label

FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2100, 12, 31)  # the dates an observation may have

catalogue = state.catalogue()
db = state.db_path()
version = cache.version(db)
lang = current()
ids = list(catalogue.indicators)
wanted = params.get("indicator")
if wanted and wanted not in ids:
    st.warning(_("There is no indicator “{id}” in the catalogue: choose one below.").format(
        id=escape_markdown(wanted[:100])))
indicator_id = st.selectbox(_("Indicator"), ids, index=ids.index(wanted) if wanted in ids else None if wanted else 0,
                            format_func=lambda i: f"{catalogue.indicators[i].name} ({i})",
                            placeholder=_("Type to search indicators"))
if indicator_id is None:
    st.stop()
st.query_params["indicator"] = indicator_id
ind = catalogue.get(indicator_id)
unit = catalogue.units[ind.unit]
summary = cache.summary(db, state.catalogue_path(), version, lang, indicator_id)

st.title(ind.name, anchor=False)
st.caption(escape_markdown(views.indicator_facts(ind, catalogue)))
figures = {_("Latest"): views.latest_figure(summary), _("Baseline 2020"): views.baseline_figure(summary),
           _("Change vs baseline"): views.change_figure(summary)}
for column, (label, figure) in zip(st.columns(3), figures.items()):
    column.metric(label, figure.value)
    column.caption(escape_markdown(figure.note))
m = st.columns([2, 3, 1])  # the freshness in words is the longest
m[0].metric(_("Verdict"), verdict_label(summary.verdict))
m[1].metric(_("Freshness"), freshness_label(summary.freshness),
            help=None if summary.age_days is None else ngettext("{n} day old", "{n} days old", summary.age_days).format(
                n=count(summary.age_days)))
m[2].metric(_("Sources"), summary.sources)

total, first, last = cache.span(db, version, indicator_id)
today = date.today()
# The dates and the toggle side by side; the grain's four buttons on a line of their own, so that none is cut.
c1, c3 = st.columns([3, 2])
choice = c1.segmented_control(_("Dates shown"), list(chart_words.RANGES), format_func=lambda r: _(chart_words.RANGES[r]),
                              default="data", key=f"range-{indicator_id}") or "data"
chosen = None
if choice == "chosen":
    suggested = chart_words.chart_range("data", first, last, today, catalogue.baseline_window[0])
    picked = c1.date_input(_("From – to"), value=suggested, min_value=FIRST_DAY, max_value=LAST_DAY,
                           format="DD.MM.YYYY" if lang in ("be", "ru") else "YYYY/MM/DD", key=f"dates-{indicator_id}")
    chosen = picked if isinstance(picked, tuple) and len(picked) == 2 else None
start, end = chart_words.chart_range(choice, first, last, today, catalogue.baseline_window[0], chosen)
shown = cache.span(db, version, indicator_id, start.isoformat(), end.isoformat())[0]
grain = st.segmented_control(_("Show"), list(queries.GRAINS), format_func=lambda g: _(queries.GRAINS[g]),
                             default=queries.default_grain(shown), key=f"grain-{indicator_id}") or "observations"
all_events = c3.toggle(_("Events of every family"), value=False, key="all_events")
history = st.session_state.get("history", False)
editor = auth.is_editor()

data = cache.indicator_data(db, state.catalogue_path(), version, lang, indicator_id, start=start.isoformat(),
                            end=end.isoformat(), grain=grain, history=history, editor=editor,
                            all_events=all_events)
drawn = chart_frames.shown(data.observations, data.aggregate, grain)
sentence = chart_words.chart_sentence(summary, drawn)
if total == 0:
    st.info(_("No data yet: no figure for this indicator has been entered or collected, so there is no chart."))
    st.caption(escape_markdown(sentence))
else:
    if drawn.count == 0:
        st.info(_("No data in these dates: choose “{span}” to see every figure.").format(span=_(chart_words.RANGES["data"])))
    elif grain == "observations" and shown > queries.RAW_LIMIT:
        st.caption(ngettext("{n} observation in these dates: choose a weekly or monthly view for a lighter chart.",
                            "{n} observations in these dates: choose a weekly or monthly view for a lighter chart.",
                            shown).format(n=count(shown)))
    domain = (start.isoformat(), end.isoformat())
    st.vega_lite_chart(cache.indicator_chart(db, state.catalogue_path(), version, lang, indicator_id, domain=domain,
                                             description=sentence, start=start.isoformat(), end=end.isoformat(),
                                             grain=grain, history=history, editor=editor, all_events=all_events),
                       width="stretch")
    st.caption(escape_markdown(sentence))
    numbered = chart_frames.event_frame(data.events, charts.x_extent(domain))
    st.caption(chart_words.how_to_read(events=bool(len(numbered)), flow=ind.is_rate))
    if len(numbered):
        listed = chart_words.chart_event_rows(numbered)
        tables.show(views.linked(listed), column_order=[
            "number", "date", "event", "source", *(["source_text"] if any(e["source_text"] for e in listed) else [])],
            config={
            "number": st.column_config.NumberColumn("#", format="%d", width=40), "date": _("Date"),
            "event": _("Event"), "source": st.column_config.LinkColumn(_("Source")),
            "source_text": _("Source (not a link)")})
    with st.expander(_("The chart's data as a table")):
        tables.show(charts.chart_rows(data.observations, data.aggregate, unit, flow=ind.is_rate,
                                      grain=grain), chart_words.chart_row_headers(grain), fit_height=False)

st.subheader(_("Observations"), anchor=False)
st.toggle(_("Show history (superseded and retracted rows)"), key="history")
# The figure, where it is from and what was noted first; the long citation last.
columns = {
    "edit": st.column_config.LinkColumn(_("Edit"), display_text=_("edit"), width="small"),
    "id": st.column_config.NumberColumn("#", format="%d"), "period": _("Period"), "value": _("Value"),
    "qualifier": _("Qualifier"), "source": st.column_config.LinkColumn(_("Source"), width="medium"),
    "source_text": _("Source (not a link)"), "note": _("Note"),
    "status": _("Status"), "entered_by": _("Entered by"), "entered_at": _("Entered at"),
    "citation": _("Citation"),
}
if not editor:
    del columns["edit"]
if not any(r["source_text"] for r in data.table):
    del columns["source_text"]
if data.table:
    tables.show(views.linked([{k: r[k] for k in columns} for r in data.table]), columns, fit_height=False)
else:
    st.caption(_("No observations in these dates."))

st.subheader(_("Definition"), anchor=False)
st.markdown(escape_markdown(ind.definition))
if ind.paper_context:
    st.subheader(_("In the 2020 paper"), anchor=False)
    st.markdown(escape_markdown(ind.paper_context))
if ind.sources:
    st.subheader(_("Catalogue sources"), anchor=False)
    tables.show(views.linked([{"name": s.name, "url": s.url if views.is_link(s.url) else None} for s in ind.sources],
                             ["url"]),
                {"name": _("Source"), "url": st.column_config.LinkColumn(_("Address"))})
