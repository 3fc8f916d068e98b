"""Scenarios for the provider actions: creating one, and editing one."""

from tests.factories.providers import make_provider, new_profile
from webapp.providers.actions import create_provider, update_provider


def create(session) -> None:
    """Create a provider."""
    create_provider(session, profile=new_profile())


def update(session) -> None:
    """Rename a provider, on the version it has."""
    provider = make_provider(session)
    update_provider(
        session,
        provider_id=provider.id,
        opened_version=provider.version,
        profile=new_profile(org_number=provider.org_number, name="Nytt namn", slug=provider.slug),
    )


SCENARIOS = {
    ("webapp.providers.actions.create_provider", "provider.create"): create,
    ("webapp.providers.actions.update_provider", "provider.update"): update,
}
