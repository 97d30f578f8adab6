"""The dashboard's anchor (benchmarks/anchors.py): a plain Streamlit page that reads the observations with
`pandas.read_sql` (cached, as a plain page would) and draws one altair chart of one indicator's figures.
$BAROMETER_ANCHOR_SCOPE, or the address's `scope` (benchmarks/browser.py opens both on one server), is "all" (the
whole table, as the overview reads everything) or one indicator's id."""
import os
import warnings

import altair as alt
import pandas as pd
import streamlit as st

TARGET = os.environ["BAROMETER_DB"]
SCOPE = st.query_params.get("scope") or os.environ.get("BAROMETER_ANCHOR_SCOPE", "all")


@st.cache_data(show_spinner=False)
def observations(target: str, scope: str) -> pd.DataFrame:
    where = "status = 'active'" + ("" if scope == "all" else " AND indicator_id = %s")
    if "://" in target:
        import psycopg
        conn = psycopg.connect(target)
    else:
        import sqlite3
        conn = sqlite3.connect(target)
        where = where.replace("%s", "?")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pandas prefers SQLAlchemy; a plain DB-API connection is the plain way
        frame = pd.read_sql(f"SELECT indicator_id, period_start, period_end, value FROM observations WHERE {where} "
                            f"ORDER BY indicator_id, period_end", conn, params=None if scope == "all" else [scope])
    conn.close()
    return frame


frame = observations(TARGET, SCOPE)
st.title("Observations")
first = frame["indicator_id"].iloc[0] if SCOPE == "all" and len(frame) else SCOPE
one = frame[frame["indicator_id"] == first].tail(4000)
st.altair_chart(alt.Chart(one).mark_line().encode(x="period_end:T", y="value:Q"), width="stretch")
st.caption(f"{len(frame):,} observations")
