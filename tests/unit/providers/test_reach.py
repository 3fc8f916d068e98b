"""Which provider changes stay on the provider's own pages."""

import pytest

from webapp.providers.reach import confined_provider, stays_on_own_pages

BEFORE = {
    "name": "Jobbtorget",
    "slug": "jobbtorget",
    "description": "Vi hjälper dig.",
    "phone": "08-1",
    "step_free_access": True,
    "languages": ["ar", "sv"],
    "features": ["childcare"],
    "version": 3,
    "offices": [
        {"id": 1, "street_address": "Kistagången 20", "district": "Rinkeby-Kista"},
        {"id": 2, "street_address": "Farstagången 6", "district": "Farsta"},
    ],
    "translations": {"en": {"description": "We help you."}},
}


def changed(**values) -> dict:
    """Return BEFORE with some values replaced and the version moved on."""
    return {**BEFORE, "version": 4, **values}


@pytest.mark.parametrize(
    "after",
    [
        changed(description="Ny text."),
        changed(phone="08-2", translations={"en": {"description": "New text."}}),
        changed(
            offices=[
                {"id": 1, "street_address": "Kistavägen 1", "district": "Rinkeby-Kista"},
                {"id": 2, "street_address": "Farstagången 6", "district": "Farsta"},
            ]
        ),
    ],
)
def test_texts_contacts_and_addresses_stay_on_its_own_pages(after):
    assert stays_on_own_pages(BEFORE, after)
    assert confined_provider("provider.update", "provider", 7, BEFORE, after) == 7


@pytest.mark.parametrize(
    "after",
    [
        changed(name="Jobbtorget Stockholm"),
        changed(slug="jobbtorget-stockholm"),
        changed(languages=["ar", "sv", "uk"]),
        changed(features=[]),
        changed(step_free_access=False),
        changed(offices=[{"id": 1, "street_address": "Kistagången 20", "district": "Kista"}]),
        changed(offices=[*BEFORE["offices"], {"id": 3, "district": "Farsta"}]),
    ],
)
def test_what_lists_filter_sort_or_count_on_reaches_every_page(after):
    assert not stays_on_own_pages(BEFORE, after)
    assert confined_provider("provider.update", "provider", 7, BEFORE, after) is None


def test_other_changes_and_changes_without_snapshots_reach_every_page():
    after = changed(description="Ny text.")
    assert confined_provider("provider.create", "provider", 7, None, after) is None
    assert confined_provider("authorization.grant", "authorization", 7, BEFORE, after) is None
    assert confined_provider("provider.update", "provider", 7, None, None) is None
    assert confined_provider("provider.update", "provider", None, BEFORE, after) is None
