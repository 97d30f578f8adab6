"""The published file served by a real Datasette on loopback: its JSON API and full-text search give the public
figures, and no confidential note, source or citation, whatever is asked."""
import json
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest

from indicators.public.database import metadata_path, publish

from .test_publish import AS_OF, PUBLIC_NOTE, SECRET_CITATION, SECRET_NOTE, SECRET_SOURCE, SECRETS, with_secrets

pytestmark = pytest.mark.both_backends


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(seeded, catalogue, tmp_path):
    """The public copy of a store holding confidential figures, served by `datasette` until the test ends."""
    out = tmp_path / "public.db"
    publish(with_secrets(seeded), catalogue, out, as_of=AS_OF)
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "datasette", "serve", str(out), "-m", str(metadata_path(out)),
                             "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/-/versions.json", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"datasette did not start: {proc.stdout.read().decode(errors='replace')}")
                time.sleep(0.2)
        yield base
    finally:
        proc.kill()
        proc.wait(timeout=10)
        proc.stdout.close()


def get(base: str, path: str, **params) -> tuple[str, object]:
    url = f"{base}{path}" + (f"?{urllib.parse.urlencode(params)}" if params else "")
    text = urllib.request.urlopen(url, timeout=30).read().decode("utf-8")
    return text, json.loads(text)


def test_the_json_api_gives_the_public_figures(served):
    _, figures = get(served, "/public/observations.json", _shape="array", indicator_id="arbitrary_detentions",
                     period_start="2021-03-01")
    assert [(f["value"], f["note_en"]) for f in figures] == [(120.0, PUBLIC_NOTE)]
    _, readings = get(served, "/public/readings.json", _shape="array", indicator_id="political_prisoners")
    assert readings[0]["latest_low"] == 460 and readings[0]["as_of"] == AS_OF.isoformat()
    _, meta = get(served, "/-/metadata.json")
    assert "observations" in meta["databases"]["public"]["tables"]


def test_readings_open_faceted_by_verdict_and_freshness(served, catalogue):
    _, page = get(served, "/public/readings.json", _size="0")
    facets = page["facet_results"]
    facets = facets.get("results", facets)  # Datasette 1.0 nests them
    assert {"verdict", "freshness"} <= set(facets)
    assert sum(v["count"] for v in facets["verdict"]["results"]) == len(catalogue.indicators)


def test_full_text_search_finds_public_notes_and_citations_and_no_confidential_text(served):
    _, found = get(served, "/public/observations.json", _shape="array", _search="Viasna volunteers")
    assert [f["note_en"] for f in found] == [PUBLIC_NOTE]
    _, cited = get(served, "/public/observations.json", _shape="array", _search="120 detained March")
    assert [f["citation"] for f in cited] == ["Viasna: 120 detained in March"]
    for words in ("Zhenya", "witness", "Kupalinka", "private_chat_4242", "closed chat"):
        _, hits = get(served, "/public/observations.json", _shape="array", _search=words)
        assert hits == [], words


def test_no_query_of_the_served_file_returns_confidential_text(served):
    answers = [get(served, f"/public/{table}.json", _shape="array", _size="max")[1]
               for table in ("observations", "sources", "payloads", "events", "readings", "indicators", "about")]
    answers.append(get(served, "/public.json", _shape="array", sql=(
        "select group_concat(coalesce(note, '') || coalesce(note_en, '') || coalesce(citation, '') || "
        "coalesce(source_url, ''), ' ') as all_text from observations"))[1])
    blob = json.dumps(answers, ensure_ascii=False)  # escapes decoded: the text a reader of the API gets
    assert PUBLIC_NOTE in blob
    assert [s for s in (*SECRETS, SECRET_NOTE, SECRET_SOURCE, SECRET_CITATION) if s in blob] == []
