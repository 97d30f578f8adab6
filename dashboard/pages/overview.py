"""Overview: what moved since 2020 in one sentence, a reading per family and the timeline, then what moved
against the 2020 baseline and every indicator, grouped by family."""

import pandas as pd
import streamlit as st

from dashboard import cache, chart_words, charts, language, narrow, state, tables, views
from dashboard import news as news_view
from dashboard.dates import readable_date
from indicators.readings import story
from indicators.languages.i18n import _, count, current, ngettext, pgettext
from indicators.readings.verdict_chart import verdict_chart
from indicators.model.vocabulary import (FRESHNESS, VERDICTS, escape_markdown, freshness_label, verdict_label,
                                         verdict_word)

catalogue = state.catalogue()
db = state.db_path()
data = cache.overview(db, state.catalogue_path(), cache.version(db), current())
start, end = catalogue.baseline_window
h, first = data.headline, data.first_screen

st.title(_("Legitimacy Barometer"))
updated = (_("Figures entered up to {entered}; the latest covers a period ending {ended}.").format(
    entered=readable_date(first.last_entered), ended=readable_date(first.last_period_end))
    if first.last_entered and first.last_period_end else _("No figures yet."))
st.caption(ngettext("{n} indicator against the 2020 baseline ({start} – {end}). {updated}",
                    "{n} indicators against the 2020 baseline ({start} – {end}). {updated}", h.total).format(
    n=count(h.total), start=readable_date(start), end=readable_date(end), updated=updated))

# The first screen: one sentence, then each family of the paper, then the timeline.
st.markdown(f"**{escape_markdown(story.sentence(data.readings))}**")
st.subheader(_("Since 2020, family by family"), anchor=False)
st.caption(_("Compared: series with a verdict against the 2020 baseline from a figure since 2021. Coverage: "
             "series with any figure since 2021. No composite number: each family is its counts and its leading "
             "figure (its largest certain move, else its most-observed series)."))
cards = views.family_cards(data.readings)
for start_at in range(0, len(cards), 3):
    for column, card in zip(st.columns(3), cards[start_at:start_at + 3]):
        with column.container(border=True):
            st.markdown(f"**{escape_markdown(card.name)}**  \n{escape_markdown(card.verdicts)}")
            st.caption(f"{escape_markdown(card.compared)}  \n{escape_markdown(card.coverage)}")
            st.markdown(f"[{escape_markdown(card.leading)}]({card.link})" if card.link else
                        escape_markdown(card.leading))

st.subheader(_("Timeline, 2019 to today"), anchor=False)
targets = data.targets
timeline = cache.overview_timeline(db, state.catalogue_path(), cache.version(db), current())
if timeline:
    spec, sentence = timeline
    st.vega_lite_chart(spec, width="stretch")
    st.caption(escape_markdown(sentence) + " " + escape_markdown(_("A tick opens the series its family is read with.")))
    with st.expander(_("The events, newest first"), expanded=False):
        events = pd.DataFrame(views.timeline_rows(data.events, catalogue, targets))
        st.dataframe(events, hide_index=True, width="stretch", row_height=views.WRAP_ROW_PX, placeholder=tables.MISSING,
                     height=views.table_height(len(events), views.WRAP_ROW_PX),
                     column_order=["date", "label", "family", "indicator", "link"], column_config={
                         "date": st.column_config.TextColumn(_("Date"), width=120),
                         "label": st.column_config.TextColumn(_("Event"), width=300),
                         "family": st.column_config.TextColumn(_("Family"), width=150),
                         "indicator": st.column_config.TextColumn(_("Read with"), width=190),
                         "link": st.column_config.LinkColumn(_("Open"), display_text=pgettext("link", "open"),
                                                             width=80)})
else:
    st.caption(_("No events since 2019."))

st.divider()
# Two rows of three, so that a phone shows them as pairs rather than a column of six.
HELP = {
    "worse": _("the change against the baseline lies wholly toward weaker legitimacy"),
    "better": _("the change against the baseline lies wholly toward stronger legitimacy"),
    "unclear": _("the change interval straddles zero, the series has no direction, or a fall reads only with "
                 "repression"),
    "nothing newer": _("the latest figure is the baseline's own: nothing newer is known"),
    "no comparison": _("no baseline, a baseline too thin or too old for a verdict, or no recent figure on its "
                       "basis"),
    "no data": _("no figure at all yet"),
}
for row in (list(VERDICTS)[:3], list(VERDICTS)[3:]):
    for column, verdict in zip(st.columns(3), row):
        column.metric(verdict_label(verdict), h.counts[verdict], help=HELP[verdict])


# The columns a reader scans for, first and within 1,280 pixels (a 1,280-pixel window leaves the tables about
# 820): the name (wrapping, which a link cell cannot), latest, baseline, change, verdict, then the page's link.
# Fixed widths, so that every table lines up; the verdict's as wide as its longest label in the reader's language
# (a coloured label cannot wrap: 151 px in English, 218 in Russian, which puts the link just past 820).
VERDICT_WIDTH = views.label_width([_("Verdict"), *(verdict_label(v) for v in VERDICTS)])
KEY_COLUMNS = {
    "name": st.column_config.TextColumn(_("Indicator"), width=180),
    "latest": st.column_config.TextColumn(_("Latest, on its basis"), width=150, help=_(
        "The latest figure on the indicator's basis: a rate per 30 days, a level, a count per edition or per year.")),
    "baseline": st.column_config.TextColumn(_("Baseline 2020"), width=150),
    "change": st.column_config.TextColumn(_("Change"), width=100),
    "verdict_label": st.column_config.TextColumn(_("Verdict"), width=VERDICT_WIDTH),
    "link": st.column_config.LinkColumn(_("Open"), display_text=pgettext("link", "open"), width=72),
}
PERIOD = st.column_config.TextColumn(_("Latest period"), width=170)
SOURCES = st.column_config.NumberColumn(_("Sources"), format="%d", width=90)


def show_moves(key: str, title: str, moves: list[views.Move], empty: str) -> None:
    st.subheader(title, anchor=False)
    if not moves:
        st.caption(empty)
        return
    frame = pd.DataFrame([m.__dict__ for m in moves])
    with narrow.wide(key):
        st.dataframe(frame, hide_index=True, width="stretch", column_order=[*KEY_COLUMNS, "period", "sources"],
                     placeholder=tables.MISSING,
                     column_config={**KEY_COLUMNS, "period": PERIOD, "sources": SOURCES},
                     row_height=views.WRAP_ROW_PX, height=views.table_height(len(moves), views.WRAP_ROW_PX))
    with narrow.cards(key):
        st.markdown(views.indicator_cards(frame.to_dict("records")))


# One above the other, so that each table has the width for its key columns.
show_moves("weaker", _("Largest moves {verdict}").format(verdict=verdict_word("worse")), first.weaker, _("None is certain."))
show_moves("stronger", _("Largest moves {verdict}").format(verdict=verdict_word("better")), first.stronger, _("None is certain."))
# What's new by when it was entered, then by the period it covers; the shipped data is one line, not a list.
news = cache.news(db, state.catalogue_path(), cache.version(db), current())
st.subheader(news_view.heading(), anchor=False)
st.caption(escape_markdown(news_view.summary(news)))
if news.rows:
    tables.show(pd.DataFrame(news.rows), {"name": KEY_COLUMNS["name"], "figure": _("Figure"), "period": _("Period"),
                                          "entered_by": _("Entered by"), "entered": _("Entered"),
                                          "link": KEY_COLUMNS["link"]},
                column_order=["name", "figure", "period", "entered_by", "entered", "link"])
st.markdown(language.markdown_link(_("Every source's latest figure: Sources"), "sources", {}))
show_moves("recent", ngettext("Figures for periods ending in the last {n} week",
                              "Figures for periods ending in the last {n} weeks",
                              views.RECENT_DAYS // 7).format(n=views.RECENT_DAYS // 7), first.recent,
           _("No figure covers a period ending in the last four weeks: see each indicator's freshness below."))
if first.ambiguous:
    st.subheader(_("Falls read with repression"), anchor=False)
    st.caption(_("These series fell, but after a crackdown fewer protests, news items or page views mean fear "
                 "or censorship as much as consent, so their verdict stays unclear."))
    tables.show([{"indicator": m.name, "change": m.change, "read with": m.note} for m in first.ambiguous],
                {"indicator": _("Indicator"), "change": _("Change"), "read with": _("Read with")})

st.divider()
f1, f2, f3, f4 = st.columns([2, 2, 2, 3])
families = f1.multiselect(_("Family"), list(catalogue.families), format_func=lambda f: catalogue.families[f].name,
                          placeholder=_("Choose options"))
verdicts = f2.multiselect(_("Verdict"), list(VERDICTS), format_func=verdict_label, placeholder=_("Choose options"))
freshness = f3.multiselect(_("Freshness"), list(FRESHNESS), format_func=freshness_label,
                           placeholder=_("Choose options"))
search = f4.text_input(_("Search"), placeholder=_("name or id"))
rows = views.filter_rows(data.rows, families=families, verdicts=verdicts, freshness=freshness, search=search)

with st.expander(_("Verdicts by family"), expanded=False):
    sentence = chart_words.verdict_sentence(rows)
    st.altair_chart(charts.in_language(verdict_chart(rows).properties(description=sentence)), width="stretch")
    st.caption(escape_markdown(sentence))
    tables.show(chart_words.verdict_table(rows), {"family": _("Family")})

COLUMNS = {
    **KEY_COLUMNS,
    "trend": st.column_config.LineChartColumn(
        _("Since 2020"), width=90, help=_("Monthly since the baseline window opened; a flat line where nothing "
                                          "newer is known than the last figure before it.")),
    "freshness_label": st.column_config.TextColumn(_("Freshness"), width=110),
    "period": PERIOD,
    "note": st.column_config.TextColumn(_("Note"), width=320),
    "sources": SOURCES,
    # The verdict as a label in its colour: a column setting, which costs a page run nothing (a pandas Styler
    # cost a third of it); the glyph and the word carry the verdict in any case.
    "verdict_label": st.column_config.MultiselectColumn(
        _("Verdict"), width=VERDICT_WIDTH, options=[verdict_label(v) for v in VERDICTS],
        color=[views.verdict_cell_colour(v) for v in VERDICTS]),
}


if not rows:
    st.info(_("No indicator matches these filters."))
for family_name, group in views.grouped(rows):
    st.subheader(family_name, anchor=False)
    frame = pd.DataFrame(group, columns=list(COLUMNS)).assign(verdict_label=lambda f: [[v] for v in f.verdict_label])
    with narrow.wide(group[0]["family"]):
        st.dataframe(frame, column_config=COLUMNS, column_order=list(COLUMNS), hide_index=True, width="stretch",
                     placeholder=tables.MISSING,
                     row_height=views.WRAP_ROW_PX, height=views.table_height(len(group), views.WRAP_ROW_PX))
    with narrow.cards(group[0]["family"]):
        st.markdown(views.indicator_cards(group))
