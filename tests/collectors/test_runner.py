"""A run archives, parses, validates and upserts in one transaction, and logs itself either way."""
import dataclasses
from datetime import date

import pytest

from collectors import REGISTRY, owid_covid, runner
from tests.collectors.helpers import FIXTURES, active, counts, fixture

DAILY = FIXTURES / "owid_covid" / "owid-covid-data_BLR_2020-04-03_09.csv"


def test_from_file_puts_the_recorded_numbers_in_the_store(store, catalogue):
    (result,) = runner.run_collect(store, catalogue, ["owid_covid"], from_file=DAILY)
    assert (result.status, result.added, result.revised, result.payloads) == ("ok", 14, 0, 1)
    assert active(store, "covid_deaths_reported") == [
        ("2020-04-03", 4.0), ("2020-04-04", 0.0), ("2020-04-05", 1.0), ("2020-04-06", 3.0),
        ("2020-04-07", 5.0), ("2020-04-08", 0.0), ("2020-04-09", 0.0)]


def test_every_observation_links_to_its_archived_untouched_payload(store, catalogue):
    runner.run_collect(store, catalogue, ["owid_covid"], from_file=DAILY)
    (row,) = store.observations("covid_cases_reported", start="2020-04-09")
    meta, body = store.payload(row["payload_sha256"])
    assert body == DAILY.read_bytes()
    assert meta["source"] == "owid_covid" and meta["url"].endswith("/owid-covid-data.csv")
    assert row["run_id"] == store.runs("owid_covid")[0]["id"]
    assert row["entered_by"] == "collector:owid_covid" and row["collector"] == "owid_covid"


def test_a_second_run_adds_nothing(store, catalogue):
    runner.run_collect(store, catalogue, ["owid_covid"], from_file=DAILY)
    before = counts(store)
    (again,) = runner.run_collect(store, catalogue, ["owid_covid"], from_file=DAILY)
    assert (again.status, again.added, again.revised) == ("ok", 0, 0)
    assert counts(store) == before


def test_a_changed_value_becomes_a_revision_superseding_the_old_row(store, catalogue, tmp_path):
    runner.run_collect(store, catalogue, ["owid_covid"], from_file=DAILY)
    revised = tmp_path / "revised.csv"
    revised.write_bytes(DAILY.read_bytes().replace(b"BLR,Belarus,2020-04-07,700,136,13,5,",
                                                   b"BLR,Belarus,2020-04-07,700,136,13,6,"))
    (result,) = runner.run_collect(store, catalogue, ["owid_covid"], from_file=revised)
    assert (result.added, result.revised) == (0, 1)
    history = store.observations("covid_deaths_reported", include_inactive=True, start="2020-04-07",
                                 end="2020-04-07")
    assert [(r["value"], r["status"]) for r in history] == [(5.0, "superseded"), (6.0, "active")]
    assert history[1]["supersedes"] == history[0]["id"]


def test_a_payload_with_an_invalid_observation_fails_the_run_naming_source_and_field(store, catalogue, tmp_path):
    runner.run_collect(store, catalogue, ["owid_covid"], from_file=DAILY)
    before = counts(store)
    bad = tmp_path / "bad.csv"
    bad.write_bytes(DAILY.read_bytes().replace(b"2020-04-07,700,136,13,5,", b"2020-04-07,700,136,13,-5,"))
    (result,) = runner.run_collect(store, catalogue, ["owid_covid"], from_file=bad)
    assert result.status == "failed"
    assert result.error.startswith("owid_covid: invalid observation for covid_deaths_reported 2020-04-07")
    assert "value: -5 is below the smallest count value" in result.error
    assert counts(store) == before
    run = store.runs("owid_covid")[0]
    assert (run["status"], run["rows_added"], run["error"]) == ("failed", 0, result.error)


def test_records_outside_the_requested_range_are_left_out(store, catalogue):
    (result,) = runner.run_collect(store, catalogue, ["owid_covid"], from_file=DAILY,
                                   since=date(2020, 4, 8), until=date(2020, 4, 9))
    assert result.added == 4
    assert active(store, "covid_deaths_reported") == [("2020-04-08", 0.0), ("2020-04-09", 0.0)]


def test_reparse_with_an_unchanged_parser_adds_nothing(store, catalogue):
    runner.run_collect(store, catalogue, ["owid_covid"], from_file=DAILY)
    result = runner.reparse(store, catalogue, "owid_covid")
    assert (result.status, result.added, result.revised, result.payloads) == ("ok", 0, 0, 1)


def test_reparse_turns_a_parser_fix_into_revisions(store, catalogue, monkeypatch):
    runner.run_collect(store, catalogue, ["owid_covid"], from_file=DAILY)
    fixed = owid_covid.parse

    def parse(body, url, indicators, country):
        return [dict(r, value=r["value"] + 1) if r["indicator_id"] == "covid_deaths_reported" else r
                for r in fixed(body, url, indicators, country)]

    monkeypatch.setitem(REGISTRY, "owid_covid", dataclasses.replace(REGISTRY["owid_covid"], parse=parse))
    result = runner.reparse(store, catalogue, "owid_covid")
    assert (result.added, result.revised) == (0, 7)
    assert active(store, "covid_deaths_reported")[0] == ("2020-04-03", 5.0)
    old = store.observations("covid_deaths_reported", include_inactive=True, end="2020-04-03")
    assert [(r["value"], r["status"]) for r in old] == [(4.0, "superseded"), (5.0, "active")]


def test_reparse_without_archived_payloads_fails_clearly(store, catalogue):
    result = runner.reparse(store, catalogue, "gdelt")
    assert (result.status, result.error) == ("failed", "gdelt: no archived payloads to reparse")


def test_the_bookmark_starts_a_week_before_the_latest_collected_period(store, catalogue):
    assert runner.default_since(store, catalogue, "owid_covid", catalogue.by_collector("owid_covid")) == date(2019, 1, 1)
    runner.run_collect(store, catalogue, ["owid_covid"], from_file=DAILY)
    assert runner.default_since(store, catalogue, "owid_covid", catalogue.by_collector("owid_covid")) == date(2020, 4, 2)


def test_from_file_needs_exactly_one_source(store, catalogue):
    with pytest.raises(ValueError, match="exactly one SOURCE"):
        runner.run_collect(store, catalogue, ["owid_covid", "nbrb"], from_file=DAILY)


def test_combined_sources_link_each_sum_to_a_contributing_payload(store, catalogue, tmp_path):
    body = fixture("wikipedia", "per-article_Python_daily_2021-01.json")
    (result,) = runner.run_collect(store, catalogue, ["wikipedia"], from_file=FIXTURES / "wikipedia" /
                                   "per-article_Python_daily_2021-01.json")
    assert result.added == 3
    (row, *_) = store.observations("test_pageviews_python")
    assert store.payload(row["payload_sha256"])[1] == body
    assert row["note"] == "sum of 1 article(s): en.wikipedia/Python_(programming_language)"
