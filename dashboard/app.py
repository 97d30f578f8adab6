"""The dashboard's entry point: the reader's language, then navigation (`barometer dashboard` runs it)."""
import logging
import sys
import uuid
from pathlib import Path

import streamlit as st

# The pages import the packages beside this file, whichever checkout or install it is run from.
ROOT = str(Path(__file__).resolve().parent.parent)
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from dashboard import language, narrow  # noqa: E402 - after the path fix above
from indicators.access import is_readonly  # noqa: E402
from indicators.languages.i18n import LANGUAGES, _, use  # noqa: E402

SWITCH = "language_switch"  # the sidebar's language switch; "lang" in the session is the language last read in


def switch_language() -> None:
    st.query_params[language.PARAM] = st.session_state[SWITCH]


# Every text of this run, the page's included, reads in one language: set before anything is drawn.
choice = language.choose(st.query_params.get(language.PARAM), st.session_state.get("lang"))
use(choice.lang)
st.session_state["lang"] = choice.lang
if choice.lang in LANGUAGES:  # the address keeps it, whichever way the page was reached
    st.query_params[language.PARAM] = choice.lang
st.set_page_config(page_title=_("Legitimacy Barometer"), layout="wide")

# No page icons: Streamlit fetches material icons from a font CDN, and the dashboard must work offline. The pages
# are named by their full path, so that this script runs the same from anywhere (tests/dashboard/served_app.py).
HERE = Path(__file__).resolve().parent
PAGES = [
    st.Page(HERE / "pages/overview.py", title=_("Overview"), url_path="overview", default=True),
    st.Page(HERE / "pages/indicator.py", title=_("Indicator"), url_path="indicator"),
    st.Page(HERE / "pages/events.py", title=_("Events"), url_path="events"),
    st.Page(HERE / "pages/sources.py", title=_("Sources"), url_path="sources"),
    st.Page(HERE / "pages/export.py", title=_("Export"), url_path="export"),
    st.Page(HERE / "pages/alerts.py", title=_("Alerts"), url_path="alerts"),
]
# A read-only deployment has no editing pages at all, not merely disabled ones.
if not is_readonly():
    PAGES += [
        st.Page(HERE / "pages/add.py", title=_("Add observation"), url_path="add"),
        st.Page(HERE / "pages/edit.py", title=_("Observation"), url_path="edit"),
    ]

log = logging.getLogger("barometer.dashboard")
page = st.navigation(PAGES)
narrow.style()
if choice.lang in LANGUAGES:
    st.session_state[SWITCH] = choice.lang
st.sidebar.radio(_("Language"), LANGUAGES, format_func=language.NAMES.get, key=SWITCH, on_change=switch_language)
if choice.notice():
    st.warning(choice.notice())
try:
    page.run()
except Exception:  # noqa: BLE001 - st.stop and st.rerun are not Exceptions and pass through
    # A visitor sees a short message and an id; the details go to the server's log under the same id.
    error_id = uuid.uuid4().hex[:12]
    log.exception("dashboard page %s failed: error id %s", page.url_path or "overview", error_id)
    st.error(_("This page could not be shown because of an error on the server (error id {id}). Try again "
               "later; the maintainers can find the details in the server's log under that id.").format(id=error_id))
