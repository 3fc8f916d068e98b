"""Where an invitation stands: the states, what the client may do, and when the default is due."""

from datetime import UTC, date, datetime

import pytest

from webapp.choices.models import Choice, ChoiceInvitation, SwitchRequest
from webapp.choices.state import (
    ChoiceState,
    default_is_due,
    describe_invitation,
    last_day,
    past_last_day,
)

TODAY = date(2026, 11, 22)
MUNICIPAL = 7


def invitation(**overrides) -> ChoiceInvitation:
    values = {
        "id": 1,
        "service_id": 1,
        "decision_date": date(2026, 11, 1),
        "deadline": date(2026, 11, 30),
        "letter_lang": "so",
        "code_hash": "x" * 64,
    }
    return ChoiceInvitation(**{**values, **overrides})


def chosen(kind: str = "client", provider_id: int = 1) -> Choice:
    return Choice(invitation_id=1, provider_id=provider_id, kind=kind)


def describe(inv, current=None, switch=None, authorized=True, default=MUNICIPAL, today=TODAY):
    return describe_invitation(
        inv,
        current=current,
        switch=switch,
        current_authorized=authorized,
        default_provider=default,
        today=today,
    )


PAST = invitation(deadline=date(2026, 11, 21))


def test_waiting_until_the_deadline_then_closed():
    assert describe(invitation()).state is ChoiceState.WAITING
    assert describe(invitation()).can_choose
    assert describe(invitation(), today=date(2026, 11, 30)).can_choose
    assert not describe(invitation(), today=date(2026, 12, 1)).can_choose


def test_chosen_default_switch_and_cancelled_states():
    switch = SwitchRequest(invitation_id=1, provider_id=2, reason="x")
    assert describe(invitation(), current=chosen()).state is ChoiceState.CHOSEN
    assert describe(invitation(), current=chosen("switch")).state is ChoiceState.CHOSEN
    assert describe(invitation(), current=chosen("default")).state is ChoiceState.DEFAULT_APPLIED
    assert (
        describe(invitation(), current=chosen(), switch=switch).state
        is ChoiceState.SWITCH_REQUESTED
    )
    cancelled = invitation(cancelled_at=TODAY)
    assert describe(cancelled, current=chosen(), switch=switch).state is ChoiceState.CANCELLED
    assert not describe(cancelled).can_choose


def test_the_provider_that_stands_is_the_current_choice():
    status = describe(invitation(), current=chosen(provider_id=3))
    assert (status.provider_id, status.kind, status.unrecorded_default) == (3, "client", False)
    assert describe(invitation()).provider_id is None


def test_after_the_last_day_the_default_stands_before_it_is_recorded():
    status = describe(PAST)
    assert status.state is ChoiceState.DEFAULT_APPLIED
    assert (status.provider_id, status.kind) == (MUNICIPAL, "default")
    assert status.unrecorded_default and status.current is None
    assert not status.can_choose and not status.default_missing
    recorded = describe(PAST, current=chosen("default", MUNICIPAL))
    assert recorded.state is ChoiceState.DEFAULT_APPLIED and not recorded.unrecorded_default


def test_without_a_default_provider_the_invitation_waits_for_the_caseworker():
    status = describe(PAST, default=None)
    assert status.state is ChoiceState.WAITING
    assert status.provider_id is None and status.default_missing
    assert not describe(invitation(), default=None).default_missing  # not due yet


def test_a_cancelled_invitation_gets_no_default():
    status = describe(invitation(deadline=date(2026, 11, 1), cancelled_at=TODAY))
    assert status.state is ChoiceState.CANCELLED
    assert status.provider_id is None and not status.default_missing


def test_a_locked_code_does_not_stop_a_client_who_is_already_in():
    # The lock refuses entering the code; it says nothing about the choice itself.
    locked = invitation(code_attempts=10, code_locked_until=datetime(2026, 11, 22, 12, tzinfo=UTC))
    assert describe(locked).can_choose


def test_reopened_invitation_can_choose_after_the_deadline_and_gets_no_default():
    reopened = invitation(deadline=date(2026, 11, 1), reopened_until=date(2026, 11, 29))
    status = describe(reopened)
    assert status.can_choose and status.open_until == date(2026, 11, 29)
    assert status.state is ChoiceState.WAITING


def test_deauthorized_provider_lets_the_client_choose_again_after_the_deadline():
    status = describe(PAST, current=chosen(), authorized=False)
    assert status.provider_deauthorized
    assert status.can_choose
    assert not describe(PAST, current=chosen()).can_choose


@pytest.mark.parametrize(
    ("deadline", "reopened_until", "expected"),
    [
        (date(2026, 11, 30), None, date(2026, 11, 30)),
        (date(2026, 11, 1), date(2026, 11, 29), date(2026, 11, 29)),
        (date(2026, 11, 30), date(2026, 11, 10), date(2026, 11, 30)),
    ],
)
def test_last_day_is_the_later_of_the_deadline_and_the_reopened_day(
    deadline, reopened_until, expected
):
    inv = invitation(deadline=deadline, reopened_until=reopened_until)
    assert last_day(inv) == expected
    assert not past_last_day(inv, expected)
    assert past_last_day(inv, date.fromordinal(expected.toordinal() + 1))


@pytest.mark.parametrize(
    ("inv", "current", "due"),
    [
        (PAST, None, True),
        (invitation(), None, False),
        (PAST, chosen(), False),
        (invitation(deadline=date(2026, 11, 1), cancelled_at=TODAY), None, False),
        (invitation(deadline=date(2026, 11, 1), reopened_until=TODAY), None, False),
        (invitation(deadline=date(2026, 11, 1), reopened_until=date(2026, 11, 21)), None, True),
    ],
)
def test_default_is_due_when_open_past_the_last_day_and_nothing_chosen(inv, current, due):
    assert default_is_due(inv, current=current, today=TODAY) is due
