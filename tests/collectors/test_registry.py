"""Every collector is registered, feeds catalogue indicators, and documents where its fixtures came from."""
import pytest

from collectors import REGISTRY
from indicators.catalogue import load_catalogue
from tests.collectors.helpers import FIXTURES

CATALOGUE = load_catalogue()


def test_every_collector_the_catalogue_names_is_registered():
    named = {i.collector for i in CATALOGUE.indicators.values() if i.collector}
    assert named <= set(REGISTRY)


@pytest.mark.parametrize("source", REGISTRY)
def test_each_collector_declares_what_it_feeds_and_when(source):
    module = REGISTRY[source]
    assert module.SOURCE == source
    assert set(module.FEEDS) == {i.id for i in CATALOGUE.by_collector(source)}
    assert module.SCHEDULE is None or set(module.SCHEDULE) <= {"day_of_week", "hour", "minute"}
    assert all(callable(getattr(module, name)) for name in ("plan", "fetch", "parse"))


@pytest.mark.parametrize("source", REGISTRY)
def test_each_collector_has_a_fixture_folder_saying_where_its_payloads_came_from(source):
    assert (FIXTURES / source / "SOURCE.md").read_text().strip()
