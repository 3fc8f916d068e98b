"""Choosing and switching on a real database: what the actions write and what they refuse."""

import json

import pytest
from sqlmodel import select

from tests.factories.choices import (
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
from webapp.choices import actions
from webapp.choices.models import ChoiceInvitation, SwitchRequest
from webapp.choices.rules import Refusal

pytestmark = pytest.mark.usefixtures("today")


# --- The client's choice -----------------------------------------------------------------


def confirm(session, invitation, slug="jarvalyftet", form="form-00000000000001"):
    """Confirm a provider as the client's form with this one-time value would."""
    return actions.confirm(
        session, invitation, provider_id=provider_id(session, slug), token=form, today=TODAY
    )


def test_confirm_records_the_clients_choice_and_audits_it_without_personal_data(session):
    invitation = invitation_on(session)
    choice = confirm(session, invitation)
    assert (choice.kind, choice.is_current, choice.recorded_by) == ("client", True, None)
    [event] = events(session, invitation.id)
    assert (event.action, event.actor_id) == ("choice.confirm", None)
    assert event.after == {
        "choice_id": choice.id,
        "provider_id": choice.provider_id,
        "kind": "client",
    }


def test_confirm_twice_with_one_token_gives_the_same_choice(session):
    invitation = invitation_on(session)
    assert confirm(session, invitation) == confirm(session, invitation)
    assert len(choices_of(session, invitation)) == 1 and len(events(session)) == 1


def test_a_new_confirmation_replaces_the_choice_and_keeps_the_history(session):
    invitation = invitation_on(session)
    confirm(session, invitation, "jarvalyftet", "form-00000000000001")
    confirm(session, invitation, "jobbtorget", "form-00000000000002")
    old, new = choices_of(session, invitation)
    assert (old.is_current, new.is_current) == (False, True)


@pytest.mark.parametrize(
    ("fields", "slug", "refusal"),
    [
        ({"deadline_in": -1}, "jarvalyftet", Refusal.CLOSED),
        ({"cancelled_at": TODAY}, "jarvalyftet", Refusal.CLOSED),
        ({}, "linjen-rekrytering", Refusal.NOT_AUTHORIZED),
        ({}, "oppna-vagar", Refusal.NOT_AUTHORIZED),
    ],
)
def test_confirm_refuses_a_closed_choice_or_a_provider_not_authorized(
    session, fields, slug, refusal
):
    invitation = invitation_on(session, **fields)
    assert refusal_of(lambda: confirm(session, invitation, slug)) is refusal
    assert [c.kind for c in choices_of(session, invitation)] in ([], ["default"])
    assert "choice.confirm" not in actions_of(session, invitation.id)


# --- A caseworker records a choice -------------------------------------------------------


def record(session, invitation, slug="jarvalyftet"):
    return actions.record(
        session, invitation, provider_id=provider_id(session, slug), today=TODAY, recorded_by=None
    )


def test_record_makes_the_choice_current_with_its_event(session):
    invitation = invitation_on(session, deadline_in=-10)  # after the deadline too
    make_choice(session, invitation, provider="jobbtorget", kind="default")
    choice = record(session, invitation)
    assert [c.is_current for c in choices_of(session, invitation)] == [False, True]
    [event] = events(session, invitation.id)
    assert (event.action, event.after["choice_id"]) == ("choice.record", choice.id)


@pytest.mark.parametrize(
    ("fields", "slug", "refusal"),
    [
        ({"cancelled_at": TODAY}, "jarvalyftet", Refusal.CANCELLED),
        ({}, "linjen-rekrytering", Refusal.NOT_AUTHORIZED),
        ({"chosen": "jarvalyftet"}, "jarvalyftet", Refusal.ALREADY_CURRENT),
    ],
)
def test_record_refuses(session, fields, slug, refusal):
    chosen = fields.pop("chosen", None)
    invitation = invitation_on(session, **fields)
    if chosen:
        make_choice(session, invitation, provider=chosen)
    assert refusal_of(lambda: record(session, invitation, slug)) is refusal
    assert len(choices_of(session, invitation)) == (1 if chosen else 0)
    assert events(session) == []


# --- Switching ---------------------------------------------------------------------------


@pytest.fixture
def fixed(session) -> ChoiceInvitation:
    """An invitation whose choice of Järvalyftet can no longer be changed by the client."""
    invitation = invitation_on(session, deadline_in=-1)
    make_choice(session, invitation, provider="jarvalyftet")
    return invitation


def request_switch(session, invitation, slug="jobbtorget"):
    return actions.request_switch(
        session,
        invitation,
        provider_id=provider_id(session, slug),
        reason="Jag har flyttat till Rinkeby.",
        today=TODAY,
    )


def test_switch_request_waits_for_the_caseworker_and_its_event_keeps_no_reason(session, fixed):
    request = request_switch(session, fixed)
    assert (request.status, request.reason) == ("pending", "Jag har flyttat till Rinkeby.")
    [event] = events(session, request.id, "switch_request")
    assert (event.action, event.actor_id, event.entity_type) == (
        "choice.switch_request",
        None,
        "switch_request",
    )
    assert "Rinkeby" not in json.dumps([event.summary, event.before, event.after])


def test_switch_request_refusals(session, fixed):
    assert refusal_of(lambda: request_switch(session, fixed, "jarvalyftet")) is (
        Refusal.ALREADY_CURRENT
    )
    assert refusal_of(lambda: request_switch(session, fixed, "linjen-rekrytering")) is (
        Refusal.NOT_AUTHORIZED
    )
    request_switch(session, fixed)
    assert refusal_of(lambda: request_switch(session, fixed, "arbetslust-stockholm")) is (
        Refusal.SWITCH_PENDING
    )
    still_open = invitation_on(session)
    make_choice(session, still_open)
    assert refusal_of(lambda: request_switch(session, still_open)) is Refusal.CLOSED
    assert len(session.exec(select(SwitchRequest.id)).all()) == 1


def decide(session, invitation, switch, approve: bool, reason: str = ""):
    actions.decide_switch(
        session, invitation, switch, approve=approve, reason=reason, today=TODAY, decided_by=None
    )


def test_approving_a_switch_records_the_new_choice(session, fixed):
    switch = make_switch_request(session, fixed, provider="jobbtorget")
    decide(session, fixed, switch, approve=True)
    old, new = choices_of(session, fixed)
    assert (old.is_current, new.is_current, new.kind) == (False, True, "switch")
    assert switch.status == "approved" and switch.decided_at is not None
    [event] = events(session, switch.id, "switch_request")
    assert event.before["status"] == "pending" and event.after["status"] == "approved"


def test_rejecting_a_switch_keeps_the_choice(session, fixed):
    switch = make_switch_request(session, fixed, provider="jobbtorget")
    decide(session, fixed, switch, approve=False, reason="  Inga skäl.  ")
    assert (switch.status, switch.decision_reason) == ("rejected", "Inga skäl.")
    assert len(choices_of(session, fixed)) == 1
    assert refusal_of(lambda: decide(session, fixed, switch, approve=True)) is Refusal.DECIDED


def test_a_switch_to_a_provider_no_longer_authorized_or_on_a_cancelled_invitation(session, fixed):
    switch = make_switch_request(session, fixed, provider="linjen-rekrytering")
    assert refusal_of(lambda: decide(session, fixed, switch, approve=True)) is (
        Refusal.NOT_AUTHORIZED
    )
    assert switch.status == "pending"
    cancelled = invitation_on(session, cancelled_at=TODAY)
    other = make_switch_request(session, cancelled, provider="jobbtorget")
    assert refusal_of(lambda: decide(session, cancelled, other, approve=True)) is (
        Refusal.CANCELLED
    )
    decide(session, cancelled, other, approve=False, reason="Makulerad.")
    assert other.status == "rejected"
