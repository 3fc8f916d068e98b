"""How many filters the visitor has in use, for the folded filter control."""

import pytest

from webapp.providers.queries import ProviderFilters


@pytest.mark.parametrize(
    ("filters", "count"),
    [
        (ProviderFilters(), 0),
        (ProviderFilters(text="   "), 0),
        (ProviderFilters(service_id=3), 1),
        (ProviderFilters(service_id=3, language="so", district="Kista", target_group="young"), 4),
        (ProviderFilters(features=("childcare", "evening_activities")), 2),
        (ProviderFilters(service_id=1, features=("childcare",), text="kärn"), 3),
    ],
)
def test_active_count(filters, count):
    assert filters.active_count == count
