import tomllib
from collections import Counter

import pytest

from indicators.model.catalogue import CATALOGUE_PATH, KINDS, CatalogueError, parse_catalogue
from indicators.model.validation import check_url

FAMILIES = ["participation", "pluralism", "information_control", "repression", "mobilization", "trust",
            "regime_composition", "russia_integration", "economy", "pandemic", "emigration"]


def test_the_catalogue_covers_the_papers_ten_families_and_emigration_with_two_indicators_each(catalogue):
    assert list(catalogue.families) == FAMILIES
    per_family = Counter(i.family for i in catalogue.indicators.values())
    assert len(catalogue.indicators) >= 30
    assert all(per_family[f] >= 2 for f in FAMILIES), per_family


def test_every_indicator_is_fully_described(catalogue):
    for ind in catalogue.indicators.values():
        assert ind.kind in KINDS
        assert ind.worse_when in ("up", "down", "none", "up_fall_ambiguous")
        assert ind.basis in ("per_30_days", "level", "per_edition", "per_year")
        assert ind.definition.strip() and ind.paper_context.strip(), ind.id
        assert ind.sources, ind.id
        assert all(check_url(s.url) is None for s in ind.sources), ind.id


def test_units_include_the_vocabulary_the_figures_need(catalogue):
    assert {"count", "percent", "usd_million", "byn_per_usd", "rank", "ratio", "index"} <= set(catalogue.units)
    assert catalogue.units["percent"].min == 0 and catalogue.units["percent"].max == 100
    assert catalogue.units["count"].integer and catalogue.units["count"].min == 0


def test_public_data_sources_have_indicators_to_feed(catalogue):
    fed = {i.collector for i in catalogue.indicators.values() if i.collector}
    assert {"ooni", "ioda", "nbrb", "worldbank", "wikipedia", "gdelt", "who_covid", "world_mortality", "acled",
            "citizenlab", "owid_vaccinations", "minsk_cases", "freedom_house"} <= fed


def test_the_2020_baseline_window_ends_the_day_before_the_election(catalogue):
    assert catalogue.baseline_window == ("2020-01-01", "2020-08-08")


def _doc():
    with open(CATALOGUE_PATH, "rb") as fh:
        return tomllib.load(fh)


def test_a_duplicate_id_is_refused():
    doc = _doc()
    doc["indicator"].append(dict(doc["indicator"][0]))
    with pytest.raises(CatalogueError, match="duplicate id"):
        parse_catalogue(doc)


def test_an_unknown_family_is_refused_naming_the_indicator():
    doc = _doc()
    doc["indicator"][0] = {**doc["indicator"][0], "family": "astrology"}
    with pytest.raises(CatalogueError, match=rf"indicator {doc['indicator'][0]['id']}: family 'astrology'"):
        parse_catalogue(doc)
