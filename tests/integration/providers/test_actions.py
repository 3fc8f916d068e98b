"""Creating and editing providers: one audit event per save, stale and clashing saves refused."""

import pytest
from sqlmodel import select

from tests.factories.providers import make_provider, new_profile
from webapp.providers.actions import ProviderTaken, StaleProvider, create_provider, update_provider
from webapp.providers.history import snapshot_provider
from webapp.providers.models import Provider
from webapp.providers.queries import Clashes, get_provider
from webapp.staff.models import AuditEvent

JOBBTORGET = "212000-9747"  # a seeded provider's org number


def audit_events(session, action: str) -> list[AuditEvent]:
    """Return the audit events with this action, oldest first."""
    statement = select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
    return list(session.exec(statement))


def edit(session, provider: Provider, **changes) -> Provider:
    """Save the provider's own values with changes, on the version it has."""
    values = {"org_number": provider.org_number, "name": provider.name, "slug": provider.slug}
    return update_provider(
        session,
        provider_id=provider.id,
        opened_version=provider.version,
        profile=new_profile(**{**values, **changes}),
    )


def test_create_stores_the_provider_with_a_slug_and_logs_it(db_session):
    created = create_provider(db_session, profile=new_profile(name="Jobbtorget"))
    # The seed's Jobbtorget has the plain slug.
    assert (created.org_number, created.slug, created.version) == ("556000-0001", "jobbtorget-2", 1)
    [event] = audit_events(db_session, "provider.create")
    assert (event.entity_id, event.summary, event.before) == (created.id, "Jobbtorget", None)
    assert event.after == snapshot_provider(get_provider(db_session, provider_id=created.id))


def test_a_taken_org_number_is_refused_and_the_transaction_stays_usable(db_session):
    with pytest.raises(ProviderTaken) as refused:
        create_provider(db_session, profile=new_profile(org_number=JOBBTORGET))
    assert refused.value.clashes == Clashes(org_number_holder="Jobbtorget")
    assert audit_events(db_session, "provider.create") == []
    # The savepoint took the failed insert with it: the next save goes through.
    assert create_provider(db_session, profile=new_profile()).id is not None


def test_update_bumps_the_version_and_logs_before_and_after(db_session):
    provider = make_provider(db_session, offices=2)
    before = snapshot_provider(get_provider(db_session, provider_id=provider.id))
    saved = edit(db_session, provider, name="Nytt Namn", phone="08-123 456 78")
    assert (saved.name, saved.search_name, saved.version) == ("Nytt Namn", "nytt namn", 2)
    # Offices the profile does not mention stay; its office without an id is added.
    streets = [office.street_address for office in saved.offices]
    assert streets == ["Testgatan 1", "Testgatan 2", "Karlavägen 1"]
    [event] = audit_events(db_session, "provider.update")
    assert event.before == before
    assert event.after == snapshot_provider(get_provider(db_session, provider_id=provider.id))


def test_of_two_edits_from_one_version_only_the_first_is_stored(db_session):
    provider = make_provider(db_session)
    opened = provider.version
    edit(db_session, provider, name="Först")
    with pytest.raises(StaleProvider):
        update_provider(
            db_session,
            provider_id=provider.id,
            opened_version=opened,
            profile=new_profile(org_number=provider.org_number, name="Sedan", slug=provider.slug),
        )
    stored = get_provider(db_session, provider_id=provider.id)
    assert (stored.name, stored.version) == ("Först", opened + 1)
    assert len(audit_events(db_session, "provider.update")) == 1


def test_an_edit_without_a_version_is_stale(db_session):
    provider = make_provider(db_session)
    with pytest.raises(StaleProvider):
        update_provider(
            db_session,
            provider_id=provider.id,
            opened_version=None,
            profile=new_profile(org_number=provider.org_number),
        )


def test_a_taken_slug_is_refused_on_edit(db_session):
    provider = make_provider(db_session)
    with pytest.raises(ProviderTaken) as refused:
        edit(db_session, provider, slug="jobbtorget")
    assert refused.value.clashes == Clashes(slug_taken=True)
    stored = get_provider(db_session, provider_id=provider.id)
    assert (stored.slug, stored.version) == (provider.slug, 1)


def test_an_unknown_provider_is_a_lookup_error(db_session):
    with pytest.raises(LookupError):
        update_provider(db_session, provider_id=999_999, opened_version=1, profile=new_profile())
