"""Provider lookups: one provider, the staff's search, clashes, slugs and logged updates."""

from datetime import date
from itertools import product

import pytest
from sqlmodel import select

from tests.factories.authorizations import make_period
from tests.factories.providers import bump_version, make_office, make_provider
from webapp.providers.actions import update_provider
from webapp.providers.history import is_current_version, is_stale, snapshot_provider
from webapp.providers.models import Provider
from webapp.providers.profile import ProviderProfile
from webapp.providers.queries import (
    Clashes,
    find_clashes,
    get_provider,
    list_slugs_starting_with,
    list_update_snapshots,
    search_providers,
)


def test_one_provider_by_slug_or_id_with_everything_in_order(db_session):
    provider = make_provider(db_session, slug="ordning", offices=2, texts={"en": "Hello"})
    make_office(db_session, provider, street_address="Sista gatan 3")
    later = make_period(db_session, provider, service="FORB-1", valid_from=date(2025, 1, 1))
    earlier = make_period(db_session, provider, service="MATCH-1")
    by_slug = get_provider(db_session, slug="ordning")
    assert get_provider(db_session, provider_id=provider.id) is by_slug
    assert [o.street_address for o in by_slug.offices] == [
        "Testgatan 1",
        "Testgatan 2",
        "Sista gatan 3",
    ]
    assert [a.id for a in by_slug.authorizations] == [earlier.id, later.id]
    assert [t.description for t in by_slug.translations] == ["Hello"]
    assert get_provider(db_session, slug="finns-inte") is None
    assert get_provider(db_session, provider_id=999_999) is None


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("procent", ["100% Procent AB"]),
        ("%", ["100% Procent AB"]),  # a wildcard typed is a character searched for
        ("ÅNGBY", ["Ångby Jobb"]),
        ("5599001", ["100% Procent AB", "Ångby Jobb"]),
        ("559900-1", ["100% Procent AB", "Ångby Jobb"]),
        ("zzz", []),
    ],
)
def test_search_by_name_or_org_number(db_session, text, found):
    make_provider(db_session, name="Ångby Jobb", org_number="559900-1001")
    make_provider(db_session, name="100% Procent AB", org_number="559900-1019")
    names = [p.name for p in search_providers(db_session, text=text)]
    assert [name for name in names if name in ("Ångby Jobb", "100% Procent AB")] == found


def test_search_without_text_lists_everyone_in_swedish_order(db_session):
    make_provider(db_session, name="Östra Jobb")
    make_provider(db_session, name="Ängby Jobb")
    names = [p.name for p in search_providers(db_session)]
    assert names.index("Ängby Jobb") < names.index("Östra Jobb")
    assert len(names) == len(db_session.exec(select(Provider.id)).all())


def test_clashes_with_other_providers_only(db_session):
    mine = make_provider(db_session, org_number="559900-1001", slug="min")
    other = make_provider(db_session, name="Den Andra", org_number="559900-1019", slug="annan")
    assert find_clashes(db_session, org_number="559900-1019", slug="annan") == Clashes(
        org_number_holder="Den Andra", slug_taken=True
    )
    assert not find_clashes(
        db_session, org_number=mine.org_number, slug=mine.slug, excluding_id=mine.id
    )
    assert find_clashes(
        db_session, org_number=None, slug=other.slug, excluding_id=mine.id
    ) == Clashes(slug_taken=True)
    assert not find_clashes(db_session, org_number=None, slug=None)


def test_slugs_starting_with_a_prefix(db_session):
    for slug in ("ab_c", "ab_c-2", "abxc"):
        make_provider(db_session, slug=slug)
    assert list_slugs_starting_with(db_session, prefix="ab_c") == {"ab_c", "ab_c-2"}


def test_update_snapshots_newest_first(db_session):
    provider = make_provider(db_session)
    for name in ("Första", "Andra"):
        current = get_provider(db_session, provider_id=provider.id)
        update_provider(
            db_session,
            provider_id=provider.id,
            opened_version=current.version,
            profile=ProviderProfile(org_number=current.org_number, name=name, slug=current.slug),
        )
    assert [s["version"] for s in list_update_snapshots(db_session, provider_id=provider.id)] == [
        2,
        1,
    ]
    assert snapshot_provider(provider)["name"] == "Andra"


def test_the_version_claim_agrees_with_is_stale(db_session):
    """The SQL condition selects a provider exactly when an edit on that version is not stale."""
    providers = [make_provider(db_session) for _ in range(3)]
    bump_version(db_session, providers[1])
    for _ in range(2):
        bump_version(db_session, providers[2])
    for provider, opened in product(providers, range(5)):
        statement = select(Provider.id).where(
            Provider.id == provider.id, is_current_version(opened)
        )
        selected = db_session.exec(statement).first() is not None
        assert selected is not is_stale(provider, opened), (provider.version, opened)
