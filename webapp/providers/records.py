"""Queries for provider records in the staff admin."""

import re

from sqlalchemy import or_, update
from sqlalchemy.orm import selectinload, subqueryload
from sqlmodel import Session, select

from webapp.catalog.models import Service
from webapp.core.textkeys import fold_for_search, swedish_sort_key
from webapp.providers.models import Office, Provider
from webapp.staff.models import AuditEvent

_RECORD_OPTIONS = (
    selectinload(Provider.languages),
    selectinload(Provider.features),
    selectinload(Provider.translations),
    selectinload(Provider.authorizations),
    selectinload(Provider.offices).selectinload(Office.translations),
)


def list_admin_providers(session: Session, *, text: str = "") -> list[Provider]:
    """Return every provider matching the text (name or org number), in Swedish order.

    Authorizations come along, to tell each provider's standing today.
    """
    # A subquery load is one statement however many providers there are.
    statement = select(Provider).options(subqueryload(Provider.authorizations))
    text = text.strip()
    if text:
        conditions = [Provider.search_name.like(_contains(fold_for_search(text)), escape="\\")]
        org_pattern = _org_number_fragment(text)
        if org_pattern:
            conditions.append(Provider.org_number.like(_contains(org_pattern), escape="\\"))
        statement = statement.where(or_(*conditions))
    providers = list(session.exec(statement))
    providers.sort(key=lambda provider: swedish_sort_key(provider.name))
    return providers


def _contains(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _org_number_fragment(text: str) -> str | None:
    # People type org numbers with or without the hyphen; stored ones have it.
    digits = re.sub(r"[\s-]", "", text)
    if not digits.isdigit() or len(digits) > 10:
        return None
    return f"{digits[:6]}-{digits[6:]}" if len(digits) > 6 else digits


def get_admin_provider(session: Session, *, provider_id: int) -> Provider | None:
    """Return a provider with offices, languages, features, texts and authorizations."""
    statement = (
        select(Provider)
        .where(Provider.id == provider_id)
        .options(*_RECORD_OPTIONS)
        .execution_options(populate_existing=True)
    )
    provider = session.exec(statement).first()
    if provider is not None:
        provider.offices.sort(key=lambda office: office.id)
        provider.authorizations.sort(key=lambda a: (a.valid_from, a.service_id))
    return provider


def map_services(session: Session) -> dict[int, Service]:
    """Return every service by id."""
    return {service.id: service for service in session.exec(select(Service))}


def find_provider_by_org_number(
    session: Session, *, org_number: str, excluding_id: int | None = None
) -> Provider | None:
    """Return another provider with this (normalized) org number, or None."""
    statement = select(Provider).where(Provider.org_number == org_number)
    if excluding_id is not None:
        statement = statement.where(Provider.id != excluding_id)
    return session.exec(statement).first()


def is_slug_taken(session: Session, *, slug: str, excluding_id: int | None = None) -> bool:
    """Tell whether another provider has this slug."""
    statement = select(Provider.id).where(Provider.slug == slug)
    if excluding_id is not None:
        statement = statement.where(Provider.id != excluding_id)
    return session.exec(statement).first() is not None


def list_slugs_starting_with(session: Session, *, prefix: str) -> set[str]:
    """Return the slugs that start with the prefix."""
    pattern = _contains(prefix)[1:]  # no leading wildcard: starts with
    statement = select(Provider.slug).where(Provider.slug.like(pattern, escape="\\"))
    return set(session.exec(statement))


def claim_provider_version(session: Session, *, provider_id: int, version: int) -> bool:
    """Bump the provider's version if it still is the given one; tell whether it was.

    One conditional UPDATE: of two saves racing from the same version, only one
    matches the row (PostgreSQL makes the other wait, then re-check the condition).
    """
    statement = (
        update(Provider)
        .where(Provider.id == provider_id, Provider.version == version)
        .values(version=version + 1)
        .execution_options(synchronize_session=False)
    )
    return session.exec(statement).rowcount == 1


def list_update_snapshots(session: Session, *, provider_id: int) -> list[dict]:
    """Return the 'before' snapshots of the provider's recorded updates, newest first."""
    statement = (
        select(AuditEvent.before)
        .where(
            AuditEvent.action == "provider.update",
            AuditEvent.entity_type == "provider",
            AuditEvent.entity_id == provider_id,
        )
        .order_by(AuditEvent.id.desc())
    )
    return [before for before in session.exec(statement) if isinstance(before, dict)]
