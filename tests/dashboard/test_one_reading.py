"""Every indicator reads the same on every surface: `barometer list --json`, the overview's row, the indicator
page's header and chart, and the weekly brief give one basis, one kind of number and one verdict; and the chart
draws its points, its baseline rule and its axis on that one basis."""
from __future__ import annotations

import json
import math
from datetime import date

import pytest
from click.testing import CliRunner

from dashboard import chart_frames, charts, queries, views
from indicators.model.catalogue import load_catalogue
from indicators.cli.main import cli
from indicators.readings.formatting import basis_text
from indicators.readings.reading import reading
from indicators.reports.snapshot.compute import compute, last_complete_week
from indicators.reports.snapshot.report import markdown
from indicators.reports.snapshot.table import records
from indicators.store import Store
from indicators.readings.summary import summarize

TODAY = date.today()


@pytest.fixture(scope="module")
def shipped(shipped_db):
    return shipped_db


@pytest.fixture(scope="module")
def surfaces(shipped):
    catalogue = load_catalogue()
    listed = json.loads(CliRunner().invoke(cli, ["--db", str(shipped), "list", "--json"]).stdout)
    week = last_complete_week(TODAY)
    with Store.open(shipped) as store:
        summaries = {s.indicator.id: s for s in summarize(store, catalogue, today=TODAY)}
        overview = {r["id"]: r for r in queries.overview(store, catalogue, TODAY).rows}
        snap = compute(store, catalogue, week)
        observations = {i: store.observations(i) for i in catalogue.indicators}
    return {"catalogue": catalogue, "list": {d["id"]: d for d in listed}, "summaries": summaries,
            "overview": overview, "brief": {r["indicator_id"]: r for r in records(snap)},
            "report": markdown(snap, []), "observations": observations}


def test_every_indicator_has_one_basis_one_kind_and_one_verdict_everywhere(surfaces):
    catalogue, disagree = surfaces["catalogue"], []
    for iid, ind in catalogue.indicators.items():
        listed, s, row, brief = (surfaces["list"][iid], surfaces["summaries"][iid], surfaces["overview"][iid],
                                 surfaces["brief"][iid])
        said = {
            "kind": {listed["kind"], brief["kind"], ind.kind},
            "basis": {listed["basis"], ind.basis} | {e.basis for e in (s.current, s.baseline) if e is not None},
            "verdict": {listed["verdict"], s.verdict, row["verdict"], brief["verdict"]},
            "baseline": {listed["baseline_text"], row["baseline"], reading(s).baseline},
        }
        disagree += [(iid, what, sorted(values)) for what, values in said.items() if len(values) != 1]
    assert not disagree, disagree


def test_list_json_and_the_brief_publish_the_same_numbers(surfaces):
    """One serialiser: the baseline and the change read from the same figures give the same digits in both."""
    for iid, listed in surfaces["list"].items():
        brief = surfaces["brief"][iid]
        base = listed["baseline"]["interval"] if listed["baseline"] else {"low": None, "high": None}
        assert (base["low"], base["high"]) == (brief["baseline_low"], brief["baseline_high"]), iid
        if listed["latest"] and listed["latest"][0]["period_end"] == brief["latest_period_end"]:
            change = listed["change"]["absolute"] if listed["change"] else {"low": None, "high": None}
            assert (change["low"], change["high"]) == (brief["change_low"], brief["change_high"]), iid


def test_the_header_names_the_basis_it_reads_on(surfaces):
    for iid, s in surfaces["summaries"].items():
        if s.current is not None and s.indicator.basis != "level":
            assert basis_text(s.indicator.basis).strip() in views.latest_figure(s).note, iid
        if s.baseline is not None and s.indicator.basis != "level":
            assert basis_text(s.indicator.basis).strip() in views.baseline_figure(s).note, iid


def test_the_brief_gives_each_indicator_its_verdict_and_change_in_the_same_words(surfaces):
    report = surfaces["report"]
    for iid, s in surfaces["summaries"].items():
        r = reading(s)
        line = next((ln for ln in report.splitlines() if ln.startswith(f"| {s.indicator.name} |")), None)
        if line is None:
            continue  # the brief lists what it lists; what it lists must agree
        for text in (r.change, r.verdict):
            assert text.replace("[", "\\[").replace("]", "\\]") in line, (iid, text)


def _layers(spec: dict) -> list[dict]:
    return spec.get("layer", [])


def test_every_chart_draws_points_baseline_and_axis_on_the_indicators_basis(surfaces):
    catalogue, wrong = surfaces["catalogue"], []
    for iid, s in surfaces["summaries"].items():
        ind, unit = s.indicator, s.unit
        active = [r for r in surfaces["observations"][iid] if r["status"] == "active"]
        frame = chart_frames.observation_frame(active, ind, unit)
        spec = charts.indicator_chart(ind, unit, observations=frame, baseline=s.baseline,
                                      window=catalogue.baseline_window).to_dict()
        titles = {layer["encoding"]["y"].get("title") for layer in _layers(spec)
                  if layer.get("description") == "extent"}
        if titles != {unit.label + basis_text(ind.basis)}:
            wrong.append((iid, "axis", titles))
        for r, value in zip(active, frame["value"]):
            raw = r["value"] if r["value"] is not None else (r["value_low"] + r["value_high"]) / 2
            days = (date.fromisoformat(r["period_end"]) - date.fromisoformat(r["period_start"])).days + 1
            expected = raw * 30 / days if ind.is_rate else raw
            if not math.isclose(value, expected, rel_tol=1e-9):
                wrong.append((iid, "point", r["id"], value, expected))
        rules = [d["y"] for layer in _layers(spec) if layer.get("description") == "baseline rule"
                 for d in spec["datasets"][layer["data"]["name"]]]
        if s.baseline is not None:
            bounds = [b for b in (s.baseline.interval.lo, s.baseline.interval.hi) if math.isfinite(b)]
            if sorted(set(rules)) != sorted(set(bounds)):
                wrong.append((iid, "baseline", rules, bounds))
    assert not wrong, wrong
