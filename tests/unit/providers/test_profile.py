"""A profile put on a provider: normalized values, offices and texts added, changed, removed."""

import pytest

from webapp.providers.models import Office, OfficeTranslation, ProviderTranslation
from webapp.providers.profile import (
    OfficeProfile,
    ProviderProfile,
    apply_profile,
    make_slug,
    new_provider,
    normalize_postal_code,
    number_slug,
)


def profile(**changes) -> ProviderProfile:
    """A profile with one new office; changes replace its fields."""
    values = {
        "org_number": "5560160680",
        "name": "Östermalms Jobbstöd",
        "offices": (office(None, "Karlavägen 1"),),
        **changes,
    }
    return ProviderProfile(**values)


def office(office_id, street, **changes) -> OfficeProfile:
    """An office in Östermalm."""
    return OfficeProfile(
        office_id=office_id, street_address=street, district="Östermalm", **changes
    )


def stored_office(office_id: int, street: str, hours: dict[str, str] | None = None) -> Office:
    """An office as if read from the database."""
    translations = [OfficeTranslation(lang=k, opening_hours=v) for k, v in (hours or {}).items()]
    return Office(id=office_id, street_address=street, district="Farsta", translations=translations)


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Östermalms Jobbstöd AB", "ostermalms-jobbstod-ab"),
        ("  Jobb & Co – Syd  ", "jobb-co-syd"),
        ("???", "anordnare"),
        ("a" * 130, "a" * 100),
    ],
)
def test_make_slug(name, slug):
    assert make_slug(name) == slug


def test_number_slug_adds_the_first_free_number():
    assert number_slug("jobbtorget", set()) == "jobbtorget"
    assert number_slug("jobbtorget", {"jobbtorget", "jobbtorget-2"}) == "jobbtorget-3"
    assert number_slug("jobbtorget", {"jobbtorget-2"}) == "jobbtorget"


@pytest.mark.parametrize(
    ("typed", "stored"), [("11424", "114 24"), ("114 24", "114 24"), ("", ""), ("1234", "1234")]
)
def test_normalize_postal_code(typed, stored):
    assert normalize_postal_code(typed) == stored


def test_a_new_provider_gets_everything_normalized():
    provider = new_provider()
    apply_profile(
        provider,
        profile(
            languages=("sv", "ar"),
            features=("childcare",),
            offices=(office(None, "Karlavägen 1", postal_code="11424", hours={"en": "9–16"}),),
            texts={"en": {"description": "We help.", "accessibility_note": ""}, "ar": {}},
        ),
    )
    assert (provider.org_number, provider.search_name) == ("556016-0680", "ostermalms jobbstod")
    assert provider.slug == ""  # a new provider's slug is made when it is stored
    assert [row.language for row in provider.languages] == ["sv", "ar"]
    assert [row.feature for row in provider.features] == ["childcare"]
    [stored] = provider.offices
    assert (stored.street_address, stored.postal_code) == ("Karlavägen 1", "114 24")
    assert [(t.lang, t.opening_hours) for t in stored.translations] == [("en", "9–16")]
    # No text in a language means no row for it.
    assert [(t.lang, t.description) for t in provider.translations] == [("en", "We help.")]


def test_an_edit_changes_removes_and_adds_offices_and_texts():
    provider = new_provider()
    provider.slug = "gammal"
    provider.offices = [
        stored_office(1, "Storgatan 1", {"en": "9–16"}),
        stored_office(2, "Lillgatan 2"),
    ]
    provider.translations = [ProviderTranslation(lang="ar", description="قديم")]
    apply_profile(
        provider,
        profile(
            slug="ny",
            offices=(
                office(1, "Storgatan 1 A", hours={"en": "", "uk": "Пн–Пт"}),
                office(99, "Nygatan 5"),  # an unknown id: a new office
            ),
            removed_office_ids=frozenset({2, 3}),
            texts={"ar": {"description": ""}},
        ),
    )
    assert provider.slug == "ny"
    streets = [(o.id, o.street_address) for o in provider.offices]
    assert streets == [(1, "Storgatan 1 A"), (None, "Nygatan 5")]
    assert [(t.lang, t.opening_hours) for t in provider.offices[0].translations] == [
        ("uk", "Пн–Пт")
    ]
    assert provider.translations == []


def test_codes_no_longer_chosen_are_dropped_and_kept_ones_stay():
    provider = new_provider()
    apply_profile(provider, profile(languages=("sv", "ar"), features=("childcare",)))
    kept = provider.languages[0]
    apply_profile(provider, profile(languages=("sv", "so"), features=()))
    assert [row.language for row in provider.languages] == ["sv", "so"]
    assert provider.languages[0] is kept
    assert provider.features == []
