"""The caseworkers' list of invitations: filters, a page of rows, counts per provider, export.

States, the provider that stands and the filters all come from the SQL twins in
``webapp.choices.state``, so the list agrees with each invitation's own page,
including defaults that are due but not recorded yet.
"""

from dataclasses import dataclass, field
from datetime import date
from math import ceil

from sqlalchemy import case, func
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from webapp.catalog.models import Service
from webapp.choices.models import ChoiceInvitation
from webapp.choices.queries import describe_row, status_statement
from webapp.choices.state import (
    ChoiceState,
    InvitationStatus,
    past_last_day_clause,
    standing_default_clause,
    standing_provider_id,
    state_clause,
    with_current_choice,
)
from webapp.providers.models import Provider

# The provider that stands now, by state.standing_provider_id.
_standing = aliased(Provider, name="standing_provider")


@dataclass(frozen=True)
class ChoiceFilters:
    """What the caseworker narrowed the list by; None or False means no filter."""

    state: ChoiceState | None = None
    service_id: int | None = None
    provider_id: int | None = None  # the provider that stands now
    deadline_passed: bool = False


@dataclass(frozen=True)
class InvitationRow:
    """One invitation as the list shows it: its state, standing provider and service code."""

    invitation: ChoiceInvitation
    status: InvitationStatus
    provider: Provider | None
    service_code: str


@dataclass(frozen=True)
class ProviderCount:
    """How many invitations currently stand with a provider, by how they got there."""

    provider: Provider
    chosen: int  # by the client, on the site, by phone or by a switch
    defaulted: int  # the default provider, after the deadline
    total: int


@dataclass(frozen=True)
class InvitationList:
    """A page of the list, with how many match and the counts per provider."""

    rows: list[InvitationRow] = field(default_factory=list)
    counts: list[ProviderCount] = field(default_factory=list)
    total: int = 0
    page: int = 1
    pages: int = 1


def _filtered(statement, filters: ChoiceFilters, today: date):
    if filters.state is not None:
        statement = statement.where(state_clause(filters.state, today))
    if filters.service_id is not None:
        statement = statement.where(ChoiceInvitation.service_id == filters.service_id)
    if filters.provider_id is not None:
        statement = statement.where(standing_provider_id(today) == filters.provider_id)
    if filters.deadline_passed:
        statement = statement.where(past_last_day_clause(today))
    return statement


def count_invitations(session: Session, *, filters: ChoiceFilters, today: date) -> int:
    """Count the invitations that match the filters."""
    statement = with_current_choice(select(func.count(ChoiceInvitation.id)))
    return session.exec(_filtered(statement, filters, today)).one()


def list_invitation_rows(
    session: Session,
    *,
    filters: ChoiceFilters,
    today: date,
    limit: int | None = None,
    offset: int = 0,
) -> list[InvitationRow]:
    """Return matching invitations with their state, newest first, in one statement."""
    statement = (
        status_statement(today, _standing, Service.code)
        .join(Service, Service.id == ChoiceInvitation.service_id)
        .outerjoin(_standing, _standing.id == standing_provider_id(today))
        .order_by(ChoiceInvitation.created_at.desc(), ChoiceInvitation.id.desc())
    )
    statement = _filtered(statement, filters, today)
    if limit is not None:
        statement = statement.limit(limit).offset(offset)
    return [
        InvitationRow(
            invitation=row[0],
            status=describe_row(row, today),
            provider=row[-2],
            service_code=row[-1],
        )
        for row in session.exec(statement)
    ]


def count_current_choices_by_provider(
    session: Session, *, filters: ChoiceFilters, today: date
) -> list[ProviderCount]:
    """Count the invitations standing with each provider among matching, not cancelled ones."""
    total = func.count(ChoiceInvitation.id)
    defaulted = func.sum(case((standing_default_clause(), 1), else_=0))
    statement = (
        with_current_choice(select(_standing, total, defaulted))
        .join(_standing, _standing.id == standing_provider_id(today))
        .where(ChoiceInvitation.cancelled_at.is_(None))
        .group_by(_standing.id)
        .order_by(total.desc(), _standing.name)
    )
    statement = _filtered(statement, filters, today)
    return [
        ProviderCount(
            provider=provider, chosen=count - (default or 0), defaulted=default or 0, total=count
        )
        for provider, count, default in session.exec(statement)
    ]


def read_invitation_list(
    session: Session, *, filters: ChoiceFilters, today: date, page: int, per_page: int
) -> InvitationList:
    """Return one page of matching invitations (the nearest page that exists) and the counts."""
    total = count_invitations(session, filters=filters, today=today)
    pages = max(ceil(total / per_page), 1)
    page = min(max(page, 1), pages)
    return InvitationList(
        rows=list_invitation_rows(
            session, filters=filters, today=today, limit=per_page, offset=(page - 1) * per_page
        ),
        counts=count_current_choices_by_provider(session, filters=filters, today=today),
        total=total,
        page=page,
        pages=pages,
    )


def list_provider_names(session: Session) -> list[Provider]:
    """Return every provider, by name, for the list's provider filter."""
    return list(session.exec(select(Provider).order_by(Provider.name)))
