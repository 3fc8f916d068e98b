"""When a staff session still counts, and which changes end an account's sessions."""

from datetime import UTC, datetime, timedelta

import pytest

from webapp.staff.sessions import ends_sessions, session_ends_at, session_is_current

HOUR = timedelta(hours=1)


@pytest.mark.parametrize(
    ("remembered", "logged_in_at", "now", "current"),
    [
        (3, 1000.0, 1000.0, True),
        (3, 1000.0, 1000.0 + 3600, True),
        (3, 1000.0, 1000.0 + 3601, False),  # past the absolute lifetime
        (2, 1000.0, 1000.0, False),  # the account's sessions were ended since
        (None, 1000.0, 1000.0, False),  # a session from before versions existed
        ("3", 1000.0, 1000.0, False),
        (3, None, 1000.0, False),
        (3, 2000.0, 1000.0, False),  # a login in the future: a forged or broken session
    ],
)
def test_session_is_current(remembered, logged_in_at, now, current):
    assert (
        session_is_current(
            remembered_version=remembered,
            account_version=3,
            logged_in_at=logged_in_at,
            now=now,
            max_age=HOUR,
        )
        is current
    )


@pytest.mark.parametrize(
    ("logged_in_at", "ends_at"),
    [
        (1000.0, datetime(1970, 1, 1, 1, 16, 40, tzinfo=UTC)),  # an hour after 00:16:40
        (1000, datetime(1970, 1, 1, 1, 16, 40, tzinfo=UTC)),
        (None, None),  # no login time: no end to tell
        ("1000", None),
        (True, None),
    ],
)
def test_session_ends_at(logged_in_at, ends_at):
    assert session_ends_at(logged_in_at, HOUR) == ends_at


BEFORE = {"role": "editor", "is_active": True, "name": "A"}


@pytest.mark.parametrize(
    ("after", "password_changed", "ends"),
    [
        ({**BEFORE, "name": "B"}, False, False),
        ({**BEFORE, "role": "admin"}, False, True),
        ({**BEFORE, "is_active": False}, False, True),
        (BEFORE, True, True),
    ],
)
def test_ends_sessions(after, password_changed, ends):
    assert bool(ends_sessions(BEFORE, after, password_changed=password_changed)) is ends
