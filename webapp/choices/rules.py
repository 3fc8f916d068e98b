"""The choice lifecycle's pure rules: the dates of an invitation, reopening, switching.

Each rule answers with a Refusal (why not) or None (fine). The forms show the
refusal in words next to the field; the actions check the same rules again and
raise ChoiceRefused, so a rule holds whoever calls.
"""

from datetime import date
from enum import StrEnum

from webapp.choices.models import Choice, ChoiceInvitation
from webapp.choices.state import ChoiceState, InvitationStatus


class Refusal(StrEnum):
    """Why the rules refuse something."""

    DECISION_IN_FUTURE = "decision_in_future"
    DEADLINE_PASSED = "deadline_passed"
    DEADLINE_BEFORE_DECISION = "deadline_before_decision"
    REOPEN_DAY_PASSED = "reopen_day_passed"
    CANCELLED = "cancelled"
    CLOSED = "closed"  # the client may not choose (or ask to switch) now
    NOT_AUTHORIZED = "not_authorized"  # the provider may not deliver the service today
    ALREADY_CURRENT = "already_current"
    SWITCH_PENDING = "switch_pending"
    DECIDED = "decided"  # the switch request has been decided already
    CONFLICT = "conflict"  # another choice was recorded at the same moment
    SENT_TWICE = "sent_twice"  # the same confirmation, sent twice at once: the first stands


class ChoiceRefused(Exception):
    """Something the rules do not allow; ``reason`` says why."""

    def __init__(self, reason: Refusal):
        super().__init__(reason)
        self.reason = reason


def reference_number(choice: Choice) -> str:
    """Return the reference a client quotes about a recorded choice."""
    return f"V{choice.chosen_at:%Y}-{choice.id:06d}"


def invitation_reference(invitation: ChoiceInvitation) -> str:
    """Return the reference printed on an invitation's letter; it is not the case number.

    B for "brev" (letter), so it is never mistaken for a receipt's V-number.
    """
    return f"B{invitation.created_at:%Y}-{invitation.id:06d}"


def decision_date_refusal(decision_date: date, *, today: date) -> Refusal | None:
    """Refuse a decision dated in the future."""
    return Refusal.DECISION_IN_FUTURE if decision_date > today else None


def deadline_refusal(deadline: date, *, decision_date: date | None, today: date) -> Refusal | None:
    """Refuse a last day to choose in the past, or before the decision."""
    if deadline < today:
        return Refusal.DEADLINE_PASSED
    if decision_date is not None and deadline < decision_date:
        return Refusal.DEADLINE_BEFORE_DECISION
    return None


def invitation_dates_refusal(decision_date: date, deadline: date, *, today: date) -> Refusal | None:
    """Return the first thing wrong with a new invitation's dates, or None."""
    return decision_date_refusal(decision_date, today=today) or deadline_refusal(
        deadline, decision_date=decision_date, today=today
    )


def reopen_refusal(open_until: date, *, today: date) -> Refusal | None:
    """Refuse to reopen a choice until a day that has already passed."""
    return Refusal.REOPEN_DAY_PASSED if open_until < today else None


def may_request_switch(status: InvitationStatus) -> bool:
    """Tell whether the client may ask to switch: a provider stands they can no longer change."""
    # Until the choice closes the client changes it directly; a switch is for afterwards.
    return (
        status.provider_id is not None
        and not status.can_choose
        and status.state is not ChoiceState.CANCELLED
    )


def change_until(status: InvitationStatus, *, today: date) -> date | None:
    """Return the last day the client may still change the choice, or None if no longer."""
    if status.can_choose and status.open_until >= today:
        return status.open_until
    return None
