"""`barometer list` at scale: every indicator summarised (latest, baseline, change) from the synthetic store."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from . import anchors
from .synthetic import stored_db


def measure(size: str, workdir: Path) -> tuple[int, dict]:
    from click.testing import CliRunner

    from indicators.cli.main import cli
    from indicators.store import Store

    path, catalogue_path = stored_db(size, Path(workdir))
    os.environ["BAROMETER_CATALOGUE"] = str(catalogue_path)
    with Store.open(path) as store:
        rows = store.conn.execute("SELECT count(*) FROM observations").fetchone()[0]
    timings = {}
    for name, args in (("list_s", ["list"]), ("list_json_s", ["list", "--json"])):
        started = time.perf_counter()
        result = CliRunner().invoke(cli, ["--db", str(path), *args])
        timings[name] = time.perf_counter() - started
        if result.exit_code != 0:
            raise RuntimeError(result.output)
    started = time.perf_counter()  # the whole command, as a user waits for it, beside an empty Python process
    subprocess.run([sys.executable, "-m", "indicators.cli", "--db", str(path), "list"], check=True,
                   capture_output=True)
    timings["list_command_s"] = time.perf_counter() - started
    timings["anchor_python_s"] = anchors.python_pass_s()
    return rows, timings


def run(size: str = "730k") -> dict:
    rows, timings = measure(size, Path(__file__).resolve().parent / "work")
    return {"rows": rows, **timings}


if __name__ == "__main__":
    print(run(*sys.argv[1:2]))
