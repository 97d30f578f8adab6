import json

import pytest
from click.testing import CliRunner

from indicators.model.catalogue import load_catalogue
from indicators.cli.main import cli
from indicators.seed import cited_records, paper_records
from indicators.store import Store
from tests.backends import execute, is_blank

pytestmark = pytest.mark.both_backends


def run(db_target, *args, env=None):
    return CliRunner().invoke(cli, ["--db", str(db_target), *args], env=env or {})


def test_init_creates_the_database_loads_the_history_and_a_second_run_adds_nothing(db_target, catalogue):
    first = run(db_target, "init")
    assert first.exit_code == 0, first.output
    figures = len(paper_records(catalogue)) + len(cited_records(catalogue))
    assert f"indicators +{len(catalogue.indicators)} " in first.output and f"observations +{figures} " in first.output
    assert f"history: {len(catalogue.history)} file(s) loaded" in first.output
    with Store.open(db_target) as store:
        runs, rows = len(store.runs(limit=1000)), store.conn.execute("SELECT count(*) FROM observations").fetchone()
    second = run(db_target, "init")
    assert second.exit_code == 0 and "indicators +0" in second.output and "observations +0" in second.output
    assert f"history: 0 file(s) loaded (+0 observations), {len(catalogue.history)} already loaded" in second.output
    with Store.open(db_target) as store:
        assert len(store.runs(limit=1000)) == runs
        assert store.conn.execute("SELECT count(*) FROM observations").fetchone() == rows


def test_the_database_can_come_from_the_environment(tmp_path):
    path = tmp_path / "env.db"
    result = CliRunner().invoke(cli, ["init"], env={"BAROMETER_DB": str(path)})
    assert result.exit_code == 0 and path.exists()


def test_list_shows_latest_value_with_qualifier_baseline_change_and_verdict(db_target):
    run(db_target, "init")
    result = run(db_target, "list")
    assert result.exit_code == 0
    line = next(ln for ln in result.output.splitlines() if ln.startswith("arbitrary_detentions"))
    # latest and baseline on one basis, each with what it was made from; the total since May 2020 is no rate
    assert " per 30 days (" in line.split("≥ 450")[0] and "65,000" not in line
    assert "≥ 450 per 30 days (≥ 1,140 in 76 days)" in line
    trust = next(ln for ln in result.output.splitlines() if ln.startswith("trust_president_minsk "))
    assert "15–20 %" in trust and "24 % [pinned]" in trust and "no comparison" in trust  # July is in the window
    gdp = next(ln for ln in result.output.splitlines() if ln.startswith("gdp_growth "))
    assert " pp " in gdp and "toward" in gdp  # a rate moves in points


def test_list_json_is_machine_readable(db_target):
    run(db_target, "init")
    result = run(db_target, "list", "--json")
    data = {d["id"]: d for d in json.loads(result.output)}
    assert len(data) == len(load_catalogue().indicators)
    assert data["arbitrary_detentions"]["baseline"]["interval"] == {"low": 450.0, "high": None}
    assert data["trust_president_minsk"]["verdict"] == "no comparison"
    assert data["test_list_reported_blocked"]["kind"] == "list_size"


def test_show_gives_both_disagreeing_roadmap_sources(db_target):
    run(db_target, "init")
    result = run(db_target, "show", "integration_roadmaps_agreed")
    assert result.exit_code == 0
    assert "https://www.youtube.com/watch?v=7NJOJVgziVw" in result.output
    assert "https://www.youtube.com/watch?v=ijBw3C8AifQ" in result.output
    assert "28.5" in result.output and "27" in result.output


def test_show_names_the_family_and_the_unit(db_target):
    run(db_target, "init")
    lines = run(db_target, "show", "trust_president_minsk").output.splitlines()
    assert lines[1].startswith("family: Trust and public mood · unit: % · level")
    assert "trust ·" not in lines[1] and "percent" not in lines[1]


def test_unknown_indicator_or_family_is_bad_input(db_target):
    run(db_target, "init")
    assert run(db_target, "show", "moon_phase").exit_code == 2
    result = run(db_target, "list", "--family", "astrology")
    assert result.exit_code == 2 and "family" in result.output


def test_a_usage_error_exits_2(db_target):
    assert run(db_target, "show").exit_code == 2


def test_a_newer_database_is_a_failure_with_a_message_not_a_traceback(db_target):
    run(db_target, "init")
    execute(db_target, "INSERT INTO schema_migrations VALUES (999, 'future', 'x')")
    result = run(db_target, "list")
    assert result.exit_code == 1 and "upgrade barometer" in result.output


def test_read_only_deployments_refuse_init(db_target):
    result = run(db_target, "init", env={"BAROMETER_READONLY": "1"})
    assert result.exit_code == 2 and "read-only" in result.output
    assert is_blank(db_target)


# -- manners ------------------------------------------------------------------------------------------------

def test_a_reader_that_closes_the_pipe_ends_the_listing_quietly_with_exit_0(seeded, db_path):
    """`barometer list | head`: the pipe is closed before anything is written, as `head` closes it once it has
    its lines; the command stops at once, says nothing and exits 0."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen([sys.executable, "-m", "indicators.cli", "--db", str(db_path), "list"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0, stderr
    assert stderr == ""


def test_a_misspelled_indicator_id_gets_the_closest_one_suggested(seeded, db_target):
    shown = run(db_target, "show", "politcal_prisoners")
    assert shown.exit_code == 2
    assert "indicator_id: 'politcal_prisoners' is not in the catalogue; did you mean 'political_prisoners'?" \
        in shown.output
    added = run(db_target, "add", "arbitrary_detentons", "5", "--start", "2021-01-01", "--source",
                "https://spring96.org/en/news/1", "--by", "anna")
    assert added.exit_code == 2 and "did you mean 'arbitrary_detentions'?" in added.output
    far = run(db_target, "show", "moon_phase")
    assert far.exit_code == 2 and "did you mean" not in far.output


NOBODY = {"BAROMETER_USER": None}  # unset, whatever the shell says: nobody named


def test_who_enters_or_acknowledges_is_never_taken_from_the_login_name(seeded, db_target):
    added = run(db_target, "add", "arbitrary_detentions", "5", "--start", "2021-01-01", "--source",
                "https://spring96.org/en/news/1", env=NOBODY)
    assert added.exit_code == 2 and "entered_by: is required: who entered the figure" in added.output
    with Store.open(db_target) as store:
        assert store.conn.execute("SELECT count(*) FROM observations WHERE period_start = '2021-01-01'"
                                  ).fetchone()[0] == 0
    moved = run(db_target, "add", "trust_president_minsk", "10", "--start", "2021-01-01", "--source",
                "https://example.org/poll", "--by", "anna")  # 14 points below the pinned 24 %: an alert opens
    assert moved.exit_code == 0, moved.output
    alert_id = json.loads(run(db_target, "alerts", "--json").stdout)[0]["id"]
    refused = run(db_target, "alerts", "--acknowledge", str(alert_id), "--no-evaluate", env=NOBODY)
    assert refused.exit_code == 2 and "by: is required: say who acknowledges the alert" in refused.output
    named = run(db_target, "alerts", "--acknowledge", str(alert_id), "--no-evaluate", env={"BAROMETER_USER": "desk"})
    assert named.exit_code == 0 and "by desk" in named.output
