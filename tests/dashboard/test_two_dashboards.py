"""Two `barometer dashboard` processes on one database while `barometer import` runs: pages keep loading without
an error, nothing imported is lost or doubled, and each dashboard shows the new figures on its next run.

Both servers are real (`barometer dashboard`, headless, each on its own port), the import is the real command in
its own processes, and the pages are loaded by the browser the browser test uses."""
import subprocess
import sys
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest

from collectors.history import initialize_all
from indicators.model.catalogue import load_catalogue
from dashboard import screenshots
from indicators.input import imports
from indicators.store import Store

ROOT = Path(__file__).resolve().parents[2]
INDICATOR = "political_prisoners"  # a level: its latest figure is the one with the latest period
ROWS, MOST_IMPORTS = 2_000, 60  # imports run one after another until the pages have loaded ROUNDS times
ROUNDS = 2
LATEST = 4321
WAIT_S = 90

pytestmark = [pytest.mark.both_backends,
              pytest.mark.skipif(not Path(screenshots.CHROMIUM).exists(), reason="Debian chromium is not installed")]


def import_file(path: Path, batch: int) -> Path:
    """ROWS daily figures from 2000, each with a source of its own; the first batch ends with yesterday's figure,
    LATEST."""
    first = date(2000, 1, 1)
    lines = [",".join(imports.COLUMNS)]
    for n in range(ROWS):
        day, value = first + timedelta(days=n), 1000 + n
        if batch == 0 and n == ROWS - 1:
            day, value = date.today() - timedelta(days=1), LATEST
        lines.append(f"{INDICATOR},{value},{day},,exact,,,https://import.example.org/{batch}/{n},,importer")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def dashboard(target, port: int, log: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "indicators.cli", "--db", str(target), "dashboard", "--port",
                             str(port), "--address", "127.0.0.1"], cwd=ROOT, stdout=log.open("wb"),
                            stderr=subprocess.STDOUT, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT),
                                                           "HOME": str(log.parent)})


def latest_shown(driver, url: str) -> str:
    """The indicator page's "Latest" figure, as the browser shows it once the page has run."""
    driver.get(f"{url}/indicator?indicator={INDICATOR}")
    screenshots.wait_idle(driver, WAIT_S)
    errors = driver.execute_script("""return Array.from(document.querySelectorAll(
        "[data-testid='stException'], [data-testid='stAlertContentError']")).map(e => e.innerText);""")
    assert not errors, errors
    return driver.execute_script("""return Array.from(document.querySelectorAll("[data-testid='stMetric']"))
        .filter(m => m.innerText.startsWith('Latest')).map(m => m.innerText)[0];""")


def test_two_dashboards_and_an_import_at_once_lose_nothing_and_both_show_the_new_figures(db_target, tmp_path):
    target = db_target
    with Store.open(target) as store:
        initialize_all(store, load_catalogue())
        before = len(store.observations(INDICATOR))
    ports = [screenshots.free_port(), screenshots.free_port()]
    servers = [dashboard(target, port, tmp_path / f"dashboard-{port}.log") for port in ports]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    outcomes, stop = [], threading.Event()

    def import_all():
        for batch in range(MOST_IMPORTS):
            if stop.is_set():
                return
            file = import_file(tmp_path / f"batch-{batch}.csv", batch)
            done = subprocess.run([sys.executable, "-m", "indicators.cli", "--db", str(target), "import", str(file)],
                                  cwd=ROOT, capture_output=True, text=True, env={"PATH": "/usr/bin:/bin",
                                                                                  "PYTHONPATH": str(ROOT)})
            outcomes.append((done.returncode, done.stdout + done.stderr))

    try:
        for port, server in zip(ports, servers):
            screenshots.wait_for_port(port, server, tmp_path / f"dashboard-{port}.log")
        with screenshots.browser(tmp_path / "profile", 1440, 1000) as driver:
            shown_before = [latest_shown(driver, url) for url in urls]
            assert all(shown and f"{LATEST:,}" not in shown for shown in shown_before), shown_before
            importer = threading.Thread(target=import_all)
            importer.start()
            during = 0  # page loads that ended while imports were still running
            for _ in range(ROUNDS):
                for url in urls:
                    latest_shown(driver, url)
                    during += importer.is_alive()
            stop.set()
            importer.join()
            shown_after = [latest_shown(driver, url) for url in urls]
    finally:
        stop.set()
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
    assert during == 2 * ROUNDS, f"the imports ended before the pages had loaded {ROUNDS} times"
    assert [code for code, _ in outcomes] == [0] * len(outcomes), outcomes
    assert all(f"imported {ROWS:,} observations" in out for _, out in outcomes), outcomes
    assert all(f"{LATEST:,}" in shown for shown in shown_after), shown_after
    with Store.open(target) as store:
        rows = store.observations(INDICATOR)
    imported = [r for r in rows if r["entered_by"] == "importer"]
    assert len(rows) == before + len(outcomes) * ROWS
    assert len({r["source_url"] for r in imported}) == len(imported) == len(outcomes) * ROWS
