"""The dashboard as a reader waits for it in Debian's headless chromium: the overview reloaded, and an indicator's
page opened from a shared link in a new session, each beside the anchor page (benchmarks/anchor_page.py) served
and opened the same way, in the same run.

`python -m benchmarks --sizes 730k --cases browser`. A page counts as shown when
Streamlit has finished running it and nothing is still loading (dashboard/screenshots.py's `idle`, which the
browser test and the screenshots wait on too), seen from outside the page, as a reader sees it: the time runs
from asking for the address to the first moment it is idle and stays idle. Each server is warmed by one visit
first, as a running deployment is; the indicator page's link is opened in a fresh session, so the server's
cache holds the overview but not that page's figures, as a reader following a link finds it.
"""
from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from dashboard.screenshots import browser, free_port, idle, running, serve

from . import anchors as anchors_
from .dashboard import INDICATOR
from .synthetic import stored_db

HERE = Path(__file__).resolve().parent
SETTLE_S = 0.5  # idle this long after the first idle moment, or it was a pause between two runs
TIMEOUT_S = 300


def shown_s(driver, address: str | None = None) -> float:
    """Seconds from asking for `address` (None: reloading the page) until the page is first idle, and stays so."""
    started = time.perf_counter()
    if address is None:
        driver.refresh()
    else:
        driver.get(address)
    time.sleep(0.05)  # the old page can still read idle for an instant after the request
    deadline = started + TIMEOUT_S
    while time.perf_counter() < deadline:
        if idle(driver):
            first = time.perf_counter()
            time.sleep(SETTLE_S)
            if idle(driver):
                return first - started
        time.sleep(0.02)
    raise TimeoutError(f"{driver.current_url} was not shown within {TIMEOUT_S} s")


@contextlib.contextmanager
def anchor_server(db_path, log: Path) -> Iterator[str]:
    """The anchor page on a free loopback port: it reads what its address's `scope` asks for."""
    port = free_port()
    argv = [sys.executable, "-m", "streamlit", "run", str(anchors_.PAGE), "--server.headless", "true",
            "--browser.gatherUsageStats", "false", "--server.address", "127.0.0.1",
            "--browser.serverAddress", "127.0.0.1", "--server.port", str(port)]
    with running(argv, {**os.environ, "BAROMETER_DB": str(db_path)}, HERE, port, log) as url:
        yield url

def _reload_and_link(url: str, first: str, link: str, profile: Path) -> tuple[float, float]:
    """(the first page reloaded, `link` opened in a new session) on a server warmed by one visit to `first`."""
    with browser(profile / "a") as driver:
        shown_s(driver, url + first)  # warms the server, as a deployment that has been visited is
        reload = shown_s(driver)
    with browser(profile / "b") as driver:
        opened = shown_s(driver, url + link)
    return reload, opened


def measure(size: str, workdir: Path) -> tuple[int, dict]:
    path, catalogue_path = stored_db(size, Path(workdir))
    from indicators.store import Store
    with Store.open(path) as store:
        rows = store.conn.execute("SELECT count(*) FROM observations").fetchone()[0]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        with serve(path, tmp / "dashboard.log",
                   env_overrides={"BAROMETER_CATALOGUE": str(catalogue_path)}) as url:
            overview, indicator = _reload_and_link(url, "/", f"/indicator?indicator={INDICATOR}", tmp / "p1")
        with anchor_server(path, tmp / "anchor.log") as url:
            anchor_reload, anchor_link = _reload_and_link(url, "/?scope=all", f"/?scope={INDICATOR}", tmp / "p2")
    return rows, {"overview_reload_s": overview, "indicator_link_s": indicator,
                  "anchor_all_reload_s": anchor_reload, "anchor_one_link_s": anchor_link}

