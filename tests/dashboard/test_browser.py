"""End to end: `streamlit run` on a free local port, driven by Debian's headless chromium.

One server (on a database loaded as `barometer init` loads it) and one browser for the module, the same
helpers as `python -m dashboard.screenshots`. Every page is opened at 1,440 and 390 pixels, checked for an
error box, and saved under test-artifacts/screenshots/ so that a person can look at a failing run; then at
1,440, 1,280 and 390 pixels in each language, checked for text cut short (cut_text.js) and raw None or NaN.
"""
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from selenium.common.exceptions import NoAlertPresentException

from collectors.history import initialize_all
from dashboard import screenshots
from indicators.input import entry
from indicators.store import Store

CHROMIUM = screenshots.CHROMIUM
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SHOTS = ARTIFACTS / "screenshots"
WAIT_S = 60
# User text that a careless page would run or render: a script, an image handler, markdown, a javascript: link.
NOTE = "<script>alert(1)</script> <img src=x onerror=alert(2)> **not bold** [link](javascript:alert(3))"
KEY_COLUMNS = ["Indicator", "Latest, on its basis", "Baseline 2020", "Change", "Verdict"]
CUT_TEXT = (Path(__file__).with_name("cut_text.js")).read_text()

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed")


@dataclass(frozen=True)
class Server:
    url: str
    tmp: Path
    note_id: int  # the observation whose note is NOTE


@pytest.fixture(scope="module")
def server(tmp_path_factory, catalogue):
    """The whole dashboard, editable, served on a database made as `barometer init` makes it (the recorded
    history included), plus one observation carrying NOTE."""
    tmp = tmp_path_factory.mktemp("browser")
    with Store.open(tmp / "data.db") as store:
        initialize_all(store, catalogue)
        note_id = entry.add(store, catalogue, {
            "indicator_id": "arbitrary_detentions", "value": "5", "period_start": "2021-03-01",
            "source_url": "https://spring96.org/en/news/101", "entered_by": "analyst", "note": NOTE})
    with screenshots.serve(tmp / "data.db", tmp / "streamlit.log", editor=True) as url:
        yield Server(url, tmp, note_id)


@pytest.fixture(scope="module")
def browser(server):
    with screenshots.browser(server.tmp / "profile", 1440, 1000) as driver:
        yield driver


def wait_for(driver, predicate, what: str):
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        if predicate(driver):
            time.sleep(1.0)  # let the charts finish drawing before a screenshot
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def screenshot(driver, name: str, tmp: Path, *, full: bool = False) -> Path:
    path = screenshots.capture(driver, SHOTS / name, full=full)
    (tmp / name).parent.mkdir(parents=True, exist_ok=True)
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


def every_cell(driver) -> list[str]:
    """The text of every cell of every table, in view or not, as each grid holds it."""
    return driver.execute_script("""
        const out = [];
        for (const host of document.querySelectorAll(".stDataFrameGlideDataEditor")) {
          const start = host.querySelector("canvas") || host;
          let f = start[Object.keys(start).find(k => k.startsWith("__reactFiber"))];
          while (f && !(f.memoizedProps && f.memoizedProps.getCellContent && f.memoizedProps.columns)) f = f.return;
          if (!f) continue;
          const {columns, rows, getCellContent} = f.memoizedProps;
          for (let c = 0; c < columns.length; c++)
            for (let r = 0; r < rows; r++) { const cell = getCellContent([c, r]); out.push(String(cell.data ?? "")); }
        }
        return out;""")


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


def test_the_overview_shows_the_indicators_against_the_baseline_and_loads_nothing_from_outside(server, browser):
    url, tmp = server.url, server.tmp
    browser.get(url + "/")
    # Table cells are drawn on a canvas; its accessible copy gives a link cell as its address.
    wait_for(browser, lambda d: "baseline" in page_text(d)
             and "/indicator?indicator=freedom_in_world_score&lang=en" in grid_cells(d), "the overview")
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
    wait_for(browser, lambda d: NOTE in every_cell(d), "the note in the observations table")
    assert_ran_nothing(browser)
    screenshot(browser, "indicator-note.png", server.tmp)


def test_a_note_holding_markup_shows_as_literal_text_on_its_observation_page(server, browser):
    browser.get(f"{server.url}/edit?observation={server.note_id}")
    wait_for(browser, lambda d: any(e.text == NOTE for e in d.find_elements("css selector", "[data-testid='stText']")),
             "the note, verbatim")
    assert browser.find_element("tag name", "h1").text == f"Observation {server.note_id}"
    assert_ran_nothing(browser)
    screenshot(browser, "edit-note.png", server.tmp)


PAGES = {
    "overview": "/",
    "indicator-covid-cases": "/indicator?indicator=covid_cases_reported",
    "indicator-freedom-in-the-world": "/indicator?indicator=freedom_in_world_score",
    "indicator-political-prisoners": "/indicator?indicator=political_prisoners",
    "indicator-detentions-weekly": "/indicator?indicator=arbitrary_detentions",
    "indicator-no-data": "/indicator?indicator=ooni_anomaly_share",
    "indicator-unknown": "/indicator?indicator=nope",
    "events": "/events",
    "sources": "/sources",
    "export": "/export",
    "add": "/add",
    "observation": "/edit?observation={note_id}",
    "observation-chooser": "/edit",
}
NARROW = ["overview", "indicator-covid-cases", "indicator-no-data", "events", "add"]


def errors_shown(driver) -> list[str]:
    """Streamlit's exception element, and the error box app.py shows in place of a page that failed."""
    return driver.execute_script("""
        return Array.from(document.querySelectorAll(
            "[data-testid='stException'], [data-testid='stAlertContentError']")).map(e => e.innerText);""")


def open_page(driver, url: str, width: int) -> None:
    screenshots.set_width(driver, width)
    driver.get(url)
    screenshots.wait_idle(driver, WAIT_S)


@pytest.mark.parametrize("width, name", [(1440, name) for name in PAGES] + [(390, name) for name in NARROW])
def test_every_page_opens_without_an_error_and_is_saved_as_a_screenshot(server, browser, width, name):
    open_page(browser, server.url + PAGES[name].format(note_id=server.note_id), width)
    if name == "indicator-no-data":
        assert "No data yet" in page_text(browser)
    if name.startswith("indicator-") and name not in ("indicator-no-data", "indicator-unknown"):
        assert charts(browser), "an indicator with data draws its chart"
    if name == "indicator-unknown":
        assert "There is no indicator" in page_text(browser)
    path = screenshot(browser, f"{width}/{name}.png", server.tmp, full=True)
    assert path.stat().st_size > 5_000
    assert not errors_shown(browser), errors_shown(browser)
    assert "Traceback" not in page_text(browser)


def test_at_1280_pixels_the_overviews_key_columns_show_without_scrolling_sideways(server, browser):
    open_page(browser, server.url + "/", 1280)
    tables = browser.execute_script("""
        return Array.from(document.querySelectorAll("[data-testid='stDataFrame']")).map(t => {
            const scroller = t.querySelector('.dvn-scroller');
            return {left: scroller ? scroller.scrollLeft : null,
                    headers: Array.from(t.querySelectorAll("[role='columnheader']")).map(h => h.innerText.trim())};
        });""")
    # What was entered lately has columns of its own (figure, who, when); it must fit all the same.
    entered = [t for t in tables if "Entered by" in t["headers"]]
    assert all(t["left"] == 0 for t in entered)
    overview = [t for t in tables if t["headers"][:2] == KEY_COLUMNS[:2] and t not in entered]
    assert len(overview) >= 10  # the first screen's and every family's
    for table in overview:
        # The grid draws the columns in view; a sixth one drawn means the five before it are whole.
        assert table["headers"][:5] == KEY_COLUMNS and len(table["headers"]) >= 6, table
        assert table["left"] == 0
    assert any("Since 2020" in t["headers"] for t in overview)
    screenshot(browser, "1280/overview.png", server.tmp)


# -- in Belarusian and in Russian ------------------------------------------------------------------------

TITLES = {"be": "Барометр легітымнасці", "ru": "Барометр легитимности"}
NAVIGATION = {"be": ["Агляд", "Індыкатар", "Падзеі", "Крыніцы", "Экспарт", "Апавяшчэнні"],
              "ru": ["Обзор", "Индикатор", "События", "Источники", "Экспорт", "Оповещения"]}
LATEST = {"be": "Апошняе", "ru": "Последнее"}


@pytest.mark.parametrize("lang", ["be", "ru"])
def test_the_overview_and_an_indicator_page_open_in_belarusian_and_russian_without_an_error(server, browser, lang):
    open_page(browser, f"{server.url}/?lang={lang}", 1440)
    assert browser.find_element("tag name", "h1").text == TITLES[lang]
    assert sidebar_links(browser)[:6] == NAVIGATION[lang]
    assert not errors_shown(browser), errors_shown(browser)
    screenshot(browser, f"1440/overview-{lang}.png", server.tmp, full=True)
    open_page(browser, f"{server.url}/indicator?indicator=political_prisoners&lang={lang}", 1440)
    assert charts(browser) and LATEST[lang] in page_text(browser)
    assert not errors_shown(browser), errors_shown(browser)
    assert "Traceback" not in page_text(browser)
    screenshot(browser, f"1440/indicator-political-prisoners-{lang}.png", server.tmp, full=True)


def test_the_sidebar_switch_puts_the_language_in_the_address_and_it_survives_the_navigation(server, browser):
    open_page(browser, f"{server.url}/?lang=en", 1440)
    browser.find_element("xpath", "//section[@data-testid='stSidebar']//label[.//p[text()='Русский']]").click()
    wait_for(browser, lambda d: d.find_element("tag name", "h1").text == TITLES["ru"], "the overview in Russian")
    assert "lang=ru" in browser.current_url
    link = next(a for a in browser.find_elements("css selector", "[data-testid='stSidebarNav'] a")
                if a.text == "Индикатор")
    link.click()
    wait_for(browser, lambda d: "/indicator" in d.current_url and charts(d) and LATEST["ru"] in page_text(d),
             "the indicator page in Russian")
    assert "lang=ru" in browser.current_url
    assert sidebar_links(browser)[:6] == NAVIGATION["ru"]


# -- every page whole at every width, in every language --------------------------------------------------

WIDTHS = [1440, 1280, 390]
# Pages another change reworks at the same time, in the languages where their tables still cut text (the test
# lists what); strict, so that each tells when it no longer does.
def in_language(address: str, lang: str) -> str:
    return address + ("&" if "?" in address else "?") + f"lang={lang}"


def raw_words(driver) -> list[str]:
    """"None" or "NaN" shown as a value anywhere on the page outside the tables (whose cells cut_text.js reads):
    the word alone, or after a colon, not the start of a sentence ("None is certain.")."""
    return driver.execute_script("""
        const app = document.querySelector("[data-testid='stMain']");
        const clone = app.cloneNode(true);
        clone.querySelectorAll("[data-testid='stDataFrame']").forEach(t => t.remove());
        return (clone.innerText.match(/\\b(None|NaN)\\b(?!\\s+[a-z])/g) || []);""")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name, lang", [(n, lang) for n in PAGES for lang in ("en", "be", "ru")])
def test_every_page_shows_its_text_whole_at_every_width_in_every_language(server, browser, name, width, lang):
    """Names wrap instead of being cut, tables' columns hold their text (wrapping in taller rows), a phone's
    overview shows cards; no error box, no raw None or NaN."""
    open_page(browser, in_language(server.url + PAGES[name].format(note_id=server.note_id), lang), width)
    found = browser.execute_script(CUT_TEXT)
    assert not errors_shown(browser), errors_shown(browser)
    if name == "overview" and width == 390 and lang in ("en", "be"):
        screenshot(browser, f"{width}/overview-{lang}.png", server.tmp, full=True)
    assert found["raw"] == [] and raw_words(browser) == [], (found["raw"], raw_words(browser))
    assert found["cut"] == [], found["cut"]
