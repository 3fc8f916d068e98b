"""The daily job that records the default provider when a choice deadline has passed."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from webapp.authorizations.models import Authorization
from webapp.catalog.models import Service
from webapp.choices.jobs import (
    apply_choice_defaults,
    apply_choice_defaults_command,
    apply_due_defaults_lazily,
)
from webapp.choices.models import Choice, ChoiceInvitation
from webapp.choices.queries import provider_ids_with_new_choices_since
from webapp.choices.rules import create_invitation, record_choice
from webapp.core.db import get_session
from webapp.providers.models import Provider
from webapp.staff.models import AuditEvent

DECIDED = date(2026, 11, 10)
DEADLINE = date(2026, 11, 24)


@pytest.fixture
def session(app, rollback):
    """A session inside the test's rolled-back transaction."""
    with app.app_context():
        yield get_session()


def on(time_machine, day: date) -> date:
    """Stop the clock at noon on a day; return the day."""
    time_machine.move_to(datetime(day.year, day.month, day.day, 12, 0, tzinfo=UTC), tick=False)
    return day


def id_of(session, model, **where) -> int:
    column, value = next(iter(where.items()))
    return session.exec(select(model.id).where(getattr(model, column) == value)).one()


def invite(session, app, *, service="MATCH-1", deadline=DEADLINE, **extra) -> ChoiceInvitation:
    invitation, _code = create_invitation(
        session,
        service_id=id_of(session, Service, code=service),
        decision_date=DECIDED,
        deadline=deadline,
        letter_lang="sv",
        case_reference="",
        key=app.config["CHOICE_CODE_KEY"],
        created_by=None,
    )
    for name, value in extra.items():
        setattr(invitation, name, value)
    session.add(invitation)
    session.commit()
    return invitation


def choices_of(session, invitation: ChoiceInvitation) -> list[Choice]:
    return list(session.exec(select(Choice).where(Choice.invitation_id == invitation.id)))


def default_events(session, invitation: ChoiceInvitation) -> list[AuditEvent]:
    return list(
        session.exec(
            select(AuditEvent).where(
                AuditEvent.action == "choice.default", AuditEvent.entity_id == invitation.id
            )
        )
    )


def end_municipal_authorization(session, service: str, last_day: date) -> None:
    """Let the municipal provider's authorization for a service end after last_day."""
    authorization = session.exec(
        select(Authorization).where(
            Authorization.provider_id == id_of(session, Provider, slug="jobbtorget"),
            Authorization.service_id == id_of(session, Service, code=service),
        )
    ).one()
    authorization.valid_until = last_day + timedelta(days=1)
    session.add(authorization)
    session.commit()


def test_nothing_happens_until_the_deadline_has_passed(app, session, time_machine):
    invitation = invite(session, app)
    report = apply_choice_defaults(session, today=on(time_machine, DEADLINE))
    assert (report.recorded, report.unassigned) == (0, [])
    assert choices_of(session, invitation) == []


def test_after_the_deadline_the_default_is_recorded_once(app, session, time_machine):
    invitation = invite(session, app)
    day = on(time_machine, DEADLINE + timedelta(days=1))
    report = apply_choice_defaults(session, today=day)
    assert report.recorded >= 1
    [choice] = choices_of(session, invitation)
    assert (choice.kind, choice.is_current, choice.recorded_by) == ("default", True, None)
    assert choice.provider_id == id_of(session, Provider, slug="jobbtorget")
    [event] = default_events(session, invitation)
    assert event.actor_id is None and event.actor_email == ""

    again = apply_choice_defaults(session, today=day)
    assert again.recorded == 0
    assert len(choices_of(session, invitation)) == 1
    assert len(default_events(session, invitation)) == 1


def test_a_made_choice_cancelled_or_reopened_invitation_gets_no_default(app, session, time_machine):
    chosen = invite(session, app)
    record_choice(
        session,
        chosen,
        provider_id=id_of(session, Provider, slug="jarvalyftet"),
        kind="client",
        today=DECIDED,
    )
    session.commit()
    cancelled = invite(session, app, cancelled_at=datetime(2026, 11, 20, tzinfo=UTC))
    reopened = invite(session, app, reopened_until=DEADLINE + timedelta(days=7))
    apply_choice_defaults(session, today=on(time_machine, DEADLINE + timedelta(days=3)))
    assert [c.kind for c in choices_of(session, chosen)] == ["client"]
    assert choices_of(session, cancelled) == []
    assert choices_of(session, reopened) == []
    # Once the reopened period is over, the default applies.
    apply_choice_defaults(session, today=on(time_machine, DEADLINE + timedelta(days=8)))
    assert [c.kind for c in choices_of(session, reopened)] == ["default"]


def test_without_an_authorized_municipal_provider_the_invitation_stays_waiting(
    app, session, time_machine
):
    end_municipal_authorization(session, "FORB-2", DEADLINE)
    invitation = invite(session, app, service="FORB-2")
    report = apply_choice_defaults(session, today=on(time_machine, DEADLINE + timedelta(days=1)))
    assert invitation.id in report.unassigned
    assert choices_of(session, invitation) == []
    assert default_events(session, invitation) == []


def test_works_through_more_invitations_than_one_batch(app, session, time_machine):
    invitations = [invite(session, app) for _ in range(7)]
    report = apply_choice_defaults(
        session, today=on(time_machine, DEADLINE + timedelta(days=1)), batch_size=3
    )
    assert report.recorded >= 7
    for invitation in invitations:
        assert [c.kind for c in choices_of(session, invitation)] == ["default"]


def test_lazy_batch_applies_the_same_rule(app, session, time_machine):
    due = invite(session, app)
    stuck_service = "FORB-3"
    end_municipal_authorization(session, stuck_service, DEADLINE)
    stuck = invite(session, app, service=stuck_service)
    not_yet = invite(session, app, deadline=DEADLINE + timedelta(days=10))
    report = apply_due_defaults_lazily(
        session, today=on(time_machine, DEADLINE + timedelta(days=1))
    )
    assert stuck.id in report.unassigned
    assert [c.kind for c in choices_of(session, due)] == ["default"]
    assert len(default_events(session, due)) == 1
    assert choices_of(session, stuck) == [] and choices_of(session, not_yet) == []
    # The daily job afterwards finds nothing left to do for them.
    assert apply_choice_defaults(session, today=DEADLINE + timedelta(days=1)).recorded == 0


def test_command_reports_what_it_did(app, session, time_machine):
    end_municipal_authorization(session, "INTRO-2", DEADLINE)
    invite(session, app)
    stuck = invite(session, app, service="INTRO-2")
    on(time_machine, DEADLINE + timedelta(days=1))
    runner = app.test_cli_runner()

    first = runner.invoke(apply_choice_defaults_command)
    assert first.exit_code == 0, first.output
    assert "Default providers recorded: " in first.output
    assert "Default providers recorded: 0." not in first.output
    assert "Could not be applied (no authorized municipal provider):" in first.output
    [settle] = [line for line in first.output.splitlines() if line.startswith("Invitations for")]
    assert str(stuck.id) in settle.split(":")[1].strip(" .").split(", ")

    second = runner.invoke(apply_choice_defaults_command)
    assert "Default providers recorded: 0." in second.output


def test_providers_with_new_choices_since_a_day(app, session, time_machine):
    on(time_machine, date(2026, 1, 15))
    old = invite(session, app, deadline=date(2026, 1, 30))
    record_choice(
        session,
        old,
        provider_id=id_of(session, Provider, slug="arbetslust-stockholm"),
        kind="client",
        today=date(2026, 1, 15),
    )
    session.commit()
    on(time_machine, date(2026, 11, 20))
    recent = invite(session, app)
    record_choice(
        session,
        recent,
        provider_id=id_of(session, Provider, slug="jarvalyftet"),
        kind="client",
        today=date(2026, 11, 20),
    )
    # A later switch retires the client's choice; both still count as new customers.
    record_choice(
        session,
        recent,
        provider_id=id_of(session, Provider, slug="jobbtorget"),
        kind="switch",
        today=date(2026, 11, 20),
    )
    session.commit()
    found = provider_ids_with_new_choices_since(session, since=date(2026, 6, 1))
    assert id_of(session, Provider, slug="jarvalyftet") in found
    assert id_of(session, Provider, slug="jobbtorget") in found
    assert id_of(session, Provider, slug="arbetslust-stockholm") not in found
    assert id_of(session, Provider, slug="arbetslust-stockholm") in (
        provider_ids_with_new_choices_since(session, since=date(2026, 1, 15))
    )
