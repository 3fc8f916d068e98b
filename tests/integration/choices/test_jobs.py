"""The daily job that records the default provider when a choice deadline has passed."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from tests.factories.choices import end_authorizations, make_choice, make_invitation, provider_id
from webapp.choices import jobs
from webapp.choices.jobs import apply_choice_defaults, apply_choice_defaults_command
from webapp.choices.models import Choice, ChoiceInvitation
from webapp.choices.queries import read_status
from webapp.choices.state import ChoiceState
from webapp.staff.models import AuditEvent

DECIDED = date(2026, 11, 10)
DEADLINE = date(2026, 11, 24)


def invite(session, *, service="MATCH-1", deadline=DEADLINE, **fields) -> ChoiceInvitation:
    invitation, _code = make_invitation(
        session, service=service, decision_date=DECIDED, deadline=deadline, **fields
    )
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
    end_authorizations(
        session, provider="jobbtorget", service=service, valid_until=last_day + timedelta(days=1)
    )
    session.commit()


def test_nothing_happens_until_the_deadline_has_passed(app, session, on):
    invitation = invite(session)
    report = apply_choice_defaults(session, today=on(DEADLINE))
    assert (report.recorded, report.unassigned) == (0, [])
    assert choices_of(session, invitation) == []


def test_after_the_deadline_the_default_is_recorded_once(app, session, on):
    invitation = invite(session)
    day = on(DEADLINE + timedelta(days=1))
    # Until the job runs, the default stands without being recorded.
    before = read_status(session, invitation=invitation, today=day)
    assert before.state is ChoiceState.DEFAULT_APPLIED and before.unrecorded_default
    report = apply_choice_defaults(session, today=day)
    assert report.recorded >= 1
    [choice] = choices_of(session, invitation)
    assert (choice.kind, choice.is_current, choice.recorded_by) == ("default", True, None)
    assert choice.provider_id == provider_id(session, "jobbtorget")
    [event] = default_events(session, invitation)
    assert event.actor_id is None and event.actor_email == ""
    after = read_status(session, invitation=invitation, today=day)
    assert after.state is ChoiceState.DEFAULT_APPLIED and not after.unrecorded_default

    again = apply_choice_defaults(session, today=day)
    assert again.recorded == 0
    assert len(choices_of(session, invitation)) == 1
    assert len(default_events(session, invitation)) == 1


def test_a_made_choice_cancelled_or_reopened_invitation_gets_no_default(app, session, on):
    chosen = invite(session)
    make_choice(session, chosen, provider="jarvalyftet")
    cancelled = invite(session, cancelled_at=datetime(2026, 11, 20, tzinfo=UTC))
    reopened = invite(session, reopened_until=DEADLINE + timedelta(days=7))
    session.commit()
    apply_choice_defaults(session, today=on(DEADLINE + timedelta(days=3)))
    assert [c.kind for c in choices_of(session, chosen)] == ["client"]
    assert choices_of(session, cancelled) == []
    assert choices_of(session, reopened) == []
    # Once the reopened period is over, the default applies.
    apply_choice_defaults(session, today=on(DEADLINE + timedelta(days=8)))
    assert [c.kind for c in choices_of(session, reopened)] == ["default"]


def test_without_an_authorized_municipal_provider_the_invitation_stays_waiting(app, session, on):
    end_municipal_authorization(session, "FORB-2", DEADLINE)
    invitation = invite(session, service="FORB-2")
    day = on(DEADLINE + timedelta(days=1))
    report = apply_choice_defaults(session, today=day)
    assert invitation.id in report.unassigned
    assert choices_of(session, invitation) == []
    assert default_events(session, invitation) == []
    status = read_status(session, invitation=invitation, today=day)
    assert status.state is ChoiceState.WAITING and status.default_missing


def test_works_through_more_invitations_than_one_batch(app, session, on):
    invitations = [invite(session) for _ in range(7)]
    report = apply_choice_defaults(session, today=on(DEADLINE + timedelta(days=1)), batch_size=3)
    assert report.recorded >= 7
    for invitation in invitations:
        assert [c.kind for c in choices_of(session, invitation)] == ["default"]


def test_what_the_job_recorded_stays_when_a_later_invitation_fails(app, session, on, monkeypatch):
    first, second = invite(session), invite(session)

    def fail_on_the_second(session, invitation, *, today):
        if invitation.id == second.id:
            raise RuntimeError("the job stopped")
        return recorded(session, invitation, today=today)

    recorded = jobs.apply_default
    monkeypatch.setattr(jobs, "apply_default", fail_on_the_second)
    with pytest.raises(RuntimeError):
        apply_choice_defaults(session, today=on(DEADLINE + timedelta(days=1)))
    session.rollback()
    assert [c.kind for c in choices_of(session, first)] == ["default"]
    assert choices_of(session, second) == []


def test_command_reports_what_it_did(app, session, on):
    end_municipal_authorization(session, "INTRO-2", DEADLINE)
    invite(session)
    stuck = invite(session, service="INTRO-2")
    on(DEADLINE + timedelta(days=1))
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
