"""Inviting, the default, cancelling and reopening on a real database: writes and refusals."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from tests.factories.choices import (
    end_authorizations,
    make_choice,
    make_switch_request,
    provider_id,
)
from tests.integration.choices.conftest import (
    TODAY,
    actions_of,
    choices_of,
    events,
    invitation_on,
    refusal_of,
)
from webapp.catalog.models import Service
from webapp.choices import actions
from webapp.choices.codes import normalize_code
from webapp.choices.jobs import apply_choice_defaults
from webapp.choices.models import ChoiceInvitation
from webapp.choices.queries import find_invitation_by_code
from webapp.choices.rules import Refusal

KEY = "test-key"
pytestmark = pytest.mark.usefixtures("today")


# --- Inviting ----------------------------------------------------------------------------


def invite(session, **changes):
    values = {
        "service": session.exec(select(Service).where(Service.code == "MATCH-1")).one(),
        "decision_date": TODAY,
        "deadline": TODAY + timedelta(days=14),
        "letter_lang": "so",
        "case_reference": "  SN 2026/1  ",
        "key": KEY,
        "created_by": None,
        "today": TODAY,
    }
    return actions.invite(session, **{**values, **changes})


def test_invite_stores_a_hash_of_the_code_and_audits_without_it(session):
    invitation, code = invite(session)
    assert find_invitation_by_code(session, code=code, key=KEY) == invitation
    assert invitation.case_reference == "SN 2026/1"
    [event] = events(session, invitation.id)
    assert (event.action, event.summary) == ("choice.invite", "MATCH-1")
    logged = json.dumps([event.summary, event.before, event.after])
    assert normalize_code(code) not in logged.replace("-", "")
    assert "code_hash" not in logged and invitation.code_hash not in logged


@pytest.mark.parametrize(
    ("changes", "refusal"),
    [
        ({"decision_date": TODAY + timedelta(days=1)}, Refusal.DECISION_IN_FUTURE),
        ({"deadline": TODAY - timedelta(days=1)}, Refusal.DEADLINE_PASSED),
        (
            {"decision_date": TODAY - timedelta(days=1), "deadline": TODAY - timedelta(days=2)},
            Refusal.DEADLINE_PASSED,
        ),
    ],
)
def test_invite_refuses_dates_the_rules_refuse(session, changes, refusal):
    before = len(session.exec(select(ChoiceInvitation.id)).all())
    assert refusal_of(lambda: invite(session, **changes)) is refusal
    assert len(session.exec(select(ChoiceInvitation.id)).all()) == before
    assert events(session) == []


# --- The default -------------------------------------------------------------------------


def test_default_is_recorded_once_by_nobody_on_the_staff(session):
    invitation = invitation_on(session, deadline_in=-1)
    choice = actions.apply_default(session, invitation, today=TODAY)
    assert (choice.kind, choice.is_current, choice.recorded_by) == ("default", True, None)
    assert choice.provider_id == provider_id(session, "jobbtorget")
    [event] = events(session, invitation.id)
    assert (event.action, event.actor_id, event.actor_email) == ("choice.default", None, "")
    assert actions.apply_default(session, invitation, today=TODAY) is None
    assert len(choices_of(session, invitation)) == 1 and len(events(session)) == 1


@pytest.mark.parametrize(
    "fields",
    [
        {"deadline_in": 0},  # the last day is today
        {"deadline_in": -3, "reopened_until": TODAY},
        {"deadline_in": -3, "cancelled_at": "yesterday"},
    ],
)
def test_default_is_not_recorded_before_it_is_due(session, fields):
    if fields.get("cancelled_at"):
        fields["cancelled_at"] = TODAY - timedelta(days=1)
    invitation = invitation_on(session, **fields)
    assert actions.apply_default(session, invitation, today=TODAY) is None
    assert choices_of(session, invitation) == [] and events(session) == []


def test_default_is_not_recorded_over_a_choice_or_without_a_municipal_provider(session):
    chosen = invitation_on(session, deadline_in=-1)
    make_choice(session, chosen, provider="jarvalyftet")
    end_authorizations(session, provider="jobbtorget", service="MATCH-2", valid_until=TODAY)
    stuck = invitation_on(session, deadline_in=-1, service="MATCH-2")
    assert actions.apply_default(session, chosen, today=TODAY) is None
    assert actions.apply_default(session, stuck, today=TODAY) is None
    assert [c.kind for c in choices_of(session, chosen)] == ["client"]
    assert choices_of(session, stuck) == [] and events(session) == []


def record_by_the_job(session, invitation):
    apply_choice_defaults(session, today=TODAY)


def confirm_after_the_deadline(session, invitation):
    jobbtorget = provider_id(session, "jobbtorget")
    call = lambda: actions.confirm(  # noqa: E731
        session, invitation, provider_id=jobbtorget, token="t" * 20, today=TODAY
    )
    assert refusal_of(call) is Refusal.CLOSED


def record_for_the_client(session, invitation):
    actions.record(
        session,
        invitation,
        provider_id=provider_id(session, "jarvalyftet"),
        today=TODAY,
        recorded_by=None,
    )


def reopen_the_choice(session, invitation):
    actions.reopen(session, invitation, open_until=TODAY + timedelta(days=7), today=TODAY)


def cancel_the_invitation(session, invitation):
    actions.cancel(session, invitation, today=TODAY)


def request_a_switch(session, invitation):
    actions.request_switch(
        session,
        invitation,
        provider_id=provider_id(session, "jarvalyftet"),
        reason="Närmare hemmet.",
        today=TODAY,
    )


@pytest.mark.parametrize(
    "path",
    [
        record_by_the_job,
        record_for_the_client,
        reopen_the_choice,
        cancel_the_invitation,
        request_a_switch,
    ],
)
def test_every_path_that_records_the_due_default_audits_it_first(session, path):
    invitation = invitation_on(session, deadline_in=-1)
    path(session, invitation)
    first = choices_of(session, invitation)[0]
    assert first.kind == "default"
    assert actions_of(session, invitation.id)[0] == "choice.default"
    assert actions_of(session, invitation.id).count("choice.default") == 1


def test_a_refused_confirm_after_the_deadline_leaves_nothing(session):
    """A refused action leaves no trace: the default stays derived until the job records it."""
    invitation = invitation_on(session, deadline_in=-1)
    confirm_after_the_deadline(session, invitation)
    assert choices_of(session, invitation) == []
    assert actions_of(session, invitation.id) == []


def test_a_switch_decision_records_the_due_default_first(session):
    invitation = invitation_on(session, deadline_in=-1)
    switch = make_switch_request(session, invitation, provider="jarvalyftet")
    actions.decide_switch(
        session, invitation, switch, approve=True, reason="", today=TODAY, decided_by=None
    )
    assert [c.kind for c in choices_of(session, invitation)] == ["default", "switch"]
    assert actions_of(session, invitation.id) == ["choice.default"]
    assert [e.action for e in events(session, switch.id, "switch_request")] == [
        "choice.switch_approve"
    ]


# --- Cancelling and reopening ------------------------------------------------------------


def test_cancel_stops_the_code_once(session):
    invitation = invitation_on(session)
    actions.cancel(session, invitation, today=TODAY)
    assert invitation.cancelled_at is not None
    actions.cancel(session, invitation, today=TODAY)
    [event] = events(session, invitation.id)
    assert event.action == "choice.cancel"
    assert event.before["cancelled_at"] is None and event.after["cancelled_at"]


def test_reopen_unlocks_the_code_and_opens_the_choice(session):
    locked_until = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    invitation = invitation_on(
        session, deadline_in=-5, code_locked_until=locked_until, code_attempts=10
    )
    make_choice(session, invitation, provider="jarvalyftet")
    actions.reopen(session, invitation, open_until=TODAY, today=TODAY)
    assert (invitation.reopened_until, invitation.code_locked_until, invitation.code_attempts) == (
        TODAY,
        None,
        0,
    )
    [event] = events(session, invitation.id)
    assert (event.before["code_attempts"], event.after["code_attempts"]) == (10, 0)
    assert event.before["code_locked_until"] and event.after["code_locked_until"] is None


def test_reopen_refuses_a_cancelled_invitation_and_a_day_gone_by(session):
    cancelled = invitation_on(session, cancelled_at=TODAY)
    open_ = invitation_on(session)

    def call(invitation, day):
        return lambda: actions.reopen(session, invitation, open_until=day, today=TODAY)

    assert refusal_of(call(cancelled, TODAY)) is Refusal.CANCELLED
    assert refusal_of(call(open_, TODAY - timedelta(days=1))) is Refusal.REOPEN_DAY_PASSED
    assert open_.reopened_until is None and events(session) == []
