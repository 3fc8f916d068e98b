"""What is published about providers and results: who is on public record, the catalogue,
the authorization periods and the stored results.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, exists, func
from sqlalchemy.orm import selectinload, subqueryload
from sqlmodel import Session, select

from webapp.authorizations.in_force import authorized_on, coming_after, overlaps
from webapp.authorizations.models import Authorization
from webapp.authorizations.status import AuthorizationStatus, describe_status
from webapp.catalog.models import Scheme, Service
from webapp.catalog.queries import index_services, list_schemes
from webapp.core.datacache import NOBODY, reuse_per_version
from webapp.providers.models import Office, Provider
from webapp.providers.queries import list_providers_by_id
from webapp.results.models import Result
from webapp.results.periods import period_bounds

# A provider's standing today: can be chosen, will be from a later day, or no longer.
STANDINGS = ("authorized", "not_yet", "ended")

# Subquery loads keep the whole list at one statement per relation, however many
# providers there are (selectinload would send one per 500).
_PROFILE_OPTIONS = (
    subqueryload(Provider.languages),
    subqueryload(Provider.features),
    subqueryload(Provider.authorizations),
    subqueryload(Provider.translations),
    subqueryload(Provider.offices).subqueryload(Office.translations),
)
# For one provider, a plain IN by its id is cheaper than repeating the query as a subquery.
_ONE_PROFILE_OPTIONS = (
    selectinload(Provider.languages),
    selectinload(Provider.features),
    selectinload(Provider.authorizations),
    selectinload(Provider.translations),
    selectinload(Provider.offices).selectinload(Office.translations),
)


@dataclass(frozen=True)
class ProviderIdentity:
    """How a provider is identified in published results: id, slug, name, organisation number."""

    id: int
    slug: str
    name: str
    org_number: str


@dataclass(frozen=True)
class AuthorizationSpan:
    """The days a provider was authorized for a service: valid_until is exclusive."""

    provider_id: int
    service_id: int
    valid_from: date
    valid_until: date | None


# Compared and hashed by identity: load_catalog keeps one per data version, so a cached
# read can take it as an argument (its lists and dicts could not be part of a key).
@dataclass(frozen=True, eq=False)
class Catalog:
    """Every scheme and service, in display order."""

    schemes: list[Scheme]
    by_code: dict[str, Service]
    _scheme_ids: dict[int, Scheme] = field(default_factory=dict)

    @property
    def services(self) -> list[Service]:
        """Return every service in display order."""
        return list(self.by_code.values())

    @property
    def by_id(self) -> dict[int, Service]:
        """Map service ids to services, in display order."""
        return {service.id: service for service in self.by_code.values()}

    def scheme_of(self, service: Service) -> Scheme:
        """Return the scheme a service belongs to."""
        return self._scheme_ids[service.scheme_id]

    def schemes_by_code(self) -> dict[str, Scheme]:
        """Map scheme codes to schemes."""
        return {scheme.code: scheme for scheme in self.schemes}

    def scheme_by_code(self, code: str) -> Scheme | None:
        """Return the scheme with this code, or None."""
        return self.schemes_by_code().get(code)


@reuse_per_version(own_texts_of=NOBODY)
def load_catalog(session: Session) -> Catalog:
    """Load the schemes and their services."""
    schemes = list_schemes(session)
    return Catalog(
        schemes=schemes,
        by_code=index_services(schemes),
        _scheme_ids={scheme.id: scheme for scheme in schemes},
    )


def standing(provider: Provider, today: date) -> tuple[str, dict]:
    """Return the provider's standing today as one of STANDINGS, with the dates that go with it."""
    return standing_of(describe_status(provider, today))


def standing_of(status: AuthorizationStatus) -> tuple[str, dict]:
    """Return the standing (one of STANDINGS) and its dates that a status today means."""
    if status.is_active:
        return "authorized", {}
    if status.starts_on:
        return "not_yet", {"starts_on": status.starts_on.isoformat()}
    return "ended", {"ended_on": status.ended_on.isoformat() if status.ended_on else None}


def standing_is(code: str, today: date):
    """Return the SQL condition for a provider whose standing today is code; twin of standing.

    Meant for providers on public record (with some authorization), as standing is.
    """
    current = exists().where(Authorization.provider_id == Provider.id, authorized_on(today))
    coming = exists().where(Authorization.provider_id == Provider.id, coming_after(today))
    if code == "authorized":
        return current
    if code == "not_yet":
        return and_(~current, coming)
    return and_(~current, ~coming)


def was_authorized(spans: Iterable[AuthorizationSpan], periods: Iterable[str]) -> bool:
    """Tell whether any of these authorization periods overlaps any day of the half-years."""
    days = [period_bounds(period) for period in periods]
    return any(overlaps(span, first, last) for span in spans for first, last in days)


def on_public_record():
    """Return the SQL condition for a provider that is, was or will be authorized."""
    return exists().where(Authorization.provider_id == Provider.id)


def list_public_providers(session: Session) -> list[Provider]:
    """Return every provider with an authorization, with profile data, by id."""
    statement = (
        select(Provider).where(on_public_record()).options(*_PROFILE_OPTIONS).order_by(Provider.id)
    )
    return list(session.exec(statement))


@reuse_per_version
def page_public_providers(
    session: Session,
    *,
    today: date,
    service_id: int | None,
    status: str | None,
    offset: int,
    limit: int,
) -> tuple[int, list[int]]:
    """Count the providers on public record that match, and return one page of their ids, by id.

    A service matches a provider ever authorized for it; a status is its standing today.
    """
    conditions = [on_public_record()]
    if service_id is not None:
        conditions.append(
            exists().where(
                Authorization.provider_id == Provider.id, Authorization.service_id == service_id
            )
        )
    if status is not None:
        conditions.append(standing_is(status, today))
    total = session.exec(select(func.count(Provider.id)).where(*conditions)).one()
    ids = select(Provider.id).where(*conditions).order_by(Provider.id).offset(offset).limit(limit)
    return total, list(session.exec(ids))


def page_public_profiles(
    session: Session,
    *,
    today: date,
    service_id: int | None,
    status: str | None,
    offset: int,
    limit: int,
) -> tuple[int, list[Provider]]:
    """Count the matching providers on public record; return one page of them with profile data."""
    total, ids = page_public_providers(
        session, today=today, service_id=service_id, status=status, offset=offset, limit=limit
    )
    return total, list_providers_by_id(session, ids=ids)


@reuse_per_version
def get_public_provider(session: Session, *, slug: str) -> Provider | None:
    """Return the provider with this slug if it has an authorization, with profile data."""
    statement = (
        select(Provider)
        .where(Provider.slug == slug, on_public_record())
        .options(*_ONE_PROFILE_OPTIONS)
    )
    return session.exec(statement).first()


@reuse_per_version(own_texts_of=NOBODY)
def list_provider_identities(session: Session) -> list[ProviderIdentity]:
    """Return how every provider with an authorization is identified, by id."""
    statement = (
        select(Provider.id, Provider.slug, Provider.name, Provider.org_number)
        .where(on_public_record())
        .order_by(Provider.id)
    )
    return [ProviderIdentity(*row) for row in session.exec(statement)]


@reuse_per_version(own_texts_of=NOBODY)
def index_provider_identities(session: Session) -> dict[str, ProviderIdentity]:
    """Map the slug of every provider with an authorization to how it is identified."""
    return {identity.slug: identity for identity in list_provider_identities(session)}


def list_authorization_spans(
    session: Session, *, provider_id: int | None = None, service_id: int | None = None
) -> list[AuthorizationSpan]:
    """Return the authorization periods, optionally of one provider or service."""
    statement = select(
        Authorization.provider_id,
        Authorization.service_id,
        Authorization.valid_from,
        Authorization.valid_until,
    )
    if provider_id is not None:
        statement = statement.where(Authorization.provider_id == provider_id)
    if service_id is not None:
        statement = statement.where(Authorization.service_id == service_id)
    return [AuthorizationSpan(*row) for row in session.exec(statement)]


def list_results(
    session: Session, *, provider_id: int | None = None, service_id: int | None = None
) -> list[Result]:
    """Return the half-year results, optionally of one provider or service."""
    statement = select(Result)
    if provider_id is not None:
        statement = statement.where(Result.provider_id == provider_id)
    if service_id is not None:
        statement = statement.where(Result.service_id == service_id)
    return list(session.exec(statement.order_by(Result.id)))
