"""Queries for the open data: every provider on public record and all published results."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, func
from sqlalchemy.orm import subqueryload
from sqlmodel import Session, select

from webapp.authorizations.models import Authorization
from webapp.providers.models import Office, Provider
from webapp.results.models import Result
from webapp.results.periods import previous_period

# Subquery loads keep the whole list at one statement per relation, however many
# providers there are (selectinload would send one per 500).
_PROFILE_OPTIONS = (
    subqueryload(Provider.languages),
    subqueryload(Provider.features),
    subqueryload(Provider.authorizations),
    subqueryload(Provider.translations),
    subqueryload(Provider.offices).subqueryload(Office.translations),
)


@dataclass(frozen=True)
class ProviderName:
    """How a provider is named in result tables."""

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


def on_public_record():
    """Return the SQL condition for a provider that is, was or will be authorized."""
    return exists().where(Authorization.provider_id == Provider.id)


def list_public_providers(session: Session) -> list[Provider]:
    """Return every provider with an authorization, with profile data, by id."""
    statement = (
        select(Provider).where(on_public_record()).options(*_PROFILE_OPTIONS).order_by(Provider.id)
    )
    return list(session.exec(statement))


def get_public_provider(session: Session, *, slug: str) -> Provider | None:
    """Return the provider with this slug if it has an authorization, with profile data."""
    statement = (
        select(Provider).where(Provider.slug == slug, on_public_record()).options(*_PROFILE_OPTIONS)
    )
    return session.exec(statement).first()


def list_provider_names(session: Session) -> list[ProviderName]:
    """Return the names of every provider with an authorization, by id."""
    statement = (
        select(Provider.id, Provider.slug, Provider.name, Provider.org_number)
        .where(on_public_record())
        .order_by(Provider.id)
    )
    return [ProviderName(*row) for row in session.exec(statement)]


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


def list_published_periods(session: Session) -> list[str]:
    """Return every half-year from the first published results to the latest, oldest first."""
    first, latest = session.exec(select(func.min(Result.period), func.max(Result.period))).one()
    if latest is None:
        return []
    periods = [latest]
    # Periods sort in time order as text, so walking back stops at the first one.
    while periods[-1] > first:
        periods.append(previous_period(periods[-1]))
    return periods[::-1]
