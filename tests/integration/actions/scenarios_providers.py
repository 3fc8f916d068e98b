"""Scenarios for the provider actions: creating one, and editing one."""

from tests.factories.providers import make_provider
from webapp.providers.actions import create_provider, update_provider
from webapp.providers.profile import OfficeProfile, ProviderProfile


def profile(**changes) -> ProviderProfile:
    """A complete profile with one office; changes replace its fields."""
    values = {
        "org_number": "5560000001",
        "name": "Östermalms Jobbstöd",
        "offices": (
            OfficeProfile(office_id=None, street_address="Karlavägen 1", district="Östermalm"),
        ),
        **changes,
    }
    return ProviderProfile(**values)


def create(session) -> None:
    """Create a provider."""
    create_provider(session, profile=profile())


def update(session) -> None:
    """Rename a provider, on the version it has."""
    provider = make_provider(session)
    update_provider(
        session,
        provider_id=provider.id,
        opened_version=provider.version,
        profile=profile(org_number=provider.org_number, name="Nytt namn", slug=provider.slug),
    )


SCENARIOS = {
    ("webapp.providers.actions.create_provider", "provider.create"): create,
    ("webapp.providers.actions.update_provider", "provider.update"): update,
}
