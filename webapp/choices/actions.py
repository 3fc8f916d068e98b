"""Actions on invitations, choices and switch requests: each writes its audit event, none commits.

Every action that acts on an existing invitation first records a default that
has fallen due (``apply_default``), so the history shows the default before
whatever came after it. Audit events name rows by id and never hold a code, its
hash, a client's reason or any other personal data.
"""

from contextlib import suppress
from datetime import date

from flask_login import AnonymousUserMixin
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session

from webapp.catalog.models import Service
from webapp.choices.code_entry import selector_in_use
from webapp.choices.codes import code_selector, generate_code, hash_code
from webapp.choices.models import Choice, ChoiceInvitation, SwitchRequest
from webapp.choices.queries import (
    find_choice_by_token,
    find_current_choice,
    find_default_provider,
    is_authorized,
    read_status,
)
from webapp.choices.rules import (
    ChoiceRefused,
    Refusal,
    invitation_dates_refusal,
    may_request_switch,
    reopen_refusal,
)
from webapp.choices.state import default_is_due
from webapp.choices.switching import notify_caseworkers, notify_decision
from webapp.core.actions import action
from webapp.core.clock import utc_now
from webapp.staff.audit import record_event, snapshot

# The audit log's actor for what the client or the system does: nobody on the staff,
# whoever happens to be logged in to the admin in the same browser.
NO_STAFF = AnonymousUserMixin()
# What the audit log keeps of an invitation: never the code or its hash.
INVITATION_FIELDS = (
    "service_id",
    "decision_date",
    "deadline",
    "letter_lang",
    "case_reference",
    "cancelled_at",
    "reopened_until",
    "code_attempts",
    "code_locked_until",
)
SWITCH_FIELDS = ("status", "decision_reason")
# How a race with another request surfaces: a unique index refuses the second
# current choice (PostgreSQL), or the database is locked by the other writer (SQLite).
RACE_ERRORS = (IntegrityError, OperationalError)


class ChoiceRaced(Exception):
    """Another request recorded a choice for the invitation at the same moment."""


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
    """Make a provider the current choice, keeping the previous one in the history.

    For the actions below only. Refuses a provider not authorized for the service
    today. The writes run in a savepoint: if another request's choice wins the
    race, only they are undone and ChoiceRaced is raised.
    """
    if not is_authorized(
        session, provider_id=provider_id, service_id=invitation.service_id, day=today
    ):
        raise ChoiceRefused(Refusal.NOT_AUTHORIZED)
    choice = Choice(
        invitation_id=invitation.id,
        provider_id=provider_id,
        kind=kind,
        confirm_token=confirm_token,
        recorded_by=recorded_by,
        chosen_at=utc_now(),
    )
    try:
        with session.begin_nested():
            session.exec(
                update(Choice)
                .where(Choice.invitation_id == invitation.id, Choice.is_current)
                .values(is_current=False)
            )
            session.add(choice)
            session.flush()
    except RACE_ERRORS as error:
        raise ChoiceRaced from error
    return choice


def new_code(session: Session) -> str:
    """Return a new code whose selector no invitation uses (for actions; shown once, never kept)."""
    return generate_code(taken=lambda selector: selector_in_use(session, selector=selector))


def _record_choice_event(session, event: str, invitation, choice: Choice, **actor) -> None:
    record_event(
        session,
        event,
        entity_type="choice_invitation",
        entity_id=invitation.id,
        summary=f"provider {choice.provider_id}",
        after={"choice_id": choice.id, "provider_id": choice.provider_id, "kind": choice.kind},
        **actor,
    )
    session.flush()


def _record_invitation_event(session, event: str, invitation, before: dict | None) -> None:
    record_event(
        session,
        event,
        entity_type="choice_invitation",
        entity_id=invitation.id,
        before=before,
        after=snapshot(invitation, INVITATION_FIELDS),
    )
    session.flush()


@action("choice.invite")
def invite(
    session: Session,
    *,
    service: Service,
    decision_date: date,
    deadline: date,
    letter_lang: str,
    case_reference: str,
    key: str,
    created_by: int | None,
    today: date,
) -> tuple[ChoiceInvitation, str]:
    """Add an invitation with a fresh code; return it and the code (shown once, never stored)."""
    refusal = invitation_dates_refusal(decision_date, deadline, today=today)
    if refusal is not None:
        raise ChoiceRefused(refusal)
    code = new_code(session)
    invitation = ChoiceInvitation(
        service_id=service.id,
        decision_date=decision_date,
        deadline=deadline,
        letter_lang=letter_lang,
        case_reference=case_reference.strip(),
        code_hash=hash_code(code, key),
        code_selector=code_selector(code),
        created_by=created_by,
    )
    session.add(invitation)
    session.flush()
    record_event(
        session,
        "choice.invite",
        entity_type="choice_invitation",
        entity_id=invitation.id,
        summary=service.code,
        after=snapshot(invitation, INVITATION_FIELDS),
    )
    session.flush()
    return invitation, code


@action("choice.default")
def apply_default(session: Session, invitation: ChoiceInvitation, *, today: date) -> Choice | None:
    """Record the default provider if it is due; return the choice, or None if none is due.

    Nothing is recorded when the default is not due or when no municipal provider
    is authorized for the service (the caseworker settles it). If another request
    records a choice at the same moment, this one's write is undone and
    ChoiceRaced is raised.
    """
    current = find_current_choice(session, invitation_id=invitation.id)
    if not default_is_due(invitation, current=current, today=today):
        return None
    provider = find_default_provider(session, service_id=invitation.service_id, day=today)
    if provider is None:
        return None
    choice = Choice(invitation_id=invitation.id, provider_id=provider.id, kind="default")
    try:
        with session.begin_nested():
            session.add(choice)
            session.flush()
    except RACE_ERRORS as error:
        raise ChoiceRaced from error
    _record_choice_event(session, "choice.default", invitation, choice, actor=NO_STAFF)
    return choice


def settle_due_default(session: Session, invitation: ChoiceInvitation, *, today: date) -> None:
    """Record a default that has fallen due before acting on the invitation (for actions)."""
    # If another request recorded a choice just now, the action goes on from there.
    with suppress(ChoiceRaced):
        apply_default(session, invitation, today=today)


@action("choice.cancel")
def cancel(session: Session, invitation: ChoiceInvitation, *, today: date) -> None:
    """Cancel an invitation: its code stops working; recorded choices stay in the history."""
    if invitation.cancelled_at is not None:
        return
    settle_due_default(session, invitation, today=today)
    before = snapshot(invitation, INVITATION_FIELDS)
    invitation.cancelled_at = utc_now()
    session.add(invitation)
    _record_invitation_event(session, "choice.cancel", invitation, before)


@action("choice.reopen")
def reopen(session: Session, invitation: ChoiceInvitation, *, open_until: date, today: date):
    """Let the client choose again until a day, and unlock the code."""
    if invitation.cancelled_at is not None:
        raise ChoiceRefused(Refusal.CANCELLED)
    refusal = reopen_refusal(open_until, today=today)
    if refusal is not None:
        raise ChoiceRefused(refusal)
    settle_due_default(session, invitation, today=today)
    before = snapshot(invitation, INVITATION_FIELDS)
    invitation.reopened_until = open_until
    invitation.code_locked_until = None
    invitation.code_attempts = 0
    session.add(invitation)
    _record_invitation_event(session, "choice.reopen", invitation, before)


@action("choice.confirm")
def confirm(
    session: Session, invitation: ChoiceInvitation, *, provider_id: int, token: str, today: date
) -> Choice:
    """Record the client's confirmed choice; the same form sent again gets the same choice.

    Sent twice at the same moment, the second is refused with SENT_TWICE: the
    first one's choice stands.
    """
    twin = find_choice_by_token(session, invitation_id=invitation.id, token=token)
    if twin is not None:
        return twin
    settle_due_default(session, invitation, today=today)
    if not read_status(session, invitation=invitation, today=today).can_choose:
        raise ChoiceRefused(Refusal.CLOSED)
    try:
        choice = record_choice(
            session,
            invitation,
            provider_id=provider_id,
            kind="client",
            today=today,
            confirm_token=token,
        )
    except ChoiceRaced:
        # Another confirmation won: this form's twin (a double click), or another choice.
        twin = find_choice_by_token(session, invitation_id=invitation.id, token=token)
        raise ChoiceRefused(Refusal.CONFLICT if twin is None else Refusal.SENT_TWICE) from None
    _record_choice_event(session, "choice.confirm", invitation, choice, actor=NO_STAFF)
    return choice


@action("choice.record")
def record(
    session: Session,
    invitation: ChoiceInvitation,
    *,
    provider_id: int,
    today: date,
    recorded_by: int,
) -> Choice:
    """Record a choice the client made by phone or in person, for a caseworker."""
    if invitation.cancelled_at is not None:
        raise ChoiceRefused(Refusal.CANCELLED)
    settle_due_default(session, invitation, today=today)
    current = find_current_choice(session, invitation_id=invitation.id)
    if current is not None and current.provider_id == provider_id:
        raise ChoiceRefused(Refusal.ALREADY_CURRENT)
    try:
        choice = record_choice(
            session,
            invitation,
            provider_id=provider_id,
            kind="client",
            today=today,
            recorded_by=recorded_by,
        )
    except ChoiceRaced:
        raise ChoiceRefused(Refusal.CONFLICT) from None
    _record_choice_event(session, "choice.record", invitation, choice)
    return choice


@action("choice.switch_request")
def request_switch(
    session: Session, invitation: ChoiceInvitation, *, provider_id: int, reason: str, today: date
) -> SwitchRequest:
    """Send the client's request to switch to another provider to the caseworker."""
    settle_due_default(session, invitation, today=today)
    status = read_status(session, invitation=invitation, today=today)
    if not may_request_switch(status):
        raise ChoiceRefused(Refusal.CLOSED)
    if status.pending_switch is not None:
        raise ChoiceRefused(Refusal.SWITCH_PENDING)
    if provider_id == status.provider_id:
        raise ChoiceRefused(Refusal.ALREADY_CURRENT)
    if not is_authorized(
        session, provider_id=provider_id, service_id=invitation.service_id, day=today
    ):
        raise ChoiceRefused(Refusal.NOT_AUTHORIZED)
    request = SwitchRequest(invitation_id=invitation.id, provider_id=provider_id, reason=reason)
    try:
        with session.begin_nested():
            session.add(request)
            session.flush()
    except RACE_ERRORS:
        # The same request, sent twice at once: the unique index keeps one.
        raise ChoiceRefused(Refusal.SWITCH_PENDING) from None
    notify_caseworkers(session, invitation)
    record_event(
        session,
        "choice.switch_request",
        entity_type="switch_request",
        entity_id=request.id,
        summary=f"invitation {invitation.id}, provider {provider_id}",
        after={"invitation_id": invitation.id, "provider_id": provider_id, "status": "pending"},
        actor=NO_STAFF,
    )
    session.flush()
    return request


@action("choice.switch_approve", "choice.switch_reject")
def decide_switch(
    session: Session,
    invitation: ChoiceInvitation,
    switch: SwitchRequest,
    *,
    approve: bool,
    reason: str,
    today: date,
    decided_by: int,
) -> None:
    """Approve a switch request, recording the new choice, or reject it with a reason."""
    if switch.status != "pending":
        raise ChoiceRefused(Refusal.DECIDED)
    if approve and invitation.cancelled_at is not None:
        raise ChoiceRefused(Refusal.CANCELLED)
    settle_due_default(session, invitation, today=today)
    before = snapshot(switch, SWITCH_FIELDS)
    if approve:
        try:
            record_choice(
                session,
                invitation,
                provider_id=switch.provider_id,
                kind="switch",
                today=today,
                recorded_by=decided_by,
            )
        except ChoiceRaced:
            raise ChoiceRefused(Refusal.CONFLICT) from None
    switch.status = "approved" if approve else "rejected"
    switch.decided_at = utc_now()
    switch.decided_by = decided_by
    switch.decision_reason = reason.strip()
    session.add(switch)
    record_event(
        session,
        "choice.switch_approve" if approve else "choice.switch_reject",
        entity_type="switch_request",
        entity_id=switch.id,
        summary=f"invitation {invitation.id}, provider {switch.provider_id}",
        before=before,
        after=snapshot(switch, SWITCH_FIELDS),
    )
    session.flush()
    notify_decision(session, invitation, switch)
