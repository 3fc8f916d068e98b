"""Creating and editing providers: the only code that changes a provider's profile.

An org number and a slug belong to one provider; the database's unique indexes
decide, inside a savepoint, so a clash (even with a save made in the same
moment) leaves the request's transaction usable and surfaces as ProviderTaken.
An edit claims the version it was opened on, so of two saves from the same
version only the first is stored; the other raises StaleProvider.
"""

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from webapp.core.actions import action
from webapp.providers.history import is_current_version, snapshot_provider
from webapp.providers.models import Provider
from webapp.providers.profile import (
    ProviderProfile,
    apply_profile,
    make_slug,
    new_provider,
    number_slug,
)
from webapp.providers.queries import (
    Clashes,
    find_clashes,
    get_provider,
    list_slugs_starting_with,
)
from webapp.staff.audit import record_event


class ProviderTaken(Exception):
    """Another provider holds the org number or slug; nothing was stored.

    clashes is empty when the other save cannot be found again (it was undone).
    """

    def __init__(self, clashes: Clashes):
        super().__init__("org number or slug taken")
        self.clashes = clashes


class StaleProvider(Exception):
    """The edit was opened on an older version than the one stored; nothing was stored."""


@action("provider.create")
def create_provider(session: Session, *, profile: ProviderProfile) -> Provider:
    """Create a provider from the profile; its slug is made from the name, numbered if taken."""
    provider = new_provider()
    apply_profile(provider, profile)
    base = make_slug(provider.name)
    provider.slug = number_slug(base, list_slugs_starting_with(session, prefix=base))
    _store(session, provider, lambda: session.add(provider), excluding_id=None)
    _log(session, "provider.create", provider, before=None)
    return provider


@action("provider.update")
def update_provider(
    session: Session, *, provider_id: int, opened_version: int | None, profile: ProviderProfile
) -> Provider:
    """Store the profile on a provider, unless someone saved it after opened_version."""
    provider = get_provider(session, provider_id=provider_id)
    if provider is None:
        raise LookupError(f"no provider with id {provider_id}")
    before = snapshot_provider(provider)

    def claim_and_apply() -> None:
        if not _claim_version(session, provider_id=provider_id, version=opened_version):
            raise StaleProvider
        provider.version = opened_version + 1  # the value the claim stored
        apply_profile(provider, profile)

    _store(session, provider, claim_and_apply, excluding_id=provider_id)
    _log(session, "provider.update", provider, before=before)
    return provider


def _store(session: Session, provider: Provider, change, *, excluding_id: int | None) -> None:
    """Make the change and write the provider in a savepoint; explain a unique-index clash."""
    wanted: tuple[str, str] = ("", "")
    try:
        with session.begin_nested():
            change()
            wanted = (provider.org_number, provider.slug)
            session.flush()  # gives new rows their ids for the snapshot
    except IntegrityError:
        # The savepoint is gone and the provider with it: ask what holds the values wanted.
        org_number, slug = wanted
        clashes = find_clashes(session, org_number=org_number, slug=slug, excluding_id=excluding_id)
        raise ProviderTaken(clashes) from None


def _log(session: Session, event: str, provider: Provider, *, before: dict | None) -> None:
    record_event(
        session,
        event,
        entity_type="provider",
        entity_id=provider.id,
        summary=provider.name,
        before=before,
        after=snapshot_provider(provider),
    )


def _claim_version(session: Session, *, provider_id: int, version: int | None) -> bool:
    """Bump the provider's version if it still is the given one; tell whether it was.

    One conditional UPDATE: of two saves racing from the same version, only one
    matches the row (PostgreSQL makes the other wait, then re-check the condition).
    """
    if version is None:
        return False
    statement = (
        update(Provider)
        .where(Provider.id == provider_id, is_current_version(version))
        .values(version=version + 1)
        .execution_options(synchronize_session=False)
    )
    return session.exec(statement).rowcount == 1
