"""Properties under generated hostile input, for validation, the CLI, imports and every collector's parser:
either a clear refusal (a ValidationError or exit 2 naming the field, a failed run naming its source) with
the database unchanged, or values stored that read back exactly as given."""
from __future__ import annotations

import csv
import io
import json
import math
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from collectors import runner
from collectors.registry import REGISTRY
from indicators.input import imports
from indicators.model import text_policy
from indicators.model.catalogue import CATALOGUE_PATH, load_catalogue
from indicators.seed import initialize
from indicators.store import Store
from indicators.model.validation import DATE_MAX, DATE_MIN, MAX_MAGNITUDE, ValidationError, validate
from tests.collectors.conftest import TEST_INDICATORS
from tests.collectors.helpers import FIXTURES
from tests.collectors.test_cli import CASES
from tests.backends import table_digest

from .conftest import run

TODAY = date(2026, 1, 15)
FIELDS = {"indicator_id", "value", "value_low", "value_high", "qualifier", "period_start", "period_end",
          "source_url", "note", "citation", "entered_by", "collector", "note_confidential", "source_confidential"}
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                           HealthCheck.function_scoped_fixture])

# -- hostile values -------------------------------------------------------------------------------------

NASTY = "\x00\x07\x08\x0b\x0c\x1b\x7f\x85\x9b\u061c\u200e\u200f\u202a\u202e\u2066\u2069\u2028\ufeff\uffff\t\n\r"
CHARS = st.one_of(st.characters(codec="utf-8"), st.sampled_from(NASTY), st.sampled_from("=+-@'\"<>[]()!*_`$:"))
TEXT = st.one_of(
    st.text(CHARS, max_size=30),
    st.builds(lambda c, n: c * n, st.sampled_from("ab\u202e"), st.integers(1990, 2010)),  # around the limits
    st.sampled_from(["", "   ", "plain", "Свидетель «цитата»", "=HYPERLINK(\"http://x\")"]),
)
NUMBER_TEXT = st.one_of(
    st.from_regex(r"[+-]?[0-9_,. ]{1,25}([eE][+-]?[0-9]{1,4})?", fullmatch=True),
    st.sampled_from(["nan", "inf", "-Infinity", "1e308", "99999999999999999999999", "0x10", "٣", "1_140",
                     "0.30000000000000001", "1e15", "-0", "1e-320"]),
    st.decimals(allow_nan=False, allow_infinity=False, places=None).map(str),
)
NUMBER = st.one_of(NUMBER_TEXT, st.integers(-(10 ** 40), 10 ** 40), st.floats(), st.none(), st.booleans(), TEXT)
DATE = st.one_of(
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.dates(min_value=date(1985, 1, 1), max_value=date(2105, 1, 1)).map(date.isoformat),
    st.from_regex(r"20[0-9]{2}-[0-9]{2}-[0-9]{2}([T ].{0,14})?", fullmatch=True),
    TEXT,
)
URL = st.one_of(
    st.builds(lambda scheme, rest: f"{scheme}://{rest}", st.sampled_from(["http", "https", "HTTP", "ftp", "javascript"]),
              st.text(CHARS, max_size=40)),
    st.builds(lambda n: "https://example.org/" + "a" * n, st.integers(1970, 2000)),
    st.sampled_from(["http://:", "http://[::1", "http://a:99999/", "https://example.org/ok", " https://e.org/x "]),
    TEXT,
)
SAFE_TEXT = st.text(st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"]), min_size=1, max_size=40)
GOOD = {
    "indicator_id": st.sampled_from(["arbitrary_detentions", "protest_rallies"]),
    "qualifier": st.sampled_from(["exact", "at_least", "approx"]),
    "value": st.one_of(st.integers(0, 10 ** 9), st.integers(0, 10 ** 9).map(str),
                       st.decimals(0, 10 ** 6, places=2).map(str)),
    "period_start": st.dates(date(2015, 1, 1), date(2020, 12, 31)).map(date.isoformat),
    "source_url": st.builds(lambda path: "https://example.org/" + path, st.from_regex(r"[a-z0-9/?=&%.-]{0,40}",
                                                                                      fullmatch=True)),
    "note": SAFE_TEXT, "citation": SAFE_TEXT,
    "entered_by": SAFE_TEXT.filter(lambda t: t.strip()),
}
HOSTILE = {
    "indicator_id": st.one_of(TEXT, st.just("trust_president_minsk")),
    "qualifier": st.sampled_from(["", "bogus", "range"]),
    "value": NUMBER, "value_low": NUMBER, "value_high": NUMBER,
    "period_start": DATE, "period_end": DATE,
    "source_url": URL, "note": TEXT, "citation": TEXT, "entered_by": TEXT,
}


@st.composite
def hostile_record(draw, fields=tuple(GOOD), extra=("value_low", "value_high", "period_end")):
    """A good record with none, one or two of its fields (or `extra` ones) made hostile: some are stored,
    most refused."""
    record = {field: draw(GOOD[field]) for field in fields}
    for field in draw(st.lists(st.sampled_from(sorted((set(fields) | set(extra)) & set(HOSTILE))),
                               max_size=2, unique=True)):
        record[field] = draw(HOSTILE[field])
    return record


RECORD = hostile_record()


def same_number(given, stored: float) -> bool:
    """The stored float is exactly the number given: the same int, float, or decimal text."""
    if isinstance(given, str):
        return Decimal(given.strip()) == Decimal(repr(stored))
    return stored == given and (not isinstance(given, int) or int(stored) == given)


def check_stored(record: dict, row: dict) -> None:
    for key in ("note", "citation"):
        given = record.get(key)
        assert row[key] == (None if given is None or not str(given).strip() else str(given))
        if row[key] is not None:
            assert text_policy.problem(key, row[key]) is None
    assert row["entered_by"] == str(record["entered_by"]).strip()
    assert row["source_url"] == str(record["source_url"]).strip()
    for key in ("value", "value_low", "value_high"):
        if row[key] is not None:
            assert same_number(record[key], row[key]) and abs(row[key]) <= MAX_MAGNITUDE
    assert DATE_MIN.isoformat() <= row["period_start"] <= row["period_end"] <= DATE_MAX.isoformat()


@pytest.fixture(scope="module")
def seeded_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("props") / "data.db"
    with Store.open(path) as store:
        initialize(store, load_catalogue())
    return path


# -- validation -----------------------------------------------------------------------------------------

@SETTINGS
@given(record=RECORD)
def test_validation_refuses_naming_fields_or_stores_exactly(seeded_path, record):
    catalogue = load_catalogue()
    try:
        obs = validate(record, catalogue, today=TODAY)
    except ValidationError as exc:
        assert exc.errors and {e.field for e in exc.errors} <= FIELDS
        event("refused")
        return
    event("stored")
    with Store.open(seeded_path) as store:
        (obs_id,) = store.append([obs])
        check_stored(record, store.get(obs_id))


# -- the CLI --------------------------------------------------------------------------------------------

@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(record=hostile_record(["value", "period_start", "note", "entered_by", "source_url"], extra=()))
def test_barometer_add_exits_2_with_the_database_unchanged_or_stores_exactly(seeded_path, record):
    record = {k: str(v) for k, v in record.items()}
    args = ["add", "arbitrary_detentions", record["value"], "--start", record["period_start"], "--note",
            record["note"], "--by", record["entered_by"], "--source", record["source_url"]]
    if any(c == "\x00" for a in args for c in a) or record["value"].startswith("-"):
        return  # not expressible as a command-line argument
    if not record["entered_by"].strip():
        return  # --by "" means the default enterer
    before = table_digest(seeded_path)
    result = run(seeded_path, *args)
    assert result.exit_code in (0, 2), result.output
    if result.exit_code == 2:
        assert "Error:" in result.output and table_digest(seeded_path) == before
        event("refused")
        return
    event("stored")
    with Store.open(seeded_path) as store:
        check_stored(record, store.get(int(result.output)))


# -- imports --------------------------------------------------------------------------------------------

ROW = hostile_record(["indicator_id", "value", "qualifier", "period_start", "source_url", "note", "entered_by"])


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(ROW, min_size=1, max_size=4))
def test_an_import_is_refused_whole_or_stored_exactly(seeded_path, tmp_path_factory, rows):
    if not all(_utf8(str(v)) for r in rows for v in r.values()):
        return  # a CSV file is UTF-8 text
    path = tmp_path_factory.mktemp("import") / "rows.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(imports.COLUMNS), restval="")
        writer.writeheader()
        writer.writerows(rows)
    read_back = [record for _, record in imports.iter_lines(path)]  # what the file holds, as the import reads it
    before = table_digest(seeded_path)
    result = run(seeded_path, "import", path, "--allow-duplicate")
    assert result.exit_code in (0, 2), result.output
    if result.exit_code == 2:
        assert table_digest(seeded_path) == before
        event("refused")
        return
    event("stored")
    first, last = (int(x) for x in result.output.split("(ids ")[1].rstrip(")\n").split("–"))
    with Store.open(seeded_path) as store:
        for record, obs_id in zip(read_back, range(first, last + 1)):
            check_stored(record, store.get(obs_id))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cell=st.one_of(st.from_regex(r"[-+0-9.eE]{1,30}", fullmatch=True),
                      st.sampled_from(["NaN", "INF", "1e999", "9" * 400, "9" * 5000, "", "0x1"])))
def test_an_xlsx_number_cell_is_refused_or_stored_exactly(seeded_path, tmp_path_factory, cell):
    book = Workbook()
    book.active.append(list(imports.COLUMNS))
    book.active.append(["arbitrary_detentions", 424242, "2020-05-06", None, None, None, None,
                        "https://example.org/x", "n", "a"])
    buf = io.BytesIO()
    book.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<v>424242</v>", b"<v>" + cell.encode() + b"</v>")
            zout.writestr(info, data)
    path = tmp_path_factory.mktemp("xlsx") / "in.xlsx"
    path.write_bytes(out.getvalue())
    before = table_digest(seeded_path)
    result = run(seeded_path, "import", path, "--allow-duplicate")
    assert result.exit_code in (0, 2), result.output
    if result.exit_code == 2:
        assert "line" in result.output and table_digest(seeded_path) == before
        event("refused")
        return
    event("stored")
    first = int(result.output.split("(ids ")[1].split("–")[0])
    with Store.open(seeded_path) as store:
        stored = store.get(first)["value"]
    assert math.isfinite(stored) and stored == float(cell)  # the double the cell holds, exactly
    if cell.lstrip("+-").isdigit():
        assert int(stored) == int(cell)


# -- every collector's parser, on its own recorded payload made hostile ---------------------------------

LEAF = st.one_of(st.none(), st.booleans(), st.integers(-(2 ** 70), 2 ** 70),
                 st.floats(allow_nan=False, allow_infinity=False), TEXT.filter(_utf8),
                 st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.integers(), max_size=1),
                 st.sampled_from(["2020-08-01", "2020-08-01T00:00:00", "20260514T014500Z", "2021010100", "1_000",
                                  "1e308", "0.5", "-1", "9" * 30]))


def _paths(doc, path=()):
    yield path
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from _paths(value, (*path, key))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            yield from _paths(value, (*path, i))


def _replace(doc, path, value):
    if not path:
        return value
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return doc


@st.composite
def hostile_json(draw, raw: bytes):
    doc = json.loads(raw)
    for _ in range(draw(st.integers(1, 3))):
        paths = list(_paths(doc))
        path = draw(st.sampled_from(paths))
        if draw(st.booleans()) and path and isinstance(_get(doc, path[:-1]), list):
            node = _get(doc, path[:-1])
            node.append(json.loads(json.dumps(node[path[-1]])))  # an element given twice
        else:
            doc = _replace(doc, path, draw(LEAF))
    return json.dumps(doc).encode("utf-8")


def _get(doc, path):
    for key in path:
        doc = doc[key]
    return doc


@st.composite
def hostile_csv(draw, raw: bytes):
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"))))
    for _ in range(draw(st.integers(1, 3))):
        r = draw(st.integers(0, len(rows) - 1))
        if draw(st.integers(0, 4)) == 0:
            rows.append(list(rows[r]))  # a row given twice
        else:
            c = draw(st.integers(0, len(rows[r]) - 1))
            rows[r][c] = str(draw(LEAF))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


@pytest.fixture(scope="module")
def collector_catalogue(tmp_path_factory):
    path = tmp_path_factory.mktemp("catalogue") / "catalogue.toml"
    path.write_text(CATALOGUE_PATH.read_text(encoding="utf-8") + TEST_INDICATORS, encoding="utf-8")
    return load_catalogue(path)


@pytest.fixture(scope="module")
def collector_store(tmp_path_factory, collector_catalogue):
    store = Store.open(tmp_path_factory.mktemp("collect") / "data.db")
    store.sync_catalogue(collector_catalogue)
    yield store
    store.close()


def _counts(store) -> tuple:
    return tuple(store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("observations", "raw_payloads"))


@pytest.mark.parametrize("source, fixture_path, url", [(c[0], c[1], c[2]) for c in CASES], ids=[c[1] for c in CASES])
def test_a_hostile_payload_fails_its_run_cleanly_or_stores_valid_rows(collector_store, collector_catalogue,
                                                                      tmp_path_factory, source, fixture_path, url):
    raw = (FIXTURES / fixture_path).read_bytes()
    strategy = hostile_json(raw) if fixture_path.endswith(".json") else hostile_csv(raw)
    folder = tmp_path_factory.mktemp(source)
    catalogue = collector_catalogue
    assert source in REGISTRY

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(body=strategy)
    def check(body):
        path = folder / Path(fixture_path).name
        path.write_bytes(body)
        before = _counts(collector_store)
        (result,) = runner.run_collect(collector_store, catalogue, [source], from_file=path, url=url)
        event(result.status)
        if result.status == "failed":
            assert result.error.startswith(f"{source}:") and len(result.error) <= runner.ERROR_MAX
            assert _counts(collector_store) == before  # nothing but the run's log row
            return
        if result.status == "empty":  # the payload held nothing for the catalogue: archived, no figure
            assert _counts(collector_store)[0] == before[0]
            return
        assert result.status == "ok"
        for row in collector_store.db.query("SELECT * FROM observations WHERE run_id = ?", [result.run_id]):
            for key in ("value", "value_low", "value_high"):
                assert row[key] is None or (math.isfinite(row[key]) and abs(row[key]) <= MAX_MAGNITUDE)
            for key in ("note", "source_url", "entered_by", "citation"):
                assert row[key] is None or text_policy.problem(key, row[key]) is None
            assert DATE_MIN.isoformat() <= row["period_start"] <= row["period_end"] <= DATE_MAX.isoformat()

    check()
