"""Export: a week's snapshot (brief, data files, zip), plain or as known then, previewed and downloadable."""
from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard import exports, params, state, tables, views
from indicators.languages.i18n import _, current, data_language
from indicators.model.vocabulary import escape_markdown


@st.cache_data(max_entries=16, show_spinner=False)
def cached_build(db_path: str, week: str, as_known_then: bool, data_version: tuple, lang: str) -> exports.Bundle:
    return exports.build(db_path, week, as_known_then, lang)


@st.cache_data(max_entries=4, show_spinner=False)
def cached_public_database(db_path: str, week: str, data_version: tuple, lang: str) -> exports.PublicDatabase:
    return exports.public_database(db_path, week, lang)


st.title(_("Weekly snapshot"))
weeks = exports.week_choices(date.today())
asked = params.get("week")
if asked not in weeks:
    with state.open_store() as store:
        asked = exports.default_week(store, date.today(), state.catalogue())
week = st.selectbox(_("Week"), weeks, index=weeks.index(asked) if asked in weeks else 0, key="export_week",
                    help=_("ISO week, Monday to Sunday; only complete weeks can be exported. The page opens on the "
                           "latest week in which some figure's period ends or some figure was entered."))
as_known_then = st.toggle(_("As known then"), key="export_as_known_then",
                          help=_("Only what had been entered by the end of the week: later entries are left out and "
                                 "later corrections and retractions undone."))
with state.open_store() as store:
    version = store.data_version()
with st.spinner(_("Making the snapshot…")):
    bundle = cached_build(state.db_path(), week, as_known_then, version, current())

st.subheader(_("Download"))
for label, file_name, data, mime in bundle.downloads():
    st.download_button(label, data, file_name=file_name, mime=mime, key=f"download_{label}")

st.subheader(_("Public database"))
st.caption(_("A SQLite copy anyone may query, with Datasette for example: every public figure with its source, "
             "each indicator's reading on the week's Sunday, events and sources with their licences. Confidential "
             "notes and sources are withheld, as on this dashboard. The same file as barometer publish writes for "
             "that Sunday."))
with st.spinner(_("Making the public database…")):
    public = cached_public_database(state.db_path(), week, version, data_language())
st.download_button(public.name, public.database, file_name=public.name, mime="application/vnd.sqlite3",
                   key="download_public_db")
st.download_button(public.metadata_name, public.metadata, file_name=public.metadata_name, mime="application/json",
                   key="download_public_metadata")

st.subheader(_("Preview"))
for block in bundle.preview:
    kind = block[0]
    if kind == "h":
        (st.header if block[1] <= 2 else st.subheader)(escape_markdown(block[2]))
    elif kind == "p":
        st.text(block[1])
    elif kind == "lines":
        st.text("\n".join(f"• {line}" for line in block[1]))
    elif kind == "table":
        tables.show(block[1])
    elif kind == "links":
        tables.show(views.linked(block[1]), {"source": st.column_config.LinkColumn(_("Source")),
                                             "as written": _("As written")})
    elif kind == "img":
        st.image(bundle.charts()[block[1]], caption=block[2])
