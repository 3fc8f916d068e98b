"""A code's life on a real database: entries judged, wrong ones counted, unlocked, re-issued."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from tests.factories.choices import make_choice, make_invitation
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
from webapp.choices.code_actions import enter_code, reissue_code, unlock_code
from webapp.choices.code_entry import CodeOutcome
from webapp.choices.codes import code_selector, normalize_code
from webapp.choices.rules import Refusal
from webapp.core.clock import utc_now

pytestmark = pytest.mark.usefixtures("today")


@pytest.fixture
def key(app) -> str:
    return app.config["CHOICE_CODE_KEY"]


def wrong_secret(code: str) -> str:
    """Return the code with its last character changed: aimed at it, but wrong."""
    return code[:-1] + ("A" if code[-1] != "A" else "B")


def enter(session, key, typed: str, *, lock_after: int = 10):
    """Enter a code as the code form does; return what it led to."""
    check = enter_code(
        session, typed=typed, key=key, now=utc_now(), lock_after=lock_after, minutes=60
    )
    return check.outcome


def test_new_invitations_get_codes_with_distinct_selectors(session, key):
    service = session.exec(select(Service).where(Service.code == "MATCH-1")).one()
    selectors = set()
    for _ in range(20):
        invitation, code = actions.invite(
            session,
            service=service,
            decision_date=TODAY,
            deadline=TODAY + timedelta(days=14),
            letter_lang="sv",
            case_reference="",
            key=key,
            created_by=None,
            today=TODAY,
        )
        assert invitation.code_selector == code_selector(code)
        selectors.add(invitation.code_selector)
    assert len(selectors) == 20


def test_twenty_returns_with_the_right_code_never_count(session, key):
    invitation, code = make_invitation(session)
    assert [enter(session, key, code, lock_after=3) for _ in range(20)] == [CodeOutcome.OPEN] * 20
    assert (invitation.code_attempts, invitation.code_locked_until) == (0, None)
    assert actions_of(session, invitation.id) == []


def test_wrong_entries_count_and_the_tenth_locks_for_an_hour(session, key):
    invitation, code = make_invitation(session)
    outcomes = [enter(session, key, wrong_secret(code)) for _ in range(10)]
    assert outcomes == [CodeOutcome.WRONG] * 10
    assert invitation.code_attempts == 10
    locked_until = invitation.code_locked_until.replace(tzinfo=UTC)
    assert locked_until == datetime(2026, 11, 22, 13, 0, tzinfo=UTC)  # the clock stands at noon
    assert actions_of(session, invitation.id) == ["choice.code_wrong"] * 9 + ["choice.code_lock"]
    assert enter(session, key, code) is CodeOutcome.LOCKED
    # While locked, wrong entries are not counted.
    assert enter(session, key, wrong_secret(code)) is CodeOutcome.WRONG
    assert invitation.code_attempts == 10
    [lock] = [e for e in events(session, invitation.id) if e.action == "choice.code_lock"]
    assert (lock.before["code_attempts"], lock.after["code_attempts"]) == (9, 10)
    assert lock.actor_id is None  # the client (or whoever typed), not a staff member


def test_wrong_entries_name_no_code_in_the_audit_log(session, key):
    invitation, code = make_invitation(session)
    enter(session, key, wrong_secret(code))
    logged = json.dumps([(e.summary, e.before, e.after) for e in events(session, invitation.id)])
    assert normalize_code(code)[:4] not in logged
    assert invitation.code_hash not in logged


def test_a_cancelled_invitations_code_opens_nothing_and_counts_nothing(session, key):
    invitation, code = make_invitation(session, cancelled_at=utc_now())
    assert enter(session, key, code) is CodeOutcome.WRONG
    assert enter(session, key, wrong_secret(code)) is CodeOutcome.WRONG
    assert invitation.code_attempts == 0


def test_unlock_lets_the_right_code_in_at_once_and_starts_counting_afresh(session, key):
    invitation, code = make_invitation(session)
    for _ in range(10):
        enter(session, key, wrong_secret(code))
    unlock_code(session, invitation, today=TODAY)
    assert (invitation.code_attempts, invitation.code_locked_until) == (0, None)
    assert enter(session, key, code) is CodeOutcome.OPEN
    [unlock] = [e for e in events(session, invitation.id) if e.action == "choice.code_unlock"]
    assert unlock.before["code_attempts"] == 10 and unlock.after["code_attempts"] == 0


def test_reissue_gives_a_new_code_and_the_old_one_stops(session, key):
    invitation = invitation_on(session)
    old_hash = invitation.code_hash
    invitation.code_attempts = 4
    new = reissue_code(session, invitation, key=key, today=TODAY)
    assert invitation.code_hash != old_hash
    assert invitation.code_selector == code_selector(new)
    assert invitation.code_attempts == 0
    assert enter(session, key, new) is CodeOutcome.OPEN
    [event] = events(session, invitation.id)
    assert event.action == "choice.code_reissue"
    logged = json.dumps([event.summary, event.before, event.after])
    assert normalize_code(new) not in logged and invitation.code_hash not in logged


def test_the_old_code_stops_working_after_a_reissue(session, key):
    invitation, old = make_invitation(session)
    reissue_code(session, invitation, key=key, today=TODAY)
    assert enter(session, key, old) is CodeOutcome.WRONG
    assert invitation.code_attempts == 0  # the old selector names nothing now


def test_reissue_keeps_the_choices_made(session, key):
    invitation = invitation_on(session)
    make_choice(session, invitation, provider="jarvalyftet")
    reissue_code(session, invitation, key=key, today=TODAY)
    assert [c.is_current for c in choices_of(session, invitation)] == [True]


def test_a_cancelled_invitation_gets_no_new_code_and_no_unlock(session, key):
    invitation = invitation_on(session, cancelled_at=utc_now())
    before = invitation.code_hash
    assert refusal_of(lambda: reissue_code(session, invitation, key=key, today=TODAY)) is (
        Refusal.CANCELLED
    )
    assert refusal_of(lambda: unlock_code(session, invitation, today=TODAY)) is Refusal.CANCELLED
    assert invitation.code_hash == before and events(session, invitation.id) == []


def test_reissue_records_a_default_that_fell_due_first(session, key):
    invitation = invitation_on(session, deadline_in=-2)
    reissue_code(session, invitation, key=key, today=TODAY)
    assert actions_of(session, invitation.id) == ["choice.default", "choice.code_reissue"]
