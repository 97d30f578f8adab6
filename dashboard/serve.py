"""Start Streamlit on the dashboard so that app.py's st.navigation defines every page from the first visit.

Streamlit treats a `pages/` folder beside the entry script as old-style pages until some session has run
st.navigation; a first visitor arriving by a shared link (`/indicator?indicator=…`) would get those pages,
named by file and without the app's read-only rules. Telling Streamlit up front that the folder is not
its page list closes that gap. Run as `python serve.py run app.py [streamlit options]`.
"""
import sys

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

if __name__ == "__main__":
    PagesManager.uses_pages_directory = False
    sys.exit(cli.main())
