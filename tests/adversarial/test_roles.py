"""PostgreSQL roles by least privilege, as docs/security.md gives them: the owner migrates; the writer (the editors'
dashboards, imports, collections and schedulers) reads, inserts and makes the allowed status moves, and cannot
disable a trigger, delete, truncate, or change the schema; the reader only reads. Runs only on a PostgreSQL
server (BAROMETER_TEST_POSTGRES)."""
import json
import re
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.backends import BACKENDS, connect

from .conftest import GOOD, run

SECURITY = Path(__file__).resolve().parents[2] / "docs" / "security.md"
pytestmark = pytest.mark.parametrize("backend", BACKENDS[1:], indirect=True)
REFUSED = r"permission denied|must be owner"
FORBIDDEN = {
    "disable every trigger": "ALTER TABLE observations DISABLE TRIGGER USER",
    "disable one trigger": "ALTER TABLE observations DISABLE TRIGGER observations_no_delete",
    "drop a trigger": "DROP TRIGGER observations_no_delete ON observations",
    "replace a trigger function": ("CREATE OR REPLACE FUNCTION refuse_write() RETURNS trigger LANGUAGE plpgsql AS "
                                   "$$ BEGIN RETURN OLD; END $$"),
    "delete an observation": "DELETE FROM observations WHERE id = 1",
    "delete a run": "DELETE FROM collector_runs",
    "delete an alert": "DELETE FROM alerts",
    "truncate observations": "TRUNCATE observations",
    "truncate payloads": "TRUNCATE raw_payloads CASCADE",
    "rewrite a figure": "UPDATE observations SET value = 1 WHERE id = 1",
    "rewrite a source": "UPDATE observations SET source_url = 'https://x.example/' WHERE id = 1",
    "rewrite an event": "UPDATE events SET label = 'x'",
    "rewrite a payload": "UPDATE raw_payloads SET body = ''",
    "rewrite a run's source": "UPDATE collector_runs SET source = 'x'",
    "rewrite an alert's title": "UPDATE alerts SET title = 'x'",
    "create a table": "CREATE TABLE sneaky (x int)",
    "drop a table": "DROP TABLE alert_deliveries",
    "alter a table": "ALTER TABLE observations ADD COLUMN x int",
    "fake a migration": "INSERT INTO schema_migrations VALUES (99, 'x', 't')",
    "create a trigger": ("CREATE TRIGGER sneaky AFTER INSERT ON observations FOR EACH ROW "
                         "EXECUTE FUNCTION store_version_mark()"),
}


def readme_sql() -> str:
    section = SECURITY.read_text(encoding="utf-8").split("## PostgreSQL: roles by least privilege", 1)[1]
    return re.search(r"```sql\n(.*?)```", section, re.S).group(1)


def _url(target, role):
    where = urlsplit(target)
    return f"postgresql://{role}:secret@{where.hostname}:{where.port or 5432}{where.path}"


@pytest.fixture
def roles(db_target, postgres_server):
    """The database owned by an owner role that ran `barometer init`, and a writer made with docs/security.md's
    statements (names swapped for this test's): their URLs."""
    tag = uuid.uuid4().hex[:10]
    owner, writer = f"owner_{tag}", f"writer_{tag}"
    database = db_target.rsplit("/", 1)[1]
    admin = postgres_server.admin
    admin.execute(f"CREATE ROLE {owner} LOGIN PASSWORD 'secret'")
    admin.execute(f'ALTER DATABASE "{database}" OWNER TO {owner}')
    with connect(db_target) as con:
        con.execute(f"ALTER SCHEMA public OWNER TO {owner}")
    assert run(_url(db_target, owner), "init").exit_code == 0
    sql = readme_sql().replace("barometer_writer", writer).replace("'a long random password'", "'secret'")
    sql = re.sub(r"\bDATABASE barometer\b", f'DATABASE "{database}"', sql)
    with connect(db_target) as con:
        con.execute(sql)
    yield {"owner": _url(db_target, owner), "writer": _url(db_target, writer)}
    postgres_server.drop(db_target)
    for role in (writer, owner):
        admin.execute(f"DROP ROLE IF EXISTS {role}")


def test_the_writer_does_every_write_the_product_makes(roles, tmp_path):
    writer = roles["writer"]
    added = run(writer, "add", "arbitrary_detentions", "5", *GOOD)
    assert added.exit_code == 0, added.output
    with connect(roles["owner"]) as con:
        (new_id,) = con.execute("SELECT max(id) FROM observations").fetchone()
    corrected = run(writer, "correct", new_id, "6", "--reason", "typo", "--by", "analyst")
    assert corrected.exit_code == 0, corrected.output
    with connect(roles["owner"]) as con:
        (newer,) = con.execute("SELECT max(id) FROM observations").fetchone()
    assert run(writer, "retract", newer, "--reason", "withdrawn").exit_code == 0
    sheet = tmp_path / "f.csv"
    sheet.write_text("indicator_id,value,period_start,period_end,qualifier,value_low,value_high,source_url,note,"
                     "entered_by\narbitrary_detentions,9,2021-04-01,,exact,,,https://e.example/9,,analyst\n",
                     encoding="utf-8")
    assert run(writer, "import", sheet).exit_code == 0
    empty = tmp_path / "ooni.json"
    empty.write_text(json.dumps({"result": []}), encoding="utf-8")
    collected = run(writer, "collect", "ooni", "--from-file", empty, "--url",
                    "https://api.ooni.io/api/v1/aggregation?probe_cc=BY&test_name=web_connectivity"
                    "&since=2021-07-09&until=2021-07-10&axis_x=measurement_start_day&time_grain=day")
    assert collected.exit_code == 0, collected.output
    listed = json.loads(run(writer, "alerts", "--json").stdout)
    acked = run(writer, "alerts", "--acknowledge", listed[0]["id"], "--by", "analyst")
    assert acked.exit_code == 0, acked.output
    assert run(writer, "init").exit_code == 0  # nothing to migrate: the writer brings the catalogue in
    assert run(writer, "check").exit_code == 0


@pytest.mark.parametrize("name", sorted(FORBIDDEN))
def test_the_writer_cannot_undo_the_guards(roles, name):
    with connect(roles["writer"]) as con:
        with pytest.raises(Exception, match=REFUSED):
            con.execute(FORBIDDEN[name])
    assert run(roles["owner"], "check").exit_code == 0


def test_the_writer_never_migrates(roles):
    with connect(roles["owner"]) as con:
        # as if an upgrade brought the latest migration
        con.execute("DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)")
    result = run(roles["writer"], "add", "arbitrary_detentions", "5", *GOOD)
    assert result.exit_code != 0 and re.search(REFUSED, result.output), result.output
