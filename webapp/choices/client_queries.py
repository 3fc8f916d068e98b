"""Queries for the client's choice pages: the invitation behind a code, its service, switches."""

from sqlalchemy import update
from sqlalchemy.orm import selectinload
from sqlmodel import Session, select

from webapp.catalog.models import Service
from webapp.choices.models import ChoiceInvitation, SwitchRequest
from webapp.providers.models import Office, Provider


def get_invitation(session: Session, *, invitation_id: int) -> ChoiceInvitation | None:
    """Return the invitation with this id, or None."""
    return session.get(ChoiceInvitation, invitation_id)


def count_code_attempt(session: Session, invitation: ChoiceInvitation) -> int:
    """Add one to the invitation's code entries and return the new count."""
    # In the database, so two entries at the same moment both count.
    session.exec(
        update(ChoiceInvitation)
        .where(ChoiceInvitation.id == invitation.id)
        .values(code_attempts=ChoiceInvitation.code_attempts + 1)
        .execution_options(synchronize_session=False)
    )
    session.refresh(invitation)
    return invitation.code_attempts


def get_service(session: Session, *, service_id: int) -> Service | None:
    """Return a service with its translations, or None."""
    statement = (
        select(Service).where(Service.id == service_id).options(selectinload(Service.translations))
    )
    return session.exec(statement).first()


def get_provider_contact(session: Session, *, provider_id: int) -> Provider | None:
    """Return a provider with its offices and translations, for naming and contacting it."""
    statement = (
        select(Provider)
        .where(Provider.id == provider_id)
        .options(
            selectinload(Provider.translations),
            selectinload(Provider.offices).selectinload(Office.translations),
        )
    )
    return session.exec(statement).first()


def find_latest_switch_request(session: Session, *, invitation_id: int) -> SwitchRequest | None:
    """Return the invitation's most recent switch request, if any."""
    statement = (
        select(SwitchRequest)
        .where(SwitchRequest.invitation_id == invitation_id)
        .order_by(SwitchRequest.requested_at.desc(), SwitchRequest.id.desc())
    )
    return session.exec(statement).first()
