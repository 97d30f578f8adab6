"""The "What ships" table per family (docs/data.md) is what a fresh `init` measures: the counts the overview's family
reading gives (indicators/readings/story.py), so the documented coverage cannot drift from the shipped data."""
from __future__ import annotations

import re
from pathlib import Path

from indicators.readings import story
from indicators.seed import cited_records, paper_events
from indicators.store import Store
from indicators.readings.summary import summarize

DATA = Path(__file__).resolve().parents[2] / "docs" / "data.md"


def family_readings(shipped_db, catalogue) -> list[story.FamilyReading]:
    with Store.open(shipped_db) as store:
        return story.family_readings(summarize(store, catalogue), catalogue,
                                     store.sparklines(catalogue.baseline_window[0], grain="month"))


def measured_rows(shipped_db, catalogue) -> list[str]:
    readings = family_readings(shipped_db, catalogue)
    rows = [f"| {r.name} | {r.series} | {r.covered} | {r.compared} | {r.weaker} · {r.stronger} · {r.unclear} |"
            for r in readings]
    total = [sum(getattr(r, f) for r in readings) for f in ("series", "covered", "compared", "weaker", "stronger",
                                                             "unclear")]
    rows.append("| **all** | **{}** | **{}** | **{}** | **{} · {} · {}** |".format(*total))
    return rows


def documented_rows() -> list[str]:
    section = DATA.read_text(encoding="utf-8").split("**Since 2021, by family**", 1)[1]
    table = re.search(r"\| family \|.*?\n\|[-:| ]+\|\n((?:\|.*\|\n)+)", section)
    assert table, "docs/data.md's 'Since 2021, by family' table is missing"
    return table.group(1).splitlines()


def test_the_counts_of_cited_figures_and_events_since_the_election_are_the_shipped_ones(catalogue):
    text = DATA.read_text(encoding="utf-8")
    since = sum(r["period_end"] > story.SINCE for r in cited_records(catalogue))
    after = sum(e["date_start"] > "2020-08-09" for e in paper_events(catalogue))
    assert f"{since} figures hand-cited for periods ending after 1 January 2021" in text, since
    assert f"{after} events after election day" in " ".join(text.split()), after


def test_the_readme_table_is_the_one_a_fresh_init_measures(shipped_db, catalogue):
    measured = measured_rows(shipped_db, catalogue)
    assert documented_rows() == measured, "paste into docs/data.md:\n" + "\n".join(measured)


def test_the_overview_sentence_quoted_in_the_docs_is_the_one_the_shipped_data_gives(shipped_db, catalogue):
    sentence = story.sentence(family_readings(shipped_db, catalogue))
    using = " ".join((DATA.parent / "using.md").read_text(encoding="utf-8").split())
    assert f'"{sentence.rstrip(".")}"' in using, sentence
