"""Queries for the admin's authorization pages: a provider's periods and its decisions."""

from sqlalchemy.orm import selectinload
from sqlmodel import Session, select

from webapp.authorizations.models import AuthorizationEvent
from webapp.providers.models import Provider
from webapp.staff.models import StaffUser


def get_provider_with_periods(
    session: Session, *, provider_id: int, for_update: bool = False
) -> Provider | None:
    """Return a provider with its authorization periods, or None.

    for_update locks the provider's row (on PostgreSQL) so two decisions for the
    same provider cannot both pass the overlap check and then both write.
    """
    statement = (
        select(Provider)
        .where(Provider.id == provider_id)
        .options(selectinload(Provider.authorizations))
    )
    if for_update:
        statement = statement.with_for_update(of=Provider)
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
