"""End to end: `streamlit run` on a free local port, driven by Debian's headless chromium.

Screenshots go to test-artifacts/ (and the test's tmp folder) so that a person can look at them.
"""
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from dashboard.cli import APP, streamlit_command
from indicators.seed import initialize
from indicators.store import Store

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
WAIT_S = 60

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, catalogue):
    """The dashboard served on a database made as `barometer init` makes it."""
    tmp = tmp_path_factory.mktemp("browser")
    with Store.open(tmp / "data.db") as store:
        initialize(store, catalogue)
    port = free_port()
    argv, env = streamlit_command(tmp / "data.db", port=port)
    env.pop("BAROMETER_READONLY", None)
    log = open(tmp / "streamlit.log", "wb")
    proc = subprocess.Popen(argv + ["--server.address", "127.0.0.1"], env=env, cwd=APP.parent,
                            stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert proc.poll() is None, (tmp / "streamlit.log").read_text()
            time.sleep(0.3)
    yield f"http://127.0.0.1:{port}", tmp
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="module")
def browser(server):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1400,1800", f"--user-data-dir={server[1] / 'profile'}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


def wait_for(driver, predicate, what: str):
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        if predicate(driver):
            time.sleep(1.0)  # let the charts finish drawing before a screenshot
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def screenshot(driver, name: str, tmp: Path) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    driver.save_screenshot(str(path))
    shutil.copy(path, tmp / name)
    return path


def charts(driver):
    return driver.find_elements("css selector", "[data-testid='stVegaLiteChart'] canvas, "
                                                "[data-testid='stVegaLiteChart'] svg")


def test_the_overview_shows_the_detention_indicator_the_baseline_and_a_chart(server, browser):
    url, tmp = server
    browser.get(url + "/")
    page = lambda d: d.find_element("tag name", "body").get_attribute("innerText")  # noqa: E731
    wait_for(browser, lambda d: "baseline" in page(d) and charts(d)
             and "Arbitrary detentions" in d.page_source, "the overview")
    assert "Legitimacy Barometer" in page(browser)
    assert screenshot(browser, "overview.png", tmp).stat().st_size > 10_000
    # Offline: every resource the page loaded came from the local server.
    loaded = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    outside = [u for u in loaded if not u.startswith((url, "data:", "blob:"))]
    assert loaded and not outside, outside


def test_an_indicator_page_opened_by_url_shows_its_chart(server, browser):
    url, tmp = server
    browser.get(url + "/indicator?indicator=arbitrary_detentions")
    wait_for(browser, lambda d: charts(d) and "Arbitrary detentions" in d.find_element("tag name", "h1").text,
             "the indicator page")
    assert "indicator=arbitrary_detentions" in browser.current_url
    assert screenshot(browser, "indicator.png", tmp).stat().st_size > 10_000
