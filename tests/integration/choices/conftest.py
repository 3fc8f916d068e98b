"""The choices domain on a real database: a session, a stopped clock, and readers of what changed.

Tests here run on TODAY unless they stop the clock elsewhere with ``on``.
"""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from tests.factories.choices import make_invitation
from webapp.choices.models import Choice, ChoiceInvitation
from webapp.choices.rules import ChoiceRefused, Refusal
from webapp.core.db import get_session
from webapp.staff.models import AuditEvent

TODAY = date(2026, 11, 22)


@pytest.fixture
def session(app, rollback):
    """A session inside the test's rolled-back transaction."""
    with app.app_context():
        yield get_session()


@pytest.fixture
def on(time_machine):
    """Return a function that stops the clock at noon on a day and returns the day."""

    def stop_at(day: date) -> date:
        time_machine.move_to(datetime(day.year, day.month, day.day, 12, 0, tzinfo=UTC), tick=False)
        return day

    return stop_at


@pytest.fixture
def today(on) -> date:
    """Stop the clock on TODAY."""
    return on(TODAY)


def invitation_on(session, deadline_in: int = 14, **fields) -> ChoiceInvitation:
    """Add an invitation decided weeks ago whose deadline is some days from TODAY (or passed)."""
    invitation, _code = make_invitation(
        session,
        decision_date=TODAY - timedelta(days=20),
        deadline=TODAY + timedelta(days=deadline_in),
        **fields,
    )
    return invitation


def choices_of(session, invitation: ChoiceInvitation) -> list[Choice]:
    """Return an invitation's recorded choices, oldest first."""
    statement = select(Choice).where(Choice.invitation_id == invitation.id).order_by(Choice.id)
    return list(session.exec(statement))


def events(session, entity_id: int | None = None, kind="choice_invitation") -> list[AuditEvent]:
    """Return the choice domain's audit events, about one invitation or switch request if given."""
    statement = select(AuditEvent).where(AuditEvent.action.startswith("choice."))
    if entity_id is not None:
        statement = statement.where(
            AuditEvent.entity_id == entity_id, AuditEvent.entity_type == kind
        )
    return list(session.exec(statement.order_by(AuditEvent.id)))


def actions_of(session, entity_id: int) -> list[str]:
    """Return the names of the audit events about an invitation, oldest first."""
    return [event.action for event in events(session, entity_id)]


def refusal_of(call) -> Refusal:
    """Call something the rules should refuse; return why they did."""
    with pytest.raises(ChoiceRefused) as refused:
        call()
    return refused.value.reason
