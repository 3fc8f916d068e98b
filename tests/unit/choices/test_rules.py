"""The choice lifecycle's pure rules: an invitation's dates, reopening, switching, references."""

from datetime import UTC, date, datetime

import pytest

from webapp.choices.models import Choice, ChoiceInvitation, SwitchRequest
from webapp.choices.rules import (
    Refusal,
    change_until,
    deadline_refusal,
    decision_date_refusal,
    invitation_dates_refusal,
    may_request_switch,
    reference_number,
    reopen_refusal,
)
from webapp.choices.state import describe_invitation

TODAY = date(2026, 11, 22)
TOMORROW = date(2026, 11, 23)
YESTERDAY = date(2026, 11, 21)


@pytest.mark.parametrize(
    ("decision_date", "refusal"),
    [(YESTERDAY, None), (TODAY, None), (TOMORROW, Refusal.DECISION_IN_FUTURE)],
)
def test_decision_date_may_not_be_in_the_future(decision_date, refusal):
    assert decision_date_refusal(decision_date, today=TODAY) is refusal


@pytest.mark.parametrize(
    ("deadline", "decision_date", "refusal"),
    [
        (TODAY, TODAY, None),
        (TOMORROW, YESTERDAY, None),
        (TOMORROW, None, None),
        (YESTERDAY, YESTERDAY, Refusal.DEADLINE_PASSED),
        (TOMORROW, date(2026, 11, 25), Refusal.DEADLINE_BEFORE_DECISION),
    ],
)
def test_deadline_may_not_be_past_nor_before_the_decision(deadline, decision_date, refusal):
    assert deadline_refusal(deadline, decision_date=decision_date, today=TODAY) is refusal


def test_a_new_invitations_dates_are_checked_decision_first():
    assert invitation_dates_refusal(TODAY, TOMORROW, today=TODAY) is None
    assert invitation_dates_refusal(TOMORROW, YESTERDAY, today=TODAY) is Refusal.DECISION_IN_FUTURE
    assert invitation_dates_refusal(TODAY, YESTERDAY, today=TODAY) is Refusal.DEADLINE_PASSED


@pytest.mark.parametrize(
    ("open_until", "refusal"),
    [(TODAY, None), (TOMORROW, None), (YESTERDAY, Refusal.REOPEN_DAY_PASSED)],
)
def test_reopen_day_may_not_have_passed(open_until, refusal):
    assert reopen_refusal(open_until, today=TODAY) is refusal


def status(*, deadline=YESTERDAY, current="client", cancelled=False, switch=False, default=None):
    invitation = ChoiceInvitation(
        id=1,
        service_id=1,
        decision_date=date(2026, 11, 1),
        deadline=deadline,
        letter_lang="sv",
        code_hash="x" * 64,
        cancelled_at=datetime(2026, 11, 20, tzinfo=UTC) if cancelled else None,
    )
    return describe_invitation(
        invitation,
        current=current and Choice(invitation_id=1, provider_id=1, kind=current),
        switch=SwitchRequest(invitation_id=1, provider_id=2, reason="x") if switch else None,
        current_authorized=True,
        default_provider=default,
        today=TODAY,
    )


def test_a_switch_may_be_requested_once_a_standing_choice_is_fixed():
    assert may_request_switch(status())
    assert may_request_switch(status(current="default"))
    # A default that stands but is not recorded yet counts as standing.
    assert may_request_switch(status(current=None, default=7))


@pytest.mark.parametrize(
    "fixture",
    [
        {"deadline": TOMORROW},  # the client still changes it directly
        {"current": None},  # nothing stands
        {"cancelled": True},
    ],
)
def test_no_switch_while_open_without_a_choice_or_cancelled(fixture):
    assert not may_request_switch(status(**fixture))


def test_the_client_may_change_the_choice_until_the_last_day():
    assert change_until(status(deadline=TOMORROW), today=TODAY) == TOMORROW
    assert change_until(status(deadline=TODAY), today=TODAY) == TODAY
    assert change_until(status(), today=TODAY) is None


def test_reference_number_names_the_year_and_the_choice():
    choice = Choice(id=42, invitation_id=1, provider_id=1, kind="client")
    choice.chosen_at = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
    assert reference_number(choice) == "V2026-000042"
