"""The dashboard's entry point: navigation only (`barometer dashboard` runs it)."""
import logging
import sys
import uuid
from pathlib import Path

import streamlit as st

# The pages import the packages beside this file, whichever checkout or install it is run from.
ROOT = str(Path(__file__).resolve().parent.parent)
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from indicators.access import is_readonly  # noqa: E402 - after the path fix above

st.set_page_config(page_title="Legitimacy Barometer", layout="wide")

# No page icons: Streamlit fetches material icons from a font CDN, and the dashboard must work offline.
PAGES = [
    st.Page("pages/overview.py", title="Overview", url_path="overview", default=True),
    st.Page("pages/indicator.py", title="Indicator", url_path="indicator"),
    st.Page("pages/events.py", title="Events", url_path="events"),
    st.Page("pages/sources.py", title="Sources", url_path="sources"),
    st.Page("pages/export.py", title="Export", url_path="export"),
    st.Page("pages/alerts.py", title="Alerts", url_path="alerts"),
]
# A read-only deployment has no editing pages at all, not merely disabled ones.
if not is_readonly():
    PAGES += [
        st.Page("pages/add.py", title="Add observation", url_path="add"),
        st.Page("pages/edit.py", title="Observation", url_path="edit"),
    ]

log = logging.getLogger("barometer.dashboard")
page = st.navigation(PAGES)
try:
    page.run()
except Exception:  # noqa: BLE001 - st.stop and st.rerun are not Exceptions and pass through
    # A visitor sees a short message and an id; the details go to the server's log under the same id.
    error_id = uuid.uuid4().hex[:12]
    log.exception("dashboard page %s failed: error id %s", page.url_path or "overview", error_id)
    st.error(f"This page could not be shown because of an error on the server (error id {error_id}). "
             f"Try again later; the maintainers can find the details in the server's log under that id.")
