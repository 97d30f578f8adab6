"""No blank reason, whatever the space: a retraction's or correction's reason, an alert's resolution and who
acknowledged it are refused when made only of spaces of any kind (tab, no-break space, line breaks, the Unicode
spaces) or invisible characters, by the database itself (through a raw connection and the database's own
program) and by the validation layer before it."""
import re
import shutil
import subprocess

import pytest

from indicators.reports import alerts as al
from indicators.input import entry
from indicators.model.observation import Observation
from indicators.store import StoreError
from indicators.model.text_policy import blank
from indicators.model.validation import ValidationError, check_reason
from tests.backends import connect, table_digest

pytestmark = pytest.mark.both_backends
BLANKS = {"tab": "\t", "no-break space": "\u00a0", "line feed": "\n", "carriage return": "\r",
          "em space": "\u2003", "ideographic space": "\u3000", "line separator": "\u2028",
          "narrow no-break space": "\u202f", "zero-width space": "\u200b", "byte order mark": "\ufeff",
          "word joiner": "\u2060", "mixed": " \t\u00a0\n\u200b ", "next line": "\u0085",
          "mongolian vowel separator": "\u180e"}
REFUSAL = r"append-only|alerts are a log"


def _obs():
    return Observation("arbitrary_detentions", "2021-03-01", "2021-03-01", "exact", "https://e.example/1", "a",
                       value=3.0)


@pytest.fixture
def rows(store):
    (obs_id,) = store.append([_obs()])
    alert = store.open_alert(key="k", rule="stale", indicator_id=None, source=None, title="t", explanation="e",
                             detail={})
    return {"observation": obs_id, "alert": alert}


def _sql(dialect, what, text, ids):
    literal = "'" + text.replace("'", "''") + "'"
    if what == "retraction reason":
        return (f"UPDATE observations SET status = 'retracted', status_changed_at = 't', status_reason = {literal} "
                f"WHERE id = {ids['observation']}")
    if what == "alert resolution":
        return f"UPDATE alerts SET resolved_at = 't', resolution = {literal} WHERE id = {ids['alert']}"
    return f"UPDATE alerts SET acknowledged_at = 't', acknowledged_by = {literal} WHERE id = {ids['alert']}"


WHATS = ["retraction reason", "alert resolution", "acknowledged_by"]


@pytest.mark.parametrize("what", WHATS)
def test_the_database_refuses_a_blank_text_of_any_space(store, rows, db_target, what):
    before = table_digest(db_target)
    with connect(db_target) as con:
        for name, text in BLANKS.items():
            with pytest.raises(Exception, match=REFUSAL):
                con.execute(_sql(store.dialect, what, text, rows))
                pytest.fail(f"{name} taken as a {what}")
    assert table_digest(db_target) == before


@pytest.mark.parametrize("what", WHATS)
def test_the_database_still_takes_a_real_text_with_spaces_around_it(store, rows, db_target, what):
    with connect(db_target) as con:
        con.execute(_sql(store.dialect, what, "\u00a0withdrawn by the source\t", rows))


@pytest.mark.parametrize("name", ["tab", "no-break space", "line feed", "zero-width space"])
def test_the_databases_own_program_is_refused_too(store, rows, db_target, name):
    before = table_digest(db_target)
    sql = _sql(store.dialect, "retraction reason", BLANKS[name], rows)
    if store.dialect == "sqlite":
        command = ["sqlite3", "-bail", str(db_target), sql + ";"]
    else:
        command = ["psql", "--no-psqlrc", "-v", "ON_ERROR_STOP=1", "-d", db_target, "-c", sql]
    if shutil.which(command[0]) is None:
        pytest.skip(f"the {command[0]} program is not installed")
    done = subprocess.run(command, capture_output=True, text=True, timeout=30)
    assert done.returncode != 0 and re.search(REFUSAL, done.stderr), done.stderr
    assert table_digest(db_target) == before


@pytest.mark.parametrize("name", ["tab", "no-break space", "zero-width space", "mixed", "byte order mark"])
def test_the_validation_layer_refuses_them_first(store, rows, catalogue, name, monkeypatch):
    monkeypatch.delenv("BAROMETER_READONLY", raising=False)
    text = BLANKS[name]
    assert blank(text)
    with pytest.raises(ValidationError, match="reason"):
        check_reason(text, required=True)
    with pytest.raises(ValidationError, match="reason"):
        entry.retract(store, rows["observation"], text, catalogue=catalogue)
    with pytest.raises(ValidationError, match="by"):
        al.acknowledge(store, rows["alert"], text)
    with pytest.raises(StoreError, match="reason"):
        store.retract(rows["observation"], text)
    assert store.get(rows["observation"])["status"] == "active"
    assert store.alert(rows["alert"])["acknowledged_by"] is None


def test_a_blank_entered_by_is_required_not_stored(store, catalogue, monkeypatch):
    monkeypatch.delenv("BAROMETER_READONLY", raising=False)
    for name, text in BLANKS.items():
        record = {"indicator_id": "arbitrary_detentions", "value": "4", "period_start": "2021-05-01",
                  "source_url": "https://e.example/4", "entered_by": text}
        with pytest.raises(ValidationError) as caught:
            entry.add(store, catalogue, record)
        assert "entered_by" in caught.value.fields, name
