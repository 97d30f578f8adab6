"""The first screen's story: a reading per family of the paper, and the one sentence above it, read from the
summaries of a real store (the paper's 2020 figures, plus what each test enters)."""
import re
from datetime import date

import pytest

from indicators.readings import story
from indicators.languages.i18n import use
from indicators.model.observation import Observation
from indicators.readings.summary import summarize

TODAY = date(2026, 1, 15)


@pytest.fixture
def seeded(memory_seeded):
    """Readings need no file: the paper's figures in an in-memory store."""
    return memory_seeded


def figure(indicator_id, start, end, value, qualifier="exact"):
    return Observation(indicator_id, start, end, qualifier, "https://spring96.org/en/news/1", "analyst", value=value)


@pytest.fixture
def read(seeded, catalogue):
    """The family readings of the store as it stands, in catalogue order."""
    def readings():
        summaries = summarize(seeded, catalogue, today=TODAY)
        return {r.family: r for r in story.family_readings(
            summaries, catalogue, seeded.sparklines(catalogue.baseline_window[0], grain="month"))}
    return readings


def test_every_family_is_read_in_catalogue_order_and_its_counts_add_up(read, catalogue):
    readings = read()
    assert list(readings) == [f for f in catalogue.families
                              if any(i.family == f for i in catalogue.indicators.values())]
    for r in readings.values():
        assert r.series == sum(i.family == r.family for i in catalogue.indicators.values())
        assert r.weaker + r.stronger + r.unclear == r.compared <= r.covered <= r.series


def test_the_paper_alone_compares_nothing_since_2021_and_the_sentence_says_so(read, catalogue):
    readings = read()
    assert all(r.compared == r.covered == 0 and r.leading is None for r in readings.values())
    assert story.sentence(list(readings.values())) == (
        f"None of the {len(catalogue.indicators)} series can yet be compared with 2020 on a figure since 2021.")


def test_a_figure_since_2021_against_the_baseline_is_compared_and_leads_its_family(read, seeded):
    seeded.append([figure("trust_president_minsk", "2023-11-01", "2023-11-30", 10.0)])
    trust = read()["trust"]
    assert (trust.covered, trust.compared, trust.weaker, trust.stronger, trust.unclear) == (1, 1, 1, 0, 0)
    assert trust.leading.certain and trust.leading.indicator_id == "trust_president_minsk"
    assert trust.leading.words() == ("Trust in the president among Minsk residents: 24 % (April 2020) → "
                                     "10 % (November 2023)")


def test_a_figure_ending_before_2021_is_neither_covered_nor_compared(read, seeded):
    seeded.append([figure("trust_president_minsk", "2020-12-01", "2020-12-31", 10.0)])
    assert (read()["trust"].covered, read()["trust"].compared) == (0, 0)


def test_figures_without_a_baseline_are_covered_but_not_compared_and_the_most_observed_series_leads(read, seeded):
    seeded.append([figure("political_prisoners", f"2021-0{m}-01", f"2021-0{m}-28", 100.0 * m) for m in (1, 2, 3)]
                  + [figure("political_prisoners_recognized_cumulative", "2021-05-01", "2021-05-31", 2000.0,
                            "at_least")])
    repression = read()["repression"]
    assert (repression.covered, repression.compared) == (2, 0)
    assert not repression.leading.certain
    assert repression.leading.words() == "Political prisoners: 100 (January 2021) → 300 (March 2021)"


def test_the_largest_certain_move_leads_a_family_whatever_its_direction(read, seeded):
    # Trust falls by a half (weaker); the CEC's trust rises by a fifth (stronger: it is worse when it falls).
    seeded.append([figure("trust_president_minsk", "2023-11-01", "2023-11-30", 12.0),
                   figure("trust_cec_minsk", "2023-11-01", "2023-11-30", 13.2)])
    trust = read()["trust"]
    assert trust.compared == 2 and trust.weaker == 1
    assert trust.leading.indicator_id == "trust_president_minsk"


def test_the_sentence_names_the_largest_certain_move_its_family_and_the_tally(read, seeded):
    seeded.append([figure("trust_president_minsk", "2023-11-01", "2023-11-30", 10.0)])
    assert story.sentence(list(read().values())) == (
        "Since 2021 the largest certain move is in Trust and public mood — Trust in the president among Minsk "
        "residents: 24 % (April 2020) → 10 % (November 2023); of 1 series that can be compared with 2020, 1 read "
        "weaker, 0 stronger, 0 unclear.")


@pytest.mark.parametrize("lang, words", [("be", ["красавік 2020", "лістапад 2023", "2021"]),
                                         ("ru", ["апрель 2020", "ноябрь 2023", "2021"])])
def test_the_sentence_and_the_counts_read_in_the_readers_language(read, seeded, lang, words):
    seeded.append([figure("trust_president_minsk", "2023-11-01", "2023-11-30", 10.0)])
    with use(lang):
        readings = list(read().values())
        text = story.sentence(readings)
        trust = next(r for r in readings if r.family == "trust")
        counts = story.counts_words(trust) + " " + story.coverage_words(trust)
    assert all(w in text for w in words), text
    # Only the catalogue's own (English, untranslated here) names are left in Latin letters.
    names = "Trust and public mood Trust in the president among Minsk residents"
    assert not set(re.findall(r"[A-Za-z]+", text)) - set(names.split()), text
    assert not re.findall(r"[A-Za-z]+", counts), counts
