"""Queries for providers: the public list, one profile, and a comparison set."""

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from sqlalchemy import exists
from sqlalchemy.orm import selectinload, subqueryload
from sqlmodel import Session, select

from webapp.authorizations.in_force import authorized_on
from webapp.authorizations.models import Authorization
from webapp.catalog.models import ServiceTargetGroup
from webapp.core.textkeys import fold_for_search
from webapp.providers.models import Office, Provider, ProviderFeature, ProviderLanguage

_PROFILE_RELATIONS = (
    Provider.languages,
    Provider.features,
    Provider.authorizations,
    Provider.translations,
)
_PROFILE_OPTIONS = (
    *(selectinload(relation) for relation in _PROFILE_RELATIONS),
    selectinload(Provider.offices).selectinload(Office.translations),
)
# selectinload sends one statement per 500 parents; for the whole list a subquery
# load keeps it at one statement per relation however many providers there are.
_LIST_OPTIONS = (
    *(subqueryload(relation) for relation in _PROFILE_RELATIONS),
    subqueryload(Provider.offices).subqueryload(Office.translations),
)


@dataclass(frozen=True)
class ProviderFilters:
    """What the visitor narrowed the list by; None or empty means no filter."""

    service_id: int | None = None
    language: str | None = None
    district: str | None = None
    target_group: str | None = None
    features: tuple[str, ...] = field(default_factory=tuple)
    text: str = ""


class ProviderName(NamedTuple):
    """A provider's id and name, for sorting before the details are loaded."""

    id: int
    name: str


def _matching(columns, *, today: date, filters: ProviderFilters):
    """Return a SELECT of columns for providers authorized today that match every filter."""
    authorization = select(Authorization.id).where(
        Authorization.provider_id == Provider.id, authorized_on(today)
    )
    if filters.service_id is not None:
        authorization = authorization.where(Authorization.service_id == filters.service_id)
    if filters.target_group:
        authorization = authorization.where(
            exists().where(
                ServiceTargetGroup.service_id == Authorization.service_id,
                ServiceTargetGroup.target_group == filters.target_group,
            )
        )
    statement = select(*columns).where(exists(authorization))
    if filters.language:
        statement = statement.where(
            exists().where(
                ProviderLanguage.provider_id == Provider.id,
                ProviderLanguage.language == filters.language,
            )
        )
    if filters.district:
        statement = statement.where(
            exists().where(Office.provider_id == Provider.id, Office.district == filters.district)
        )
    for feature in filters.features:
        statement = statement.where(
            exists().where(
                ProviderFeature.provider_id == Provider.id, ProviderFeature.feature == feature
            )
        )
    if filters.text.strip():
        pattern = "%" + _escape_like(fold_for_search(filters.text.strip())) + "%"
        statement = statement.where(Provider.search_name.like(pattern, escape="\\"))
    return statement


def list_authorized_providers(
    session: Session, *, today: date, filters: ProviderFilters
) -> list[Provider]:
    """Return providers authorized today that match every filter, with profile data."""
    statement = _matching([Provider], today=today, filters=filters).options(*_LIST_OPTIONS)
    return list(session.exec(statement))


def list_matching_names(
    session: Session, *, today: date, filters: ProviderFilters
) -> list[ProviderName]:
    """Return only the ids and names of the matching providers: enough to sort and page."""
    statement = _matching([Provider.id, Provider.name], today=today, filters=filters)
    return [ProviderName(id, name) for id, name in session.exec(statement)]


def list_providers_by_id(session: Session, *, ids: list[int]) -> list[Provider]:
    """Return the providers with these ids and their profile data, in the order given."""
    if not ids:
        return []
    statement = select(Provider).where(Provider.id.in_(ids)).options(*_PROFILE_OPTIONS)
    by_id = {provider.id: provider for provider in session.exec(statement)}
    return [by_id[provider_id] for provider_id in ids if provider_id in by_id]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def get_provider(session: Session, *, slug: str) -> Provider | None:
    """Return the provider with this slug and its profile data, or None."""
    statement = select(Provider).where(Provider.slug == slug).options(*_PROFILE_OPTIONS)
    return session.exec(statement).first()


def list_providers_by_slug(session: Session, *, slugs: list[str]) -> list[Provider]:
    """Return the providers with these slugs, in the order the slugs were given."""
    if not slugs:
        return []
    statement = select(Provider).where(Provider.slug.in_(slugs)).options(*_PROFILE_OPTIONS)
    by_slug = {provider.slug: provider for provider in session.exec(statement)}
    return [by_slug[slug] for slug in slugs if slug in by_slug]


def list_staff_languages(session: Session, *, today: date) -> list[str]:
    """Return the language codes spoken at any provider authorized today."""
    statement = (
        select(ProviderLanguage.language)
        .where(
            exists().where(
                Authorization.provider_id == ProviderLanguage.provider_id, authorized_on(today)
            )
        )
        .distinct()
    )
    return list(session.exec(statement))


def list_districts(session: Session, *, today: date) -> list[str]:
    """Return the districts with an office of a provider authorized today."""
    statement = (
        select(Office.district)
        .where(
            exists().where(Authorization.provider_id == Office.provider_id, authorized_on(today))
        )
        .distinct()
    )
    return list(session.exec(statement))
