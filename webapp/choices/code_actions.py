"""Actions on an invitation's code: enter it (counting a wrong entry), unlock it, issue a new one.

Like every action they write their audit event and never commit. The events
name the invitation and the counts, never the code, its selector or its hash.
"""

from datetime import date, datetime

from sqlmodel import Session

from webapp.choices.actions import (
    INVITATION_FIELDS,
    NO_STAFF,
    _record_invitation_event,
    new_code,
    settle_due_default,
)
from webapp.choices.code_entry import CodeCheck, check_code
from webapp.choices.codes import after_wrong_entry, code_selector, hash_code
from webapp.choices.models import ChoiceInvitation
from webapp.choices.rules import ChoiceRefused, Refusal
from webapp.core.actions import action
from webapp.staff.audit import record_event, snapshot

CODE_FIELDS = ("code_attempts", "code_locked_until")


@action("choice.code_wrong", "choice.code_lock")
def enter_code(
    session: Session, *, typed: str, key: str, now: datetime, lock_after: int, minutes: int
) -> CodeCheck:
    """Judge a typed code; count a wrong one against the invitation it was aimed at, if any.

    A right code changes nothing. Every lock_after-th wrong entry locks the code
    for some minutes (``codes.after_wrong_entry``).
    """
    check = check_code(session, typed=typed, key=key, now=now)
    if check.counts_against is not None:
        _count_wrong_entry(
            session, check.counts_against, now=now, lock_after=lock_after, minutes=minutes
        )
    return check


def _count_wrong_entry(
    session: Session, invitation: ChoiceInvitation, *, now: datetime, lock_after: int, minutes: int
) -> None:
    before = snapshot(invitation, CODE_FIELDS)
    counted = after_wrong_entry(
        invitation.code_attempts,
        invitation.code_locked_until,
        now,
        lock_after=lock_after,
        minutes=minutes,
    )
    invitation.code_attempts, invitation.code_locked_until = counted.attempts, counted.locked_until
    session.add(invitation)
    record_event(
        session,
        "choice.code_lock" if counted.locks else "choice.code_wrong",
        entity_type="choice_invitation",
        entity_id=invitation.id,
        summary=f"{counted.attempts} wrong",
        before=before,
        after=snapshot(invitation, CODE_FIELDS),
        actor=NO_STAFF,
    )
    session.flush()


@action("choice.code_unlock")
def unlock_code(session: Session, invitation: ChoiceInvitation, *, today: date) -> None:
    """Let the code be entered again at once and start counting wrong entries afresh."""
    if invitation.cancelled_at is not None:
        raise ChoiceRefused(Refusal.CANCELLED)
    settle_due_default(session, invitation, today=today)
    before = snapshot(invitation, INVITATION_FIELDS)
    invitation.code_attempts, invitation.code_locked_until = 0, None
    session.add(invitation)
    _record_invitation_event(session, "choice.code_unlock", invitation, before)


@action("choice.code_reissue")
def reissue_code(session: Session, invitation: ChoiceInvitation, *, key: str, today: date) -> str:
    """Give the invitation a new code, unlocked; the old one stops working. Return the new one."""
    if invitation.cancelled_at is not None:
        raise ChoiceRefused(Refusal.CANCELLED)
    settle_due_default(session, invitation, today=today)
    before = snapshot(invitation, INVITATION_FIELDS)
    code = new_code(session)
    invitation.code_hash, invitation.code_selector = hash_code(code, key), code_selector(code)
    invitation.code_attempts, invitation.code_locked_until = 0, None
    session.add(invitation)
    _record_invitation_event(session, "choice.code_reissue", invitation, before)
    return code
