"""End to end: `streamlit run` on a free local port, driven by Debian's headless chromium.

One server and one browser for the module. Screenshots go to test-artifacts/ (and the test's tmp
folder) so that a person can look at them.
"""
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from selenium.common.exceptions import NoAlertPresentException

from dashboard.cli import APP, streamlit_command
from indicators import entry
from indicators.seed import initialize
from indicators.store import Store

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
WAIT_S = 60
# User text that a careless page would run or render: a script, an image handler, markdown, a javascript: link.
NOTE = "<script>alert(1)</script> <img src=x onerror=alert(2)> **not bold** [link](javascript:alert(3))"

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class Server:
    url: str
    tmp: Path
    note_id: int  # the observation whose note is NOTE


@pytest.fixture(scope="module")
def server(tmp_path_factory, catalogue):
    """The whole dashboard, editable, served on a database made as `barometer init` makes it, plus one
    observation carrying NOTE."""
    tmp = tmp_path_factory.mktemp("browser")
    with Store.open(tmp / "data.db") as store:
        initialize(store, catalogue)
        note_id = entry.add(store, catalogue, {
            "indicator_id": "arbitrary_detentions", "value": "5", "period_start": "2021-03-01",
            "source_url": "https://spring96.org/en/news/101", "entered_by": "analyst", "note": NOTE})
    port = free_port()
    argv, env = streamlit_command(tmp / "data.db", port=port)
    env.pop("BAROMETER_READONLY", None)
    env.pop("BAROMETER_EDITOR_PASSWORD", None)
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
    yield Server(f"http://127.0.0.1:{port}", tmp, note_id)
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
                "--no-first-run", "--window-size=1400,1800", f"--user-data-dir={server.tmp / 'profile'}"):
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


def page_text(driver) -> str:
    return driver.find_element("tag name", "body").get_attribute("innerText")


def grid_cells(driver) -> list[str]:
    """The text of the table cells in view (tables draw only the columns that fit; the note is among them)."""
    return [c.get_attribute("innerText") for c in driver.find_elements("css selector", "[role='gridcell']")]


def assert_ran_nothing(driver):
    time.sleep(1)  # give any injected script the chance to fire
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018 - raises when no alert is open
    assert not driver.find_elements("xpath", "//script[contains(., 'alert(1)')]")
    assert not driver.find_elements("css selector", "img[src='x']")
    assert not driver.find_elements("xpath", "//a[starts-with(@href, 'javascript:')]")


def sidebar_links(driver) -> list[str]:
    return [a.text for a in driver.find_elements("css selector", "[data-testid='stSidebarNav'] a")]


def test_a_shared_link_as_the_servers_first_visit_gets_the_apps_own_navigation(server, browser):
    """Runs first: before any session has run app.py, a deep link must still go through its st.navigation."""
    browser.get(f"{server.url}/export")
    wait_for(browser, lambda d: "Overview" in sidebar_links(d), "the app's navigation")
    links = sidebar_links(browser)
    assert links[:5] == ["Overview", "Indicator", "Events", "Sources", "Export"], links
    assert "app" not in links


def test_the_overview_shows_the_detention_indicator_the_baseline_and_a_chart(server, browser):
    url, tmp = server.url, server.tmp
    browser.get(url + "/")
    # Table cells are drawn on a canvas; its accessible copy gives a link cell as its address.
    wait_for(browser, lambda d: "baseline" in page_text(d) and charts(d)
             and "/indicator?indicator=arbitrary_detentions" in grid_cells(d), "the overview")
    assert "Legitimacy Barometer" in page_text(browser)
    assert screenshot(browser, "overview.png", tmp).stat().st_size > 10_000
    # Offline: every resource the page loaded came from the local server.
    loaded = browser.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    outside = [u for u in loaded if not u.startswith((url, "data:", "blob:"))]
    assert loaded and not outside, outside


def test_an_indicator_page_opened_by_url_shows_its_chart(server, browser):
    browser.get(server.url + "/indicator?indicator=arbitrary_detentions")
    wait_for(browser, lambda d: charts(d) and "Arbitrary detentions" in d.find_element("tag name", "h1").text,
             "the indicator page")
    assert "indicator=arbitrary_detentions" in browser.current_url
    assert screenshot(browser, "indicator.png", server.tmp).stat().st_size > 10_000


def test_a_note_holding_markup_shows_as_literal_text_in_the_observations_table(server, browser):
    browser.get(server.url + "/indicator?indicator=arbitrary_detentions")
    wait_for(browser, lambda d: NOTE in grid_cells(d), "the note in the observations table")
    assert_ran_nothing(browser)
    screenshot(browser, "indicator-note.png", server.tmp)


def test_a_note_holding_markup_shows_as_literal_text_on_its_observation_page(server, browser):
    browser.get(f"{server.url}/edit?observation={server.note_id}")
    wait_for(browser, lambda d: any(e.text == NOTE for e in d.find_elements("css selector", "[data-testid='stText']")),
             "the note, verbatim")
    assert browser.find_element("tag name", "h1").text == f"Observation {server.note_id}"
    assert_ran_nothing(browser)
    screenshot(browser, "edit-note.png", server.tmp)
