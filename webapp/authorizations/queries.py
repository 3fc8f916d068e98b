"""Queries for authorizations: a provider's periods, its decisions, and the changes coming up."""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import or_
from sqlalchemy.orm import selectinload
from sqlmodel import Session, select

from webapp.authorizations.models import Authorization, AuthorizationEvent
from webapp.providers.models import Provider
from webapp.staff.models import StaffUser


@dataclass(frozen=True)
class PeriodChange:
    """An authorization period that starts or ends soon."""

    provider_id: int
    provider_name: str
    service_id: int
    starts: bool  # True: the period starts on day; False: it ends on day
    day: date
    end_reason: str | None


def get_provider_with_periods(
    session: Session, *, provider_id: int, for_update: bool = False
) -> Provider | None:
    """Return a provider with its authorization periods, or None.

    for_update locks the provider's row (on PostgreSQL) and reads the periods
    afresh, so two decisions for the same provider cannot both pass the overlap
    check and then both write.
    """
    statement = (
        select(Provider)
        .where(Provider.id == provider_id)
        .options(selectinload(Provider.authorizations))
    )
    if for_update:
        statement = statement.with_for_update(of=Provider).execution_options(populate_existing=True)
    return session.exec(statement).first()


def list_authorization_events(
    session: Session, *, provider_id: int
) -> list[tuple[AuthorizationEvent, str | None]]:
    """Return a provider's authorization events with the recorder's e-mail, in history order.

    History order is the effective date, then the time recorded: a correction
    made later for the same day comes after the decision it corrects.
    """
    statement = (
        select(AuthorizationEvent, StaffUser.email)
        .outerjoin(StaffUser, StaffUser.id == AuthorizationEvent.recorded_by)
        .where(AuthorizationEvent.provider_id == provider_id)
        .order_by(
            AuthorizationEvent.effective_date,
            AuthorizationEvent.recorded_at,
            AuthorizationEvent.id,
        )
    )
    return [(event, email) for event, email in session.exec(statement)]


def list_period_changes(session: Session, *, today: date, days: int) -> list[PeriodChange]:
    """Return the authorization periods that start or end from today to days ahead, by day."""
    last = today + timedelta(days=days)
    statement = (
        select(Authorization, Provider.name)
        .join(Provider, Provider.id == Authorization.provider_id)
        .where(
            or_(
                Authorization.valid_from.between(today, last),
                Authorization.valid_until.between(today, last),
            )
        )
        .order_by(Provider.search_name, Authorization.service_id)
    )
    changes = []
    for period, name in session.exec(statement):
        for starts, day in ((True, period.valid_from), (False, period.valid_until)):
            if day is not None and today <= day <= last:
                changes.append(
                    PeriodChange(
                        provider_id=period.provider_id,
                        provider_name=name,
                        service_id=period.service_id,
                        starts=starts,
                        day=day,
                        end_reason=None if starts else period.end_reason,
                    )
                )
    # A stable sort keeps each day's changes in provider order.
    return sorted(changes, key=lambda change: change.day)
