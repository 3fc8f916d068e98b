"""The follow-up's pure rules: new windows, ages, review days, notice addresses."""

from datetime import UTC, date, datetime

import pytest

from webapp.choices.displacement import (
    CURRENT,
    PENDING_START,
    SWITCH,
    affected_reason,
    window_deadline,
)
from webapp.choices.models import ChoiceInvitation
from webapp.choices.notices import address_expired, is_email_address
from webapp.choices.state import ChoiceState, InvitationStatus
from webapp.choices.switching import age_in_days, local_date, review_deadline


def test_the_window_runs_from_the_later_of_the_effective_date_and_the_decision():
    decided = date(2026, 11, 22)
    assert window_deadline(effective_date=decided, decided_on=decided, days=14) == date(2026, 12, 6)
    assert window_deadline(effective_date=date(2027, 1, 1), decided_on=decided, days=14) == date(
        2027, 1, 15
    )
    assert window_deadline(effective_date=date(2026, 11, 1), decided_on=decided, days=14) == date(
        2026, 12, 6
    )


def status(provider_id, *, can_choose):
    return InvitationStatus(
        state=ChoiceState.CHOSEN,
        current=None,
        pending_switch=None,
        provider_id=provider_id,
        kind="client",
        unrecorded_default=False,
        default_missing=False,
        provider_deauthorized=False,
        can_choose=can_choose,
        open_until=date(2026, 12, 1),
    )


def test_how_a_client_is_affected():
    assert affected_reason(status(7, can_choose=False), provider_id=7) == CURRENT
    assert affected_reason(status(7, can_choose=True), provider_id=7) == PENDING_START
    assert affected_reason(status(3, can_choose=False), provider_id=7) == SWITCH


def test_a_request_is_as_old_as_the_days_since_it_came_in_swedish_time():
    today = date(2026, 11, 22)
    assert age_in_days(datetime(2026, 11, 22, 8, 0, tzinfo=UTC), today=today) == 0
    # 23:30 UTC on the 20th is already the 21st in Stockholm.
    assert age_in_days(datetime(2026, 11, 20, 23, 30, tzinfo=UTC), today=today) == 1
    assert age_in_days(datetime(2026, 11, 2, 12, 0), today=today) == 20  # SQLite: no zone
    assert age_in_days(datetime(2026, 11, 23, 12, 0, tzinfo=UTC), today=today) == 0


def test_a_review_can_be_asked_for_within_three_weeks_of_the_decision():
    decided = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)  # 1 December in Stockholm
    assert local_date(decided) == date(2026, 12, 1)
    assert review_deadline(decided) == date(2026, 12, 22)


def invitation(**fields):
    values = {
        "service_id": 1,
        "decision_date": date(2026, 1, 1),
        "deadline": date(2026, 2, 1),
        "letter_lang": "sv",
        "code_hash": "x",
    }
    return ChoiceInvitation(**{**values, **fields})


@pytest.mark.parametrize(
    ("fields", "today", "expired"),
    [
        ({}, date(2026, 2, 1), False),
        ({}, date(2026, 3, 3), False),  # 30 days after the last day: kept
        ({}, date(2026, 3, 4), True),
        ({"reopened_until": date(2026, 3, 1)}, date(2026, 3, 4), False),
        ({"cancelled_at": datetime(2026, 1, 5, tzinfo=UTC)}, date(2026, 1, 6), True),
    ],
)
def test_a_notice_address_goes_when_cancelled_or_kept_long_enough(fields, today, expired):
    assert address_expired(invitation(**fields), today=today, keep_days=30) is expired


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("namn@exempel.se", True),
        ("a.b+c@sub.example.org", True),
        ("", False),
        ("namn@exempel", False),
        ("namn exempel@se.se", False),
        ("namn@@exempel.se", False),
        ("namn@exempel.se.", False),
        ("a" * 250 + "@x.se", False),
    ],
)
def test_what_counts_as_an_email_address(text, valid):
    assert is_email_address(text) is valid
