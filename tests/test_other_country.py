"""Nothing about Belarus is written in code: a catalogue for another country runs every command."""
import json
from pathlib import Path

from click.testing import CliRunner

from indicators.cli.main import cli

HERE = Path(__file__).resolve().parent
CATALOGUE = HERE / "fixtures" / "catalogues" / "switzerland" / "catalogue.toml"
PAYLOAD = HERE / "fixtures" / "ooni" / "aggregation_CH_AS3303_axis_x_day_2021-07-09.json"


def test_init_list_collect_and_snapshot_run_on_a_catalogue_for_switzerland(tmp_path, monkeypatch):
    monkeypatch.delenv("BAROMETER_CATALOGUE", raising=False)
    base = ["--db", str(tmp_path / "ch.db"), "--catalogue", str(CATALOGUE)]
    run = CliRunner().invoke

    init = run(cli, [*base, "init"])
    assert init.exit_code == 0, init.output
    assert "indicators +1" in init.output and "observations +1" in init.output and "events +1" in init.output

    plan_url = ("https://api.ooni.io/api/v1/aggregation?probe_cc=CH&test_name=web_connectivity"
                "&since=2021-07-09&until=2021-07-11&axis_x=measurement_start_day&time_grain=day")
    collected = run(cli, [*base, "collect", "ooni", "--from-file", str(PAYLOAD), "--url", plan_url])
    assert collected.exit_code == 0, collected.output
    assert "ooni: ok, 1 added" in collected.output

    (row,) = json.loads(run(cli, [*base, "list", "--json"]).output)
    assert row["id"] == "ooni_anomaly_share" and row["latest"][0]["period_start"] == "2021-07-09"
    assert row["baseline"]["period_start"] == "2021-03-01"

    out = tmp_path / "brief"
    snap = run(cli, [*base, "snapshot", "--week", "2021-W27", "--out", str(out)])
    assert snap.exit_code == 0, snap.output
    doc = json.loads((out / "snapshot.json").read_text())
    assert [e["label"] for e in doc["events"]] == ["A test event"]
