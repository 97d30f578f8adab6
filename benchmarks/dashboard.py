"""The dashboard at scale: overview first run and rerun, an indicator page, through Streamlit's AppTest, beside
the anchor page (benchmarks/anchors.py) reading everything, then one indicator, in the same process.

`python -m benchmarks.dashboard 730k` (or via `python -m benchmarks`). The synthetic store is built
once per size and day in a separate process (benchmarks/synthetic.py), so the figures and the peak
RSS are the dashboard's own. Imports are warmed first: a running server has them loaded already.
"""
from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

from . import anchors as anchors_
from .synthetic import stored_db

HERE = Path(__file__).resolve().parent
APP = HERE.parent / "dashboard" / "app.py"
INDICATOR = "synthetic_001"  # a level with daily figures, a second source and monthly reports


def _timed(at) -> float:
    started = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(at.exception[0].message)
    return elapsed


def measure(size: str, workdir: Path) -> tuple[int, dict]:
    path, catalogue_path = stored_db(size, Path(workdir))
    os.environ["BAROMETER_DB"] = str(path)
    os.environ["BAROMETER_CATALOGUE"] = str(catalogue_path)
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from dashboard import cache, charts, queries, views  # noqa: F401 - warm imports, as in a running server
    from indicators.store import Store

    with Store.open(path) as store:
        rows = store.conn.execute("SELECT count(*) FROM observations").fetchone()[0]
    st.cache_data.clear()
    at = AppTest.from_file(str(APP), default_timeout=120)
    overview_first = _timed(at)
    overview_rerun = _timed(at)
    at.switch_page("pages/indicator.py")
    at.query_params["indicator"] = INDICATOR
    indicator_page = _timed(at)
    st.cache_data.clear()
    indicator_cold = _timed(at)  # opened straight from a shared link, nothing cached
    indicator_rerun = _timed(at)
    anchors = {}
    for name, scope in (("anchor_all", "all"), ("anchor_one", INDICATOR)):  # anchors.py: the plainest page
        os.environ[anchors_.SCOPE_ENV] = scope
        st.cache_data.clear()
        page = AppTest.from_file(str(anchors_.PAGE), default_timeout=120)
        anchors[f"{name}_first_s"] = _timed(page)
        anchors[f"{name}_rerun_s"] = _timed(page)
    return rows, {"overview_first_s": overview_first, "overview_rerun_s": overview_rerun,
                  "indicator_page_s": indicator_page, "indicator_page_cold_s": indicator_cold,
                  "indicator_page_rerun_s": indicator_rerun, **anchors}


def run(size: str) -> dict:
    rows, metrics = measure(size, HERE / "work")
    return {"rows": rows, **metrics}


if __name__ == "__main__":
    result = run(sys.argv[1] if len(sys.argv) > 1 else "730k")
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result, indent=2))
