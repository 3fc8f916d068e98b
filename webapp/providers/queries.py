"""Queries for providers: the public list, one provider, a comparison set, and the staff's search.

Each is one statement per relation however many providers there are.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from sqlalchemy import exists, or_
from sqlalchemy.orm import selectinload, subqueryload
from sqlmodel import Session, select

from webapp.authorizations.in_force import authorized_on
from webapp.authorizations.models import Authorization
from webapp.catalog.models import ServiceTargetGroup
from webapp.core.datacache import NOBODY, reuse_each_per_version, reuse_per_version
from webapp.core.textkeys import fold_for_search, swedish_sort_key
from webapp.providers.models import Office, Provider, ProviderFeature, ProviderLanguage
from webapp.providers.records import load_provider_records
from webapp.staff.models import AuditEvent

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

    @property
    def active_count(self) -> int:
        """Return how many filters are in use; each ticked feature counts as one."""
        single = (self.service_id is not None, self.language, self.district, self.target_group)
        return sum(1 for value in single if value) + len(self.features) + bool(self.text.strip())


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
        pattern = _contains(fold_for_search(filters.text.strip()))
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


def _record_id(record) -> int:
    """Return a kept provider record's id: the provider whose own texts it holds."""
    return record.id


def list_providers_by_id(session: Session, *, ids: list[int]) -> list:
    """Return the providers with these ids and their profile data as records, in the order given."""

    def load(missing: list[int]) -> dict:
        found = load_provider_records(session, Provider.id.in_(missing))
        return {provider.id: provider for provider in found}

    if not ids:
        return []
    by_id = reuse_each_per_version("provider-by-id", list(ids), load, own_texts_of=_record_id)
    return [by_id[provider_id] for provider_id in ids if provider_id in by_id]


def get_provider(
    session: Session, *, slug: str | None = None, provider_id: int | None = None
) -> Provider | None:
    """Return the provider with this slug (or id) and all its profile data, read afresh, or None.

    Offices come in the order they were added, authorizations by start and service.
    """
    key = Provider.slug == slug if provider_id is None else Provider.id == provider_id
    statement = (
        select(Provider)
        .where(key)
        .options(*_PROFILE_OPTIONS)
        .execution_options(populate_existing=True)
    )
    provider = session.exec(statement).first()
    if provider is not None:
        provider.offices.sort(key=lambda office: office.id)
        provider.authorizations.sort(key=lambda a: (a.valid_from, a.service_id))
    return provider


def list_providers_by_slug(session: Session, *, slugs: list[str]) -> list:
    """Return the providers with these slugs as records, in the order the slugs were given."""

    def load(missing: list[str]) -> dict:
        found = load_provider_records(session, Provider.slug.in_(missing))
        return {provider.slug: provider for provider in found}

    if not slugs:
        return []
    by_slug = reuse_each_per_version("provider-by-slug", list(slugs), load, own_texts_of=_record_id)
    return [by_slug[slug] for slug in slugs if slug in by_slug]


@reuse_per_version(own_texts_of=NOBODY)
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


@reuse_per_version(own_texts_of=NOBODY)
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


# --- The staff's provider records --------------------------------------------------


@dataclass(frozen=True)
class Clashes:
    """What another provider already holds of an org number and a slug."""

    org_number_holder: str | None = None  # the other provider's name
    slug_taken: bool = False

    def __bool__(self) -> bool:
        return self.org_number_holder is not None or self.slug_taken


def search_providers(session: Session, *, text: str = "") -> list[Provider]:
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


def find_clashes(
    session: Session,
    *,
    org_number: str | None,
    slug: str | None,
    excluding_id: int | None = None,
) -> Clashes:
    """Tell what another provider already holds of this (normalized) org number and slug."""
    others = select(Provider.name, Provider.org_number, Provider.slug).where(
        or_(Provider.org_number == org_number, Provider.slug == slug)
    )
    if excluding_id is not None:
        others = others.where(Provider.id != excluding_id)
    rows = session.exec(others).all()
    holder = next((name for name, org, _slug in rows if org == org_number), None)
    return Clashes(holder, any(other == slug for _name, _org, other in rows))


def list_slugs_starting_with(session: Session, *, prefix: str) -> set[str]:
    """Return the slugs that start with the prefix."""
    pattern = _contains(prefix)[1:]  # no leading wildcard: starts with
    statement = select(Provider.slug).where(Provider.slug.like(pattern, escape="\\"))
    return set(session.exec(statement))


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


def _contains(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _org_number_fragment(text: str) -> str | None:
    # People type org numbers with or without the hyphen; stored ones have it.
    digits = re.sub(r"[\s-]", "", text)
    if not digits.isdigit() or len(digits) > 10:
        return None
    return f"{digits[:6]}-{digits[6:]}" if len(digits) > 6 else digits
