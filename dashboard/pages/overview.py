"""Overview: what moved against the 2020 baseline, then every indicator, grouped by family."""
import pandas as pd
import streamlit as st

from dashboard import cache, charts, language, state, views
from dashboard import news as news_view
from dashboard.dates import readable_date
from indicators.i18n import _, count, current, ngettext
from indicators.verdict_chart import verdict_chart
from indicators.vocabulary import FRESHNESS, VERDICTS, escape_markdown, freshness_label, verdict_label, verdict_word

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
# 820): the name (the page's link), latest, baseline, change, verdict. Fixed widths, so that every table lines up.
KEY_COLUMNS = {
    "link": st.column_config.LinkColumn(_("Indicator"), width=190),
    "latest": st.column_config.TextColumn(_("Latest, on its basis"), width=160, help=_(
        "The latest figure on the indicator's basis: a rate per 30 days, a level, a count per edition or per year.")),
    "baseline": st.column_config.TextColumn(_("Baseline 2020"), width=160),
    "change": st.column_config.TextColumn(_("Change"), width=110),
    "verdict_label": st.column_config.TextColumn(_("Verdict"), width=150),
}
PERIOD = st.column_config.TextColumn(_("Latest period"), width=170)
SOURCES = st.column_config.NumberColumn(_("Sources"), format="%d", width=70)


def show_moves(title: str, moves: list[views.Move], empty: str) -> None:
    st.subheader(title, anchor=False)
    if not moves:
        st.caption(empty)
        return
    frame = pd.DataFrame([m.__dict__ for m in moves])
    styled = frame.style.format({"link": {m.link: m.name for m in moves}.get})
    st.dataframe(styled, hide_index=True, width="stretch", column_order=[*KEY_COLUMNS, "period", "sources"],
                 column_config={**KEY_COLUMNS, "period": PERIOD, "sources": SOURCES})


# One above the other, so that each table has the width for its key columns.
show_moves(_("Largest moves {verdict}").format(verdict=verdict_word("worse")), first.weaker, _("None is certain."))
show_moves(_("Largest moves {verdict}").format(verdict=verdict_word("better")), first.stronger, _("None is certain."))
# What's new by when it was entered, then by the period it covers; the shipped data is one line, not a list.
news = cache.news(db, state.catalogue_path(), cache.version(db), current())
st.subheader(news_view.heading(), anchor=False)
st.caption(escape_markdown(news_view.summary(news)))
if news.rows:
    st.dataframe(pd.DataFrame(news.rows).style.format({"link": {r["link"]: r["name"] for r in news.rows}.get}),
                 hide_index=True, width="stretch", column_order=["link", "figure", "period", "entered_by", "entered"],
                 column_config={"link": KEY_COLUMNS["link"], "figure": _("Figure"),
                                "period": st.column_config.TextColumn(_("Period"), width=170),
                                "entered_by": _("Entered by"), "entered": _("Entered")})
st.markdown(language.markdown_link(_("Every source's latest figure: Sources"), "sources", {}))
show_moves(ngettext("Figures for periods ending in the last {n} week",
                    "Figures for periods ending in the last {n} weeks", views.RECENT_DAYS // 7).format(n=views.RECENT_DAYS // 7), first.recent,
           _("No figure covers a period ending in the last four weeks: see each indicator's freshness below."))
if first.ambiguous:
    st.subheader(_("Falls read with repression"), anchor=False)
    st.caption(_("These series fell, but after a crackdown fewer protests, news items or page views mean fear "
                 "or censorship as much as consent, so their verdict stays unclear."))
    st.dataframe(pd.DataFrame([{"indicator": m.name, "change": m.change, "read with": m.note}
                               for m in first.ambiguous]), hide_index=True, width="stretch",
                 column_config={"indicator": _("Indicator"), "change": _("Change"), "read with": _("Read with")})

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
    sentence = views.verdict_sentence(rows)
    st.altair_chart(charts.in_language(verdict_chart(rows).properties(description=sentence)), width="stretch")
    st.caption(escape_markdown(sentence))
    st.dataframe(views.verdict_table(rows), hide_index=True, width="stretch",
                 column_config={"family": _("Family")})

COLUMNS = {
    **KEY_COLUMNS,
    "trend": st.column_config.LineChartColumn(
        _("Since 2020"), width=90, help=_("Monthly since the baseline window opened; a flat line where nothing "
                                          "newer is known than the last figure before it.")),
    "freshness_label": st.column_config.TextColumn(_("Freshness"), width=110),
    "period": PERIOD,
    "note": st.column_config.TextColumn(_("Note"), width=240),
    "sources": SOURCES,
}


def colour_verdict(labels: pd.Series) -> list[str]:
    by_label = {verdict_label(v): views.verdict_text_style(v) for v in VERDICTS}
    return [by_label.get(x, "") for x in labels]


if not rows:
    st.info(_("No indicator matches these filters."))
names = {r["link"]: r["name"] for r in rows}
for family_name, group in views.grouped(rows):
    st.subheader(family_name, anchor=False)
    frame = pd.DataFrame(group, columns=["name", *COLUMNS])
    # A link column shows the text its Styler format gives (when it has no display_text of its own).
    styled = frame.style.apply(colour_verdict, subset=["verdict_label"]).format({"link": names.get})
    st.dataframe(styled, column_config=COLUMNS, column_order=list(COLUMNS), hide_index=True, width="stretch",
                 height=views.table_height(len(group)))
