"""What the dashboard shows when things go wrong: remote text as plain text (never live markdown), and to
visitors a short message with an error id instead of a traceback, the details logged under that id."""
import json
import logging
import re
import tomllib
from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard.cli import APP, streamlit_command

from .conftest import run

PAGES = Path(APP).parent / "pages"
EVIL = "[Session expired](https://evil.example/login) ![p](https://evil.example/p.png)"


def markdown_texts(at) -> list[str]:
    """Every text Streamlit renders as markdown on the page."""
    out = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "warning", "error", "info", "success"):
        out += [element.value for element in getattr(at, kind)]
    return out


def test_a_remote_error_is_never_rendered_as_markdown(initialized, httpserver, monkeypatch):
    """A service's own error text, fetched (a local file's never reaches the log: test_local_files.py)."""
    monkeypatch.setenv("BAROMETER_OONI_URL", httpserver.url_for("/ooni"))
    httpserver.expect_request("/ooni/api/v1/aggregation").respond_with_data(json.dumps({"error": EVIL}),
                                                                            content_type="application/json")
    result = run(initialized, "collect", "ooni", "--since", "2021-07-09", "--until", "2021-07-10",
                 env={"BAROMETER_OONI_URL": httpserver.url_for("/ooni")})
    assert result.exit_code == 1 and "FAILED" in result.output
    monkeypatch.setenv("BAROMETER_DB", str(initialized))
    for readonly in ("1", ""):
        monkeypatch.setenv("BAROMETER_READONLY", readonly)
        at = AppTest.from_file(str(PAGES / "sources.py"), default_timeout=30).run()
        assert not at.exception
        assert not any("evil.example" in text for text in markdown_texts(at))
        assert any(EVIL in code.value for code in at.code)  # shown, as plain text
        table = at.dataframe[0].value
        assert EVIL in table[table["source"] == "ooni"].iloc[0]["error"]


def test_no_page_puts_stored_or_remote_text_into_markdown_unescaped():
    """Every markdown element of every page is a constant, or escaped, or a catalogue text (configuration)."""
    allowed = re.compile(r"escape_markdown\(|^st\.\w+\(\"[^{]*\"\)$|catalogue|ind\.|family_name|"
                         r"\{(saved_id|duplicate|len\(ids\)|ids\[0\]|ids\[-1\]|shown|h\.total|start|end|obs_id|"
                         r"result\.(added|revised)|source|row\['indicator_id'\]|row\['status'\]|where|"
                         r"error_id|format_estimate|result\.wait_s)")
    calls = re.compile(r"st\.(markdown|caption|title|header|subheader|warning|error|info|success|write)\((.*)")
    for page in [*PAGES.glob("*.py"), Path(APP), Path(APP).with_name("auth.py")]:
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            found = calls.search(line)
            if found and "f\"" in found.group(2):
                assert allowed.search(line), f"{page.name}:{number}: {line.strip()}"


def test_visitors_never_get_tracebacks():
    config = tomllib.loads((Path(APP).parent / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"  # "false" would still show the traceback
    argv, _ = streamlit_command("data.db")
    assert argv[argv.index("--client.showErrorDetails") + 1] == "none"


def test_a_failing_page_shows_an_error_id_and_logs_the_details_under_it(tmp_path, monkeypatch, caplog):
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)  # a header, then garbage
    monkeypatch.setenv("BAROMETER_DB", str(broken))
    monkeypatch.delenv("BAROMETER_READONLY", raising=False)
    with caplog.at_level(logging.ERROR, logger="barometer.dashboard"):
        at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    (message,) = [e.value for e in at.error]
    error_id = re.search(r"error id ([0-9a-f]{12})", message).group(1)
    assert "Traceback" not in message and "DatabaseError" not in message and str(broken) not in message
    record = next(r for r in caplog.records if error_id in r.getMessage())
    assert record.exc_info is not None  # the traceback is in the log, under the same id
