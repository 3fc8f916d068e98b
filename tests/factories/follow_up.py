"""Displacements (new windows after a de-authorization) and notice addresses, for tests."""

from datetime import date, timedelta

from sqlmodel import Session

from tests.factories import scene
from tests.factories.choices import provider_id
from webapp.choices.models import ChoiceInvitation, Displacement, NoticeAddress
from webapp.core import clock


def make_notice_address(
    session: Session,
    invitation: ChoiceInvitation,
    *,
    email: str = "klient@example.org",
    lang: str = "sv",
) -> NoticeAddress:
    """Add the address a client left for notices."""
    address = NoticeAddress(invitation_id=invitation.id, email=email, lang=lang)
    with scene():
        session.add(address)
        session.flush()
    return address


def make_displacement(
    session: Session,
    invitation: ChoiceInvitation,
    *,
    provider: str = "jarvalyftet",
    reason: str = "current",
    effective_date: date | None = None,
    deadline: date | None = None,
) -> Displacement:
    """Add a new window after a provider's de-authorization, and move the last day to choose."""
    today = clock.today()
    deadline = deadline or today + timedelta(days=14)
    displacement = Displacement(
        invitation_id=invitation.id,
        provider_id=provider_id(session, provider),
        reason=reason,
        effective_date=effective_date or today,
        deadline=deadline,
    )
    with scene():
        invitation.reopened_until = deadline
        session.add_all([displacement, invitation])
        session.flush()
    return displacement
