"""`barometer dashboard`: serve the dashboard on the database in use (initialised first if new)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import click

from collectors.history import initialize_all
from indicators import access
from indicators import settings
from indicators.model.catalogue import load_catalogue
from indicators.languages.i18n import _, data_language
from indicators.store import Store, is_url

APP = Path(__file__).resolve().with_name("app.py")
SERVE = APP.with_name("serve.py")


def streamlit_command(db_path: str | Path, *, port: int | None = None, address: str = "localhost",
                      catalogue_path: str | None = None) -> tuple[list[str], dict[str, str]]:
    """The `streamlit run` command line and environment for a database (a file made absolute, so the
    dashboard reads the same file whatever its working directory; a PostgreSQL URL as given).

    The browser address is always given, because otherwise a headless Streamlit asks a service on the
    internet for the machine's external IP, and the dashboard must make no outside call. Error details
    are never shown to visitors (app.py shows an error id and logs the rest), whichever config is read. The
    dashboard's default language is the command's (`barometer --lang be dashboard`, else $BAROMETER_LANG)."""
    shown = "localhost" if address in ("0.0.0.0", "::") else address
    argv = [sys.executable, str(SERVE), "run", str(APP), "--server.headless", "true",
            "--browser.gatherUsageStats", "false", "--server.address", address,
            "--browser.serverAddress", shown, "--client.showErrorDetails", "none"]
    if port is not None:
        argv += ["--server.port", str(port)]
    env = {**os.environ, settings.DB.name: str(db_path) if is_url(str(db_path)) else str(Path(db_path).resolve()),
           settings.LANG.name: data_language()}
    if catalogue_path:
        env[settings.CATALOGUE.name] = str(Path(catalogue_path).resolve())
    return argv, env


def prepare(db_path: str | Path, catalogue_path: str | None = None) -> bool:
    """Run `init` (catalogue, figures, events and the recorded history) on a database without a schema yet;
    True when it did."""
    target = str(db_path)
    if is_url(target) or (Path(target).exists() and Path(target).stat().st_size > 0):
        with Store.open(target, migrate=False) as store:
            if store.applied_versions():
                return False
    access.require_writable()
    with Store.open(target) as store:
        initialize_all(store, load_catalogue(catalogue_path))
    return True


@click.command()
@click.option("--db", "db_path", default=None, metavar="PATH|URL",
              help="SQLite database file or postgresql:// URL (default: the global --db, $BAROMETER_DB or "
                   "./data.db).")
@click.option("--port", type=int, default=None, help="Port to serve on (default: Streamlit's, 8501).")
@click.option("--address", default="localhost", show_default=True,
              help="Address to listen on; 0.0.0.0 to serve other machines (a deployment).")
@click.pass_context
def dashboard(ctx: click.Context, db_path: str | None, port: int | None, address: str) -> None:
    """Open the dashboard in a browser: every indicator against its 2020 baseline.

    Example: barometer dashboard --db data.db
    """
    path = db_path or ctx.obj["db_path"]
    catalogue_path = ctx.find_root().obj.get("catalogue_path")
    if prepare(path, catalogue_path):
        click.echo(_("{path}: initialised (catalogue, paper and cited figures, events and the recorded history)").format(
            path=path))
    argv, env = streamlit_command(path, port=port, address=address, catalogue_path=catalogue_path)
    ctx.exit(run(argv, env))


def run(argv: list[str], env: dict[str, str]) -> int:
    """Run Streamlit from the app's folder (so that its .streamlit/config.toml, the offline settings, applies)
    such that stopping this command stops the server: on POSIX the process becomes Streamlit (same PID), so a
    SIGTERM or Ctrl-C reaches the server itself and frees its port; elsewhere the server is a child that a
    signal to this process is passed on to."""
    sys.stdout.flush()
    sys.stderr.flush()
    if os.name == "posix":
        os.chdir(APP.parent)
        os.execve(argv[0], argv, env)  # does not return
    child = subprocess.Popen(argv, env=env, cwd=APP.parent)
    forward = lambda signum, _frame: child.send_signal(signum)  # noqa: E731
    previous = {s: signal.signal(s, forward) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        return child.wait()
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
