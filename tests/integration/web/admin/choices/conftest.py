"""Caseworkers' choice pages: a caseworker on a fixed day, rows made directly, and page readers."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from tests.factories import choices as factories
from tests.factories.choices import stored_invitation
from webapp.choices.models import Choice, ChoiceInvitation
from webapp.core.db import get_session
from webapp.core.extensions import limiter
from webapp.staff.models import AuditEvent

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def fresh_login_limits(app):
    """Start each test with no login attempts counted: these tests log in often."""
    limiter.reset()


@pytest.fixture
def caseworker(staff_client, time_machine):
    """A caseworker logged in on a fixed day."""
    time_machine.move_to(NOW, tick=False)
    return staff_client("caseworker")


def later(time_machine, staff_client, days: int):
    """Move the clock on by some days and log in again (the old session has expired)."""
    time_machine.move_to(NOW + timedelta(days=days), tick=False)
    return staff_client("caseworker")


# --- Rows made directly, for the pages to show -----------------------------------------


def service_id(app, code: str) -> int:
    with app.app_context():
        return factories.service_id(get_session(), code)


def provider_id(app, slug: str) -> int:
    with app.app_context():
        return factories.provider_id(get_session(), slug)


def choose(app, invitation_id: int, slug: str, kind: str = "client"):
    """Make a provider the invitation's current choice and commit."""
    with app.app_context():
        session = get_session()
        factories.make_choice(
            session, session.get(ChoiceInvitation, invitation_id), provider=slug, kind=kind
        )
        session.commit()


def request_switch(app, invitation_id: int, slug: str) -> int:
    """Add the client's request to switch to a provider and commit; return its id."""
    with app.app_context():
        session = get_session()
        invitation = session.get(ChoiceInvitation, invitation_id)
        request = factories.make_switch_request(session, invitation, provider=slug)
        session.commit()
        return request.id


def load(app, model, row_id):
    with app.app_context():
        return get_session().get(model, row_id)


def current_choice_of(app, invitation_id: int) -> Choice | None:
    with app.app_context():
        return (
            get_session()
            .exec(select(Choice).where(Choice.invitation_id == invitation_id, Choice.is_current))
            .first()
        )


def history_of(app, invitation_id: int) -> list[Choice]:
    with app.app_context():
        return list(
            get_session().exec(
                select(Choice).where(Choice.invitation_id == invitation_id).order_by(Choice.id)
            )
        )


def audit_events(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        return list(
            get_session().exec(
                select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
            )
        )


def count_invitations(app) -> int:
    with app.app_context():
        return len(get_session().exec(select(ChoiceInvitation.id)).all())


def invitation_form(**changes) -> dict:
    """Return the new invitation form's fields, filled in, with any changes."""
    values = {
        "service": "MATCH-1",
        "decision_date": TODAY.isoformat(),
        "deadline": (TODAY + timedelta(days=14)).isoformat(),
        "letter_lang": "so",
        "case_reference": "SN 2026/1234",
        "submission": "test-submission",
    }
    return {**values, **changes}


# --- Reading the pages -------------------------------------------------------------------


def errors_of(page) -> dict[str, str]:
    """Return each field's error message, by the field's id."""
    return {
        message["id"].removesuffix("-error"): message.get_text(" ", strip=True)
        for message in page.select(".error-message[id]")
    }


def list_rows(page) -> dict[int, dict]:
    """Return the list's rows by invitation id: state, provider and flags."""
    return {
        int(row["data-invitation"]): {
            "state": row.select_one(".choice-state")["data-state"],
            "provider": row.select_one(".choice-provider").get_text(strip=True),
            "flags": [li.get_text(strip=True) for li in row.select(".choice-flags li")],
        }
        for row in page.select("#invitations tbody tr")
    }


@pytest.fixture
def five_invitations(app, caseworker):
    """Invitations in every state but cancelled-with-choice: returns name -> id."""
    ids = {
        "waiting": stored_invitation(app)[0],
        "chosen": stored_invitation(app, service="MATCH-2")[0],
        "switch": stored_invitation(app)[0],
        "cancelled": stored_invitation(app, cancelled_at=NOW)[0],
        "past": stored_invitation(
            app,
            decision_date=TODAY - timedelta(days=20),
            deadline=TODAY - timedelta(days=3),
        )[0],
    }
    choose(app, ids["chosen"], "arbetslust-stockholm")
    choose(app, ids["switch"], "jarvalyftet")
    request_switch(app, ids["switch"], "arbetslust-stockholm")
    return ids
