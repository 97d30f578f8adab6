"""Every collector is registered, feeds catalogue indicators, and documents where its fixtures came from."""
import pytest

import sys

from collectors.registry import REGISTRY
from collectors.source import Source
from indicators.model.catalogue import load_catalogue
from tests.collectors.helpers import FIXTURES

CATALOGUE = load_catalogue()


def test_every_collector_the_catalogue_names_is_registered():
    named = {i.collector for i in CATALOGUE.indicators.values() if i.collector}
    assert named <= set(REGISTRY)


@pytest.mark.parametrize("source", REGISTRY)
def test_each_collector_is_a_source_with_a_schedule_and_its_three_functions(source):
    spec = REGISTRY[source]
    assert isinstance(spec, Source) and spec.id == source
    assert spec.schedule is None or set(spec.schedule) <= {"day_of_week", "hour", "minute"}
    assert all(callable(f) for f in (spec.plan, spec.fetch, spec.parse))
    assert spec.combine is None or callable(spec.combine)


def test_what_a_source_feeds_is_said_only_by_the_catalogue():
    for spec in REGISTRY.values():
        module = sys.modules[spec.plan.__module__]
        assert not hasattr(module, "FEEDS")


@pytest.mark.parametrize("source", REGISTRY)
def test_each_collector_has_a_fixture_folder_saying_where_its_payloads_came_from(source):
    assert (FIXTURES / source / "SOURCE.md").read_text().strip()
