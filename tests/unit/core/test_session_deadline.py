"""When a session ends if nothing is done: idle after the last request, or a hard end first."""

from datetime import UTC, datetime, timedelta

import pytest

from webapp.core.session_deadline import Deadline, session_deadline

NOW = datetime(2026, 11, 23, 13, 2, tzinfo=UTC)
IDLE = timedelta(minutes=30)


@pytest.mark.parametrize(
    ("hard_end", "ends_at", "final"),
    [
        (None, NOW + IDLE, False),  # a client's choice: idle only
        (NOW + timedelta(hours=11), NOW + IDLE, False),  # a login far from its age limit
        (NOW + IDLE, NOW + IDLE, True),  # both at once: going on cannot move it
        (NOW + timedelta(minutes=20), NOW + timedelta(minutes=20), True),  # the limit first
    ],
)
def test_session_deadline(hard_end, ends_at, final):
    assert session_deadline(now=NOW, idle=IDLE, hard_end=hard_end) == Deadline(ends_at, final)


@pytest.mark.parametrize(
    ("now", "seconds"),
    [
        (NOW, 1800),
        (NOW + timedelta(seconds=0.4), 1799),  # rounded down: never promised too long
        (NOW + IDLE, 0),
        (NOW + IDLE + timedelta(minutes=5), 0),  # past the end: none left, never negative
    ],
)
def test_seconds_left(now, seconds):
    assert Deadline(NOW + IDLE, final=False).seconds_left(now) == seconds
