"""In a real browser, a note holding markup shows as literal text and runs nothing."""
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from indicators import entry

ROOT = Path(__file__).parents[2]
NOTE = "<script>alert(1)</script> <img src=x onerror=alert(2)> **not bold** [link](javascript:alert(3))"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(seeded, catalogue, db_path, tmp_path):
    obs_id = entry.add(seeded, catalogue, {
        "indicator_id": "arbitrary_detentions", "value": "5", "period_start": "2021-03-01",
        "source_url": "https://spring96.org/en/news/101", "entered_by": "analyst", "note": NOTE})
    port = free_port()
    env = {**os.environ, "BAROMETER_DB": str(db_path), "PYTHONPATH": str(ROOT)}
    env.pop("BAROMETER_READONLY", None)
    env.pop("BAROMETER_EDITOR_PASSWORD", None)
    log = (tmp_path / "streamlit.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard/pages/edit.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base}/_stcore/health", timeout=1)
            break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail((tmp_path / "streamlit.log").read_text())
            time.sleep(0.3)
    yield f"{base}/?observation={obs_id}"
    proc.terminate()
    proc.wait(timeout=20)
    log.close()


@pytest.fixture
def browser(tmp_path):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    yield driver
    driver.quit()


def test_a_note_with_a_script_tag_shows_as_text_and_runs_nothing(server, browser):
    browser.get(server)
    WebDriverWait(browser, 60).until(
        lambda d: any(NOTE in e.text for e in d.find_elements(By.CSS_SELECTOR, '[data-testid="stText"]')))
    time.sleep(1)  # give any injected script the chance to fire
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018 - raises when no alert is open
    assert not browser.find_elements(By.XPATH, "//script[contains(., 'alert(1)')]")
    assert not browser.find_elements(By.CSS_SELECTOR, "img[src='x']")
    assert not browser.find_elements(By.XPATH, "//a[starts-with(@href, 'javascript:')]")
