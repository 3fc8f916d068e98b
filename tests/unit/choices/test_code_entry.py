"""Judging an entered code: what opens, what is locked, what counts against an invitation."""

from datetime import UTC, datetime, timedelta

import pytest

from webapp.choices.code_entry import CodeOutcome, judge_entry, lock_in_force, minutes_locked
from webapp.choices.models import ChoiceInvitation

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
LATER = NOW + timedelta(minutes=30)
EARLIER = NOW - timedelta(minutes=1)


def invitation(**fields) -> ChoiceInvitation:
    return ChoiceInvitation(
        id=7,
        service_id=1,
        decision_date=NOW.date(),
        deadline=NOW.date(),
        letter_lang="sv",
        code_hash="x" * 64,
        **fields,
    )


def test_the_right_code_opens_however_many_wrong_entries_came_before():
    right = invitation(code_attempts=9)
    check = judge_entry(by_hash=right, by_selector=None, now=NOW)
    assert (check.outcome, check.invitation, check.counts_against) == (
        CodeOutcome.OPEN,
        right,
        None,
    )


def test_the_right_code_is_refused_while_locked_and_opens_when_the_lock_ends():
    locked = invitation(code_attempts=10, code_locked_until=LATER)
    assert judge_entry(by_hash=locked, by_selector=None, now=NOW).outcome is CodeOutcome.LOCKED
    ended = invitation(code_attempts=10, code_locked_until=EARLIER)
    assert judge_entry(by_hash=ended, by_selector=None, now=NOW).outcome is CodeOutcome.OPEN


def test_a_wrong_secret_counts_against_the_invitation_its_selector_names():
    aimed = invitation()
    check = judge_entry(by_hash=None, by_selector=aimed, now=NOW)
    assert (check.outcome, check.counts_against) == (CodeOutcome.WRONG, aimed)


@pytest.mark.parametrize(
    "aimed",
    [
        None,  # no invitation has that selector (or the text is no code)
        invitation(cancelled_at=EARLIER),
        invitation(code_attempts=10, code_locked_until=LATER),  # the lock stands; not counted
    ],
)
def test_wrong_entries_that_count_against_nobody(aimed):
    check = judge_entry(by_hash=None, by_selector=aimed, now=NOW)
    assert (check.outcome, check.counts_against) == (CodeOutcome.WRONG, None)


def test_a_cancelled_invitations_right_code_is_answered_as_a_wrong_one():
    cancelled = invitation(cancelled_at=EARLIER)
    check = judge_entry(by_hash=cancelled, by_selector=None, now=NOW)
    assert (check.outcome, check.counts_against) == (CodeOutcome.WRONG, None)


def test_a_lock_is_in_force_until_it_ends():
    assert lock_in_force(invitation(code_locked_until=LATER), NOW) == LATER
    assert lock_in_force(invitation(code_locked_until=EARLIER), NOW) is None
    assert lock_in_force(invitation(), NOW) is None
    # SQLite gives the moment back without its zone; it was stored in UTC.
    naive = invitation(code_locked_until=LATER.replace(tzinfo=None))
    assert lock_in_force(naive, NOW) is not None


@pytest.mark.parametrize(
    ("left", "minutes"),
    [(timedelta(minutes=30), 30), (timedelta(seconds=61), 2), (timedelta(seconds=5), 1)],
)
def test_minutes_locked_rounds_up_to_whole_minutes(left, minutes):
    assert minutes_locked(NOW + left, NOW) == minutes
    assert minutes_locked((NOW + left).replace(tzinfo=None), NOW) == minutes
