"""A run archives, parses, validates and upserts in one transaction, and logs itself either way."""
import dataclasses
from datetime import date

import pytest

from collectors import runner, who_covid
from collectors.registry import REGISTRY
from collectors.base import RawPayload
from tests.collectors.helpers import FIXTURES, active, counts, fixture, history

WEEKLY = FIXTURES / "who_covid" / "WHO-COVID-19-global-data_BY_2020-03_05.csv"


def test_from_file_puts_the_recorded_numbers_in_the_store(store, catalogue):
    (result,) = runner.run_collect(store, catalogue, ["who_covid"], from_file=WEEKLY)
    assert (result.status, result.added, result.revised, result.payloads) == ("ok", 15, 0, 1)
    # weeks with a blank New_deaths (March 2020) are left out, not stored as 0
    assert active(store, "covid_deaths_reported") == [
        ("2020-03-30", 4.0), ("2020-04-06", 19.0), ("2020-04-13", 22.0), ("2020-04-20", 22.0), ("2020-04-27", 30.0)]
    assert len(active(store, "covid_cases_reported")) == 10


def test_every_observation_links_to_its_archived_untouched_payload(store, catalogue):
    runner.run_collect(store, catalogue, ["who_covid"], from_file=WEEKLY)
    (row,) = store.observations("covid_cases_reported", start="2020-05-03")
    meta, body = store.payload(row["payload_sha256"])
    assert body == WEEKLY.read_bytes()
    assert meta["source"] == "who_covid" and meta["url"].endswith("/WHO-COVID-19-global-data.csv")
    assert row["run_id"] == store.runs("who_covid")[0]["id"]
    assert row["entered_by"] == "collector:who_covid" and row["collector"] == "who_covid"


def test_a_second_run_adds_nothing(store, catalogue):
    runner.run_collect(store, catalogue, ["who_covid"], from_file=WEEKLY)
    before = counts(store)
    (again,) = runner.run_collect(store, catalogue, ["who_covid"], from_file=WEEKLY)
    assert (again.status, again.added, again.revised) == ("ok", 0, 0)
    assert counts(store) == before


def test_a_changed_value_becomes_a_revision_superseding_the_old_row(store, catalogue, tmp_path):
    runner.run_collect(store, catalogue, ["who_covid"], from_file=WEEKLY)
    revised = tmp_path / "revised.csv"
    revised.write_bytes(WEEKLY.read_bytes().replace(b"2020-04-19,BY,Belarus,EURO,3063,5289,22,45",
                                                    b"2020-04-19,BY,Belarus,EURO,3063,5289,23,46"))
    (result,) = runner.run_collect(store, catalogue, ["who_covid"], from_file=revised)
    assert (result.added, result.revised) == (0, 1)
    history = store.observations("covid_deaths_reported", include_inactive=True, start="2020-04-19",
                                 end="2020-04-19")
    assert [(r["value"], r["status"]) for r in history] == [(22.0, "superseded"), (23.0, "active")]
    assert history[1]["supersedes"] == history[0]["id"]


def test_a_payload_with_an_invalid_observation_fails_the_run_naming_source_and_field(store, catalogue):
    """The parser reads the week ending 2020-04-26; validation refuses it when that week has not begun."""
    runner.run_collect(store, catalogue, ["who_covid"], from_file=WEEKLY, today=date(2020, 5, 10))
    before = counts(store)
    (result,) = runner.run_collect(store, catalogue, ["who_covid"], from_file=WEEKLY, today=date(2020, 4, 19))
    assert result.status == "failed"
    assert result.error.startswith("who_covid: invalid observation for covid_deaths_reported 2020-04-20")
    assert "period_start: 2020-04-20 is in the future" in result.error
    assert counts(store) == before
    run = store.runs("who_covid")[0]  # the public run log says a local file failed, never what it holds
    assert (run["status"], run["rows_added"]) == ("failed", 0) and "2020-04-20" not in run["error"]
    assert run["error"].startswith("who_covid: the file given with --from-file could not be read")


def test_a_count_that_is_not_a_whole_number_fails_the_run_and_writes_nothing(store, catalogue, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(WEEKLY.read_bytes().replace(b",3063,5289,22,45", b",3063,5289,-22,45"))
    (result,) = runner.run_collect(store, catalogue, ["who_covid"], from_file=bad)
    assert (result.status, result.error) == (
        "failed", "who_covid: New_deaths (2020-04-19): '-22' is not a whole number of people")
    assert counts(store) == (0, 0)


def test_records_outside_the_requested_range_are_left_out(store, catalogue):
    (result,) = runner.run_collect(store, catalogue, ["who_covid"], from_file=WEEKLY,
                                   since=date(2020, 4, 27), until=date(2020, 5, 3))
    assert result.added == 2
    assert active(store, "covid_deaths_reported") == [("2020-04-27", 30.0)]


def test_reparse_with_an_unchanged_parser_adds_nothing(store, catalogue):
    runner.run_collect(store, catalogue, ["who_covid"], from_file=WEEKLY)
    result = runner.reparse(store, catalogue, "who_covid")
    assert (result.status, result.added, result.revised, result.payloads) == ("ok", 0, 0, 1)


def test_reparse_turns_a_parser_fix_into_revisions(store, catalogue, monkeypatch):
    runner.run_collect(store, catalogue, ["who_covid"], from_file=WEEKLY)
    fixed = who_covid.parse

    def parse(body, url, indicators, country):
        return [dict(r, value=r["value"] + 1) if r["indicator_id"] == "covid_deaths_reported" else r
                for r in fixed(body, url, indicators, country)]

    monkeypatch.setitem(REGISTRY, "who_covid", dataclasses.replace(REGISTRY["who_covid"], parse=parse))
    result = runner.reparse(store, catalogue, "who_covid")
    assert (result.added, result.revised) == (0, 5)
    assert active(store, "covid_deaths_reported")[0] == ("2020-03-30", 5.0)
    old = store.observations("covid_deaths_reported", include_inactive=True, end="2020-03-30")
    assert [(r["value"], r["status"]) for r in old] == [(4.0, "superseded"), (5.0, "active")]


def test_reparse_without_archived_payloads_fails_clearly(store, catalogue):
    result = runner.reparse(store, catalogue, "gdelt")
    assert (result.status, result.error) == ("failed", "gdelt: no archived payloads to reparse")


def test_the_bookmark_starts_a_week_before_the_latest_collected_period(store, catalogue):
    assert runner.default_since(store, catalogue, "who_covid", catalogue.by_collector("who_covid")) == date(2019, 1, 1)
    runner.run_collect(store, catalogue, ["who_covid"], from_file=WEEKLY)
    assert runner.default_since(store, catalogue, "who_covid", catalogue.by_collector("who_covid")) == date(2020, 4, 26)


def test_from_file_needs_exactly_one_source(store, catalogue):
    with pytest.raises(ValueError, match="exactly one SOURCE"):
        runner.run_collect(store, catalogue, ["who_covid", "nbrb"], from_file=WEEKLY)


def test_combined_sources_link_each_sum_to_a_contributing_payload(store, catalogue, tmp_path):
    body = fixture("wikipedia", "per-article_Python_daily_2021-01.json")
    (result,) = runner.run_collect(store, catalogue, ["wikipedia"], from_file=FIXTURES / "wikipedia" /
                                   "per-article_Python_daily_2021-01.json")
    assert result.added == 3
    (row, *_) = store.observations("test_pageviews_python")
    assert store.payload(row["payload_sha256"])[1] == body
    assert row["note"] == "sum of 1 article(s): en.wikipedia/Python_(programming_language)"


def _three_payloads(monkeypatch, third: bytes):
    """who_covid planned as three requests: the fixture's weeks, the four weeks after them (from the vendored
    file), then `third`."""
    lines = history("who_covid")[0].splitlines(keepends=True)
    bodies = {"https://who.test/1": WEEKLY.read_bytes(),
              "https://who.test/2": b"".join([lines[0], *[ln for ln in lines if ln.startswith(b"2020-05-")][1:]]),
              "https://who.test/3": third}

    def fetch(url, client=None):
        return RawPayload("who_covid", url, 200, "2020-06-01T00:00:00+00:00", bodies[url])

    monkeypatch.setitem(REGISTRY, "who_covid", dataclasses.replace(
        REGISTRY["who_covid"], plan=lambda *args: list(bodies), fetch=fetch))


def test_a_run_writes_payload_by_payload_and_a_failure_in_the_third_leaves_nothing(store, catalogue, monkeypatch):
    _three_payloads(monkeypatch, WEEKLY.read_bytes().replace(b",3063,5289,", b",3063.5,5289,"))
    seen = []

    def progress(source, n, total):  # inside the run's transaction: what the store holds so far
        seen.append((n, total, counts(store)))

    (result,) = runner.run_collect(store, catalogue, ["who_covid"], since=date(2020, 1, 1), until=date(2020, 6, 30),
                                   progress=progress)
    assert (result.status, result.payloads) == ("failed", 2)
    assert result.error == "who_covid: New_cases (2020-04-19): '3063.5' is not a whole number of people"
    # the first two payloads were upserted as they came (15 figures, then 4 weeks × 2 more) ...
    assert seen == [(1, 3, (15, 1)), (2, 3, (23, 2))]
    # ... and rolled back with the third: nothing but the failed run's log row is left
    assert counts(store) == (0, 0) and store.runs("who_covid")[0]["status"] == "failed"


def test_every_payload_of_a_run_shares_the_runs_time_of_entry(store, catalogue, monkeypatch):
    _three_payloads(monkeypatch, WEEKLY.read_bytes())
    (result,) = runner.run_collect(store, catalogue, ["who_covid"], since=date(2020, 1, 1), until=date(2020, 6, 30))
    assert (result.status, result.added, result.payloads) == ("ok", 23, 3)
    assert store.conn.execute("SELECT count(DISTINCT entered_at), count(DISTINCT payload_sha256) "
                              "FROM observations").fetchone() == (1, 2)


def test_reparse_compares_the_newest_archived_figure_of_each_key_and_adds_nothing(store, catalogue, tmp_path):
    """Two runs archived two versions of a week; replaying both must not flip the figure back and forth."""
    runner.run_collect(store, catalogue, ["who_covid"], from_file=WEEKLY)
    revised = tmp_path / "revised.csv"
    revised.write_bytes(WEEKLY.read_bytes().replace(b",3063,5289,22,45", b",3063,5289,23,46"))
    runner.run_collect(store, catalogue, ["who_covid"], from_file=revised)
    before = counts(store)
    result = runner.reparse(store, catalogue, "who_covid")
    assert (result.status, result.added, result.revised, result.payloads) == ("ok", 0, 0, 2)
    assert counts(store) == before
    assert dict(active(store, "covid_deaths_reported"))["2020-04-13"] == 23.0
