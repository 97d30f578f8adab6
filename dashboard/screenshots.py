"""Screenshots of the dashboard's pages, for the README and for looking at a change.

    python -m dashboard.screenshots OUT_DIR [--db PATH] [--width 1440] [--max-height PX] [--page NAME=PATH ...]
                                    [--lang be --lang ru ...]

Starts the dashboard on a database (by default a new one in a temporary folder, initialised as
`barometer init` does), opens each page in Debian's headless chromium at the width given, waits for
Streamlit to finish running and the charts to draw, and saves one PNG per page (per language asked for, as
NAME-LANG.png). The server and the browser
are the ones the browser test uses (`serve`, `browser`, `capture`), so what the test checks is what the
screenshots show. Everything stays on the loopback interface.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from PIL import Image
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from collectors.history import initialize_all
from indicators import settings
from indicators.model.catalogue import load_catalogue
from indicators.languages.i18n import LANGUAGES
from indicators.store import Store

from . import language
from .cli import APP, streamlit_command

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WAIT_S = 60
MAX_HEIGHT = 6000  # a page taller than this is cut at it
# The pages of the README, by file name: the overview and two indicators with figures since 2020.
README_PAGES = {
    "overview": "/",
    "indicator-covid-cases": "/indicator?indicator=covid_cases_reported",
    "indicator-internet-freedom": "/indicator?indicator=internet_freedom_score",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, log: Path, timeout: float = WAIT_S) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(f"the dashboard stopped before serving:\n{log.read_text()}") from None
            time.sleep(0.3)
    raise TimeoutError(f"nothing listened on port {port} within {timeout:.0f} s")


def server_command(db_path: Path, port: int, *, editor: bool) -> tuple[list[str], dict[str, str]]:
    """The server's command line and environment: read-only as the public sees it, unless `editor`."""
    argv, env = streamlit_command(db_path, port=port, address="127.0.0.1")
    env.pop(settings.EDITOR_PASSWORD.name, None)
    if editor:
        env.pop(settings.READONLY.name, None)
    else:
        env[settings.READONLY.name] = "1"
    return argv, env


@contextlib.contextmanager
def serve(db_path: Path, log: Path, *, editor: bool = False, env_overrides: dict | None = None) -> Iterator[str]:
    """The dashboard on a free loopback port for as long as the block runs; its URL. By default it is served
    read-only, as the public sees it (no confidential note or source, no editing pages): pictures are made to
    be published. `editor` serves it editable, without a password, for tests of the editing pages."""
    port = free_port()
    argv, env = server_command(db_path, port, editor=editor)
    env.update(env_overrides or {})
    with running(argv, env, APP.parent, port, log) as url:
        yield url


@contextlib.contextmanager
def running(argv: list[str], env: dict[str, str], cwd: Path, port: int, log: Path) -> Iterator[str]:
    """A Streamlit server started from `argv` for as long as the block runs, once it listens on `port` on the
    loopback interface; its URL. Its output goes to `log`; it is stopped however the block ends."""
    with open(log, "wb") as out:
        proc = subprocess.Popen(argv, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_for_port(port, proc, log)
            yield f"http://127.0.0.1:{port}"
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


@contextlib.contextmanager
def browser(profile: Path, width: int = 1440, height: int = 1000) -> Iterator[webdriver.Chrome]:
    """Headless chromium with nothing of its own reaching the network."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--hide-scrollbars", f"--window-size={width},{height}",
                f"--user-data-dir={profile}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def set_width(driver: webdriver.Chrome, width: int, height: int = 1000) -> None:
    """The viewport (not the window) `width` pixels wide."""
    driver.set_window_size(width, height)
    inner = driver.execute_script("return window.innerWidth")
    driver.set_window_size(width + (width - inner), height)


def idle(driver: webdriver.Chrome) -> bool:
    """Streamlit has run the page: the app is drawn, its script is not running and nothing is still loading."""
    return driver.execute_script("""
        const app = document.querySelector("[data-testid='stApp']");
        if (!app || app.getAttribute('data-test-script-state') === 'running') return false;
        if (document.querySelector("[data-testid='stSkeleton'], [data-testid='stSpinner']")) return false;
        return !!document.querySelector("[data-testid='stMainBlockContainer'] h1, [data-testid='stMainBlockContainer'] [data-testid='stAlert']");
    """)


def wait_idle(driver: webdriver.Chrome, timeout: float = WAIT_S, settle: float = 1.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if idle(driver):
            time.sleep(settle)  # charts draw after the script has finished
            if idle(driver):
                return
        time.sleep(0.3)
    raise TimeoutError(f"{driver.current_url} did not finish within {timeout:.0f} s")


def content_height(driver: webdriver.Chrome) -> int:
    """How tall the page's content is: Streamlit scrolls its main area, not the document."""
    return int(driver.execute_script("""
        const main = document.querySelector("[data-testid='stMain']");
        return Math.max(document.documentElement.scrollHeight, main ? main.scrollHeight : 0);
    """))


def capture(driver: webdriver.Chrome, path: Path, *, full: bool = True, max_height: int = MAX_HEIGHT) -> Path:
    """A PNG of the page (all of it when `full`, up to `max_height`), saved with a reduced palette so that
    it stays small."""
    width = driver.execute_script("return window.innerWidth")
    if full:
        size = driver.get_window_size()
        extra = size["height"] - driver.execute_script("return window.innerHeight")
        height = min(content_height(driver), max_height)
        driver.set_window_size(size["width"], height + extra)
        time.sleep(0.6)
    png = driver.get_screenshot_as_png()
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image = image.crop((0, 0, min(width, image.width), image.height))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(path, optimize=True)
    return path


def in_language(pages: dict[str, str], lang: str) -> dict[str, str]:
    """The pages as read in `lang`: each address with `lang=` added, each name with `-lang` added."""
    return {f"{name}-{lang}": address + ("&" if "?" in address else "?") + f"{language.PARAM}={lang}"
            for name, address in pages.items()}


def shoot(url: str, pages: dict[str, str], out_dir: Path, driver: webdriver.Chrome, width: int,
          max_height: int = MAX_HEIGHT) -> list[Path]:
    saved = []
    for name, address in pages.items():
        set_width(driver, width)
        driver.get(url + address)
        wait_idle(driver)
        saved.append(capture(driver, out_dir / f"{name}.png", max_height=max_height))
    return saved


def initialised(folder: Path) -> Path:
    """A new database with everything `barometer init` loads."""
    path = folder / "data.db"
    with Store.open(path) as store:
        initialize_all(store, load_catalogue())
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard.screenshots", description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, help="folder for the PNG files")
    parser.add_argument("--db", type=Path, default=None, help="database (default: a new one, initialised)")
    parser.add_argument("--width", type=int, default=1440, help="viewport width in pixels (default 1440)")
    parser.add_argument("--max-height", type=int, default=MAX_HEIGHT,
                        help=f"cut taller pages at this many pixels (default {MAX_HEIGHT})")
    parser.add_argument("--editor", action="store_true",
                        help="show the pages as an editor sees them, confidential notes and sources included: "
                             "never for publishing (default: read-only, as the public sees them)")
    parser.add_argument("--page", action="append", default=[], metavar="NAME=PATH",
                        help="a page to shoot, e.g. events=/events (default: the README's pages)")
    parser.add_argument("--lang", action="append", default=[], choices=LANGUAGES,
                        help="read the pages in this language, saved as NAME-LANG.png; may be given more than once "
                             "(default: the server's language, saved as NAME.png)")
    args = parser.parse_args(argv)
    pages = dict(p.split("=", 1) for p in args.page) or README_PAGES
    if args.lang:
        pages = {name: address for lang in args.lang for name, address in in_language(pages, lang).items()}
    with tempfile.TemporaryDirectory(prefix="barometer-screens-") as tmp:
        work = Path(tmp)
        db = args.db.resolve() if args.db else initialised(work)
        with serve(db, work / "streamlit.log", editor=args.editor) as url, \
                browser(work / "profile", args.width) as driver:
            for path in shoot(url, pages, args.out_dir, driver, args.width, args.max_height):
                print(f"{path} ({path.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
