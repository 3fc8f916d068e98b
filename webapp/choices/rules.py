"""Online choice: one-time codes, the states an invitation goes through, and recording choices.

The rules live here so the client pages, the caseworker pages and the daily job
apply them the same way.
"""

import hashlib
import hmac
import math
import secrets
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import update
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, select

from webapp.authorizations.in_force import authorized_on
from webapp.authorizations.models import Authorization
from webapp.choices.models import Choice, ChoiceInvitation, SwitchRequest
from webapp.core.clock import utc_now
from webapp.providers.models import Provider

# Letters and digits people do not confuse when reading aloud or typing:
# no 0/O, 1/I/L, U/V pairs.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTWXYZ23456789"
CODE_LENGTH = 12
CODE_GROUP = 4


class ChoiceState(StrEnum):
    """Where an invitation stands."""

    WAITING = "waiting"
    CHOSEN = "chosen"
    DEFAULT_APPLIED = "default_applied"
    SWITCH_REQUESTED = "switch_requested"
    CANCELLED = "cancelled"


class ChoiceRefused(Exception):
    """A choice that the rules do not allow; the message code says why."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class InvitationStatus:
    """An invitation's state today, derived from its rows."""

    state: ChoiceState
    current: Choice | None
    pending_switch: SwitchRequest | None
    provider_deauthorized: bool  # the chosen provider can no longer deliver the service
    can_choose: bool
    open_until: date | None


def code_entropy_bits() -> float:
    """Return how many bits of randomness a code carries."""
    return CODE_LENGTH * math.log2(len(CODE_ALPHABET))


def generate_code() -> str:
    """Return a new random code, grouped for reading: ABCD-EFGH-JKMN."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + CODE_GROUP] for i in range(0, CODE_LENGTH, CODE_GROUP))


def normalize_code(text: str) -> str | None:
    """Return the code's characters in upper case without separators, or None if malformed."""
    cleaned = "".join(char for char in text.upper() if char.isalnum())
    if len(cleaned) != CODE_LENGTH or any(char not in CODE_ALPHABET for char in cleaned):
        return None
    return cleaned


def hash_code(code: str, key: str) -> str:
    """Return the keyed hash under which a code is stored."""
    normalized = normalize_code(code)
    if normalized is None:
        raise ValueError("malformed code")
    return hmac.new(key.encode(), normalized.encode(), hashlib.sha256).hexdigest()


def find_invitation_by_code(session: Session, code: str, key: str) -> ChoiceInvitation | None:
    """Return the invitation a code belongs to, or None."""
    if normalize_code(code) is None:
        return None
    statement = select(ChoiceInvitation).where(ChoiceInvitation.code_hash == hash_code(code, key))
    return session.exec(statement).first()


def create_invitation(
    session: Session,
    *,
    service_id: int,
    decision_date: date,
    deadline: date,
    letter_lang: str,
    case_reference: str,
    key: str,
    created_by: int | None,
) -> tuple[ChoiceInvitation, str]:
    """Add an invitation with a fresh code; return it and the code (shown once)."""
    code = generate_code()
    invitation = ChoiceInvitation(
        service_id=service_id,
        decision_date=decision_date,
        deadline=deadline,
        letter_lang=letter_lang,
        case_reference=case_reference.strip(),
        code_hash=hash_code(code, key),
        created_by=created_by,
    )
    session.add(invitation)
    session.flush()
    return invitation, code


def is_authorized(session: Session, *, provider_id: int, service_id: int, day: date) -> bool:
    """Tell whether a provider may deliver a service on a day."""
    statement = select(Authorization.id).where(
        Authorization.provider_id == provider_id,
        Authorization.service_id == service_id,
        authorized_on(day),
    )
    return session.exec(statement).first() is not None


def current_choice(session: Session, invitation_id: int) -> Choice | None:
    """Return the choice that stands now, if any."""
    statement = select(Choice).where(Choice.invitation_id == invitation_id, Choice.is_current)
    return session.exec(statement).first()


def pending_switch(session: Session, invitation_id: int) -> SwitchRequest | None:
    """Return the switch request awaiting a decision, if any."""
    statement = select(SwitchRequest).where(
        SwitchRequest.invitation_id == invitation_id, SwitchRequest.status == "pending"
    )
    return session.exec(statement).first()


def describe_invitation(
    invitation: ChoiceInvitation,
    *,
    current: Choice | None,
    switch: SwitchRequest | None,
    current_authorized: bool,
    today: date,
) -> InvitationStatus:
    """Derive the state and what the client may do from the rows."""
    deauthorized = current is not None and not current_authorized
    if invitation.cancelled_at is not None:
        state = ChoiceState.CANCELLED
    elif switch is not None:
        state = ChoiceState.SWITCH_REQUESTED
    elif current is None:
        state = ChoiceState.WAITING
    elif current.kind == "default":
        state = ChoiceState.DEFAULT_APPLIED
    else:
        state = ChoiceState.CHOSEN
    open_until = max(invitation.deadline, invitation.reopened_until or invitation.deadline)
    can_choose = (
        state is not ChoiceState.CANCELLED
        and not invitation.locked
        and (today <= open_until or deauthorized)
    )
    return InvitationStatus(state, current, switch, deauthorized, can_choose, open_until)


def read_status(session: Session, invitation: ChoiceInvitation, today: date) -> InvitationStatus:
    """Apply a due default lazily, then describe the invitation."""
    apply_default_if_due(session, invitation, today)
    current = current_choice(session, invitation.id)
    authorized = current is not None and is_authorized(
        session, provider_id=current.provider_id, service_id=invitation.service_id, day=today
    )
    return describe_invitation(
        invitation,
        current=current,
        switch=pending_switch(session, invitation.id),
        current_authorized=authorized,
        today=today,
    )


def find_default_provider(session: Session, *, service_id: int, day: date) -> Provider | None:
    """Return the municipality's own provider if it is authorized for the service that day."""
    statement = (
        select(Provider)
        .join(Authorization, Authorization.provider_id == Provider.id)
        .where(Provider.is_municipal, Authorization.service_id == service_id, authorized_on(day))
        .order_by(Provider.id)
    )
    return session.exec(statement).first()


def apply_default_if_due(session: Session, invitation: ChoiceInvitation, today: date) -> bool:
    """Record the default provider when the deadline has passed without a choice.

    Returns True when a default was recorded; the caller commits. If the municipal
    provider is not authorized for the service, nothing is recorded and the
    invitation stays waiting for the caseworker to act.
    """
    if invitation.cancelled_at is not None or today <= invitation.deadline:
        return False
    if invitation.reopened_until is not None and today <= invitation.reopened_until:
        return False
    if current_choice(session, invitation.id) is not None:
        return False
    provider = find_default_provider(session, service_id=invitation.service_id, day=today)
    if provider is None:
        return False
    session.add(Choice(invitation_id=invitation.id, provider_id=provider.id, kind="default"))
    session.flush()
    return True


def record_choice(
    session: Session,
    invitation: ChoiceInvitation,
    *,
    provider_id: int,
    kind: str,
    today: date,
    confirm_token: str | None = None,
    recorded_by: int | None = None,
) -> Choice:
    """Make a provider the current choice; the previous one stays in the history.

    Refuses a provider not authorized for the service today. A repeated confirm
    token returns the choice it already made. The caller commits; a concurrent
    confirmation surfaces as a database error there or at the flush below.
    """
    if confirm_token:
        twin = session.exec(
            select(Choice).where(
                Choice.invitation_id == invitation.id, Choice.confirm_token == confirm_token
            )
        ).first()
        if twin is not None:
            return twin
    if not is_authorized(
        session, provider_id=provider_id, service_id=invitation.service_id, day=today
    ):
        raise ChoiceRefused("not_authorized")
    session.exec(
        update(Choice)
        .where(Choice.invitation_id == invitation.id, Choice.is_current)
        .values(is_current=False)
    )
    choice = Choice(
        invitation_id=invitation.id,
        provider_id=provider_id,
        kind=kind,
        confirm_token=confirm_token,
        recorded_by=recorded_by,
        chosen_at=utc_now(),
    )
    session.add(choice)
    session.flush()
    return choice


def find_choice_by_token(session: Session, invitation_id: int, token: str) -> Choice | None:
    """Return the choice a confirm token made, if it was made."""
    statement = select(Choice).where(
        Choice.invitation_id == invitation_id, Choice.confirm_token == token
    )
    return session.exec(statement).first()


def confirm_client_choice(
    session: Session, invitation: ChoiceInvitation, *, provider_id: int, token: str, today: date
) -> Choice:
    """Record and commit a client's confirmed choice; a double click gets the same choice."""
    status = read_status(session, invitation, today)
    if not status.can_choose:
        raise ChoiceRefused("closed")
    try:
        choice = record_choice(
            session,
            invitation,
            provider_id=provider_id,
            kind="client",
            today=today,
            confirm_token=token,
        )
        session.commit()
        return choice
    except DBAPIError:
        # Another confirmation won the race; if it was this one's twin, show its receipt.
        session.rollback()
        twin = find_choice_by_token(session, invitation.id, token)
        if twin is None:
            raise ChoiceRefused("conflict") from None
        return twin


def reference_number(choice: Choice) -> str:
    """Return the reference a client quotes about a choice."""
    return f"V{choice.chosen_at:%Y}-{choice.id:06d}"
