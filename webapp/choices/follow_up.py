"""What the client's page says after the choice: a switch decision, a provider gone, notices.

Read with the rest of the client's page (``queries.read_choice_page``); nothing
here writes. The caseworker's reason is shown only here, to the person holding
the code, and on the staff pages.
"""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from webapp.choices.displacement import SWITCH, default_after_window
from webapp.choices.models import ChoiceInvitation, Displacement, SwitchRequest
from webapp.choices.notices import find_notice_address
from webapp.choices.state import InvitationStatus
from webapp.choices.switching import local_date, review_deadline
from webapp.core.mail import mail_enabled
from webapp.providers.models import Provider


@dataclass(frozen=True)
class SwitchOutcome:
    """The client's latest switch request and what became of it."""

    status: str  # pending, approved, rejected or withdrawn
    provider_name: str  # the provider asked for
    reason: str  # the caseworker's words, for a decision
    decided_on: date | None
    review_by: date | None  # the last day to ask for a review of a refusal


@dataclass(frozen=True)
class ProviderGone:
    """A provider the client had (or asked for) loses its authorization: what now."""

    provider_name: str
    effective_date: date  # the first day it may not deliver the service
    gone: bool  # the day has come
    deadline: date  # the last day to choose again
    default_name: str  # who the client gets without a new choice; "" means the caseworker
    keeps_current: bool  # the client asked to switch to it, and keeps their provider
    can_choose: bool


@dataclass(frozen=True)
class FollowUp:
    """Everything after the choice that the client's page tells them."""

    switch: SwitchOutcome | None
    provider_gone: ProviderGone | None
    mail_enabled: bool
    notice_email: str  # the address left for notices, "" if none


def switch_outcome(request: SwitchRequest | None, provider: Provider | None):
    """Describe the latest switch request for the client, or None."""
    if request is None or provider is None:
        return None
    decided = request.decided_at
    return SwitchOutcome(
        status=request.status,
        provider_name=provider.name,
        reason=request.decision_reason if request.status in ("approved", "rejected") else "",
        decided_on=decided and local_date(decided),
        review_by=review_deadline(decided) if decided and request.status == "rejected" else None,
    )


def find_latest_displacement(session: Session, *, invitation_id: int) -> Displacement | None:
    """Return the latest new window a de-authorization gave the invitation, if any."""
    statement = (
        select(Displacement)
        .where(Displacement.invitation_id == invitation_id)
        .order_by(Displacement.id.desc())
    )
    return session.exec(statement).first()


def provider_gone(
    session: Session,
    invitation: ChoiceInvitation,
    status: InvitationStatus,
    *,
    today: date,
) -> ProviderGone | None:
    """Describe the latest de-authorization that affects the client, while it still matters."""
    found = find_latest_displacement(session, invitation_id=invitation.id)
    if found is None or status.state == "cancelled":
        return None
    keeps_current = found.reason == SWITCH
    if keeps_current and today > found.deadline:
        return None
    if not keeps_current and status.provider_id != found.provider_id:
        return None  # the client has chosen again, or the default has taken its place
    default = default_after_window(
        session,
        service_id=invitation.service_id,
        provider_id=found.provider_id,
        deadline=found.deadline,
    )
    return ProviderGone(
        provider_name=session.get(Provider, found.provider_id).name,
        effective_date=found.effective_date,
        gone=today >= found.effective_date,
        deadline=found.deadline,
        default_name=default.name if default else "",
        keeps_current=keeps_current,
        can_choose=status.can_choose,
    )


def read_follow_up(
    session: Session,
    invitation: ChoiceInvitation,
    status: InvitationStatus,
    *,
    switch: SwitchRequest | None,
    switch_provider: Provider | None,
    today: date,
) -> FollowUp:
    """Gather what the client's page says after the choice; it changes nothing."""
    address = find_notice_address(session, invitation_id=invitation.id)
    return FollowUp(
        switch=switch_outcome(switch, switch_provider),
        provider_gone=provider_gone(session, invitation, status, today=today),
        mail_enabled=mail_enabled(),
        notice_email=address.email if address else "",
    )
