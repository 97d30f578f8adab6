"""The dashboard's entry point: navigation only (`barometer dashboard` runs it)."""
import sys
from pathlib import Path

import streamlit as st

try:
    import dashboard  # noqa: F401 - installed, or run from the repository root
except ImportError:  # `streamlit run dashboard/app.py` from a plain checkout
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

st.set_page_config(page_title="Legitimacy Barometer", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Overview", icon=":material/monitoring:", url_path="overview", default=True),
    st.Page("pages/indicator.py", title="Indicator", icon=":material/show_chart:", url_path="indicator"),
    st.Page("pages/events.py", title="Events", icon=":material/event:", url_path="events"),
]

st.navigation(PAGES).run()
