"""Every source of figures entered by hand, by the site that published them, with its figures and latest one."""
from indicators.input.hand_sources import hand_sources, host
from indicators.model.observation import Observation


def obs(source, day, value, **kw):
    return Observation("political_prisoners", day, day, "exact", source, "anna", value=value, **kw)


def test_a_site_is_its_host_without_www_or_a_trailing_dot():
    assert host("https://www.spring96.org./be/news/1") == host("http://spring96.org/en") == "spring96.org"


def test_a_site_is_named_as_the_catalogue_names_it_with_its_count_and_latest_figure(store, catalogue):
    store.append([obs("https://spring96.org/en/news/1", "2024-11-30", 1300),
                  obs("https://www.spring96.org./en/news/2", "2025-11-30", 1135),
                  obs("https://example.org/report", "2025-01-31", 1200)])
    rows = {r["host"]: r for r in hand_sources(store, catalogue)}
    assert (rows["spring96.org"]["source"], rows["spring96.org"]["figures"], rows["spring96.org"]["latest"],
            rows["spring96.org"]["latest_period"]) == ("Human Rights Centre Viasna", 2, "Political prisoners: 1,135",
                                                       "2025-11-30")
    assert rows["spring96.org"]["latest_source"] == "https://www.spring96.org./en/news/2"
    assert rows["example.org"]["source"] == "example.org"  # no catalogue name: the site as its address has it


def test_a_confidential_source_and_a_collectors_figures_are_not_listed(store, catalogue):
    store.append([obs("https://secret.example/witness", "2025-01-31", 1200, source_confidential=True),
                  Observation("exchange_rate_byn_usd", "2025-01-31", "2025-01-31", "exact", "https://www.nbrb.by/",
                              "collector:nbrb", value=3.2, collector="nbrb")])
    assert hand_sources(store, catalogue) == []
