"""dashboard/app.py run as `barometer dashboard` serves it, for AppTest.

Beside app.py lies its pages folder, which makes Streamlit (and AppTest, which resets the setting on every run)
treat those files as pages of their own and run one directly, without app.py, when a test switches to it;
dashboard/serve.py stops the server from doing so. Run from this folder, which has no pages folder, app.py
always runs first and its st.navigation opens the page, as in production: the language is chosen, the
navigation built, and the page run in that language.
"""
import runpy
from pathlib import Path

runpy.run_path(str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py"), run_name="__main__")
