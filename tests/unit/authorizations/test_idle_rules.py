"""Twelve months without customers: the day it falls due, from the three days it counts from."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from webapp.authorizations.idle import (
    choice_day,
    due_on,
    is_due,
    twelve_months_after,
    twelve_months_before,
)

START = date(2023, 1, 1)  # the first choice recorded anywhere


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 11, 22), date(2025, 11, 22)),
        (date(2028, 2, 29), date(2027, 2, 28)),
        (date(2026, 1, 1), date(2025, 1, 1)),
    ],
)
def test_twelve_months_before(day, expected):
    assert twelve_months_before(day) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 11, 22), date(2026, 11, 22)),
        (date(2024, 2, 29), date(2025, 3, 1)),  # twelve full months after a leap day
        (date(2025, 12, 31), date(2026, 12, 31)),
    ],
)
def test_twelve_months_after(day, expected):
    assert twelve_months_after(day) == expected


def test_the_last_choice_counts_when_it_is_the_latest():
    assert due_on(
        authorized_from=date(2022, 1, 1), last_choice=date(2025, 10, 22), recording_began=START
    ) == date(2026, 10, 22)


def test_a_new_authorization_is_not_due_at_once():
    """Authorized a month ago, never chosen: due eleven months from now, not today."""
    assert due_on(
        authorized_from=date(2026, 10, 22), last_choice=None, recording_began=START
    ) == date(2027, 10, 22)


def test_a_choice_before_a_new_authorization_does_not_count_from_earlier():
    assert due_on(
        authorized_from=date(2026, 6, 1), last_choice=date(2024, 3, 1), recording_began=START
    ) == date(2027, 6, 1)


def test_counting_starts_at_the_first_recorded_choice_at_the_earliest():
    """Choices made before they were recorded here cannot be known: no one is due before."""
    assert due_on(
        authorized_from=date(2020, 1, 1), last_choice=None, recording_began=date(2026, 3, 1)
    ) == date(2027, 3, 1)


def test_without_any_recorded_choice_nothing_falls_due():
    assert due_on(authorized_from=date(2020, 1, 1), last_choice=None, recording_began=None) is None
    assert not is_due(
        authorized_from=date(2020, 1, 1),
        last_choice=None,
        recording_began=None,
        day=date(2030, 1, 1),
    )


def test_thirteen_months_after_the_last_choice_is_due_eleven_is_not():
    kwargs = {"authorized_from": date(2022, 1, 1), "recording_began": START}
    assert is_due(**kwargs, last_choice=date(2025, 10, 22), day=date(2026, 11, 22))
    assert not is_due(**kwargs, last_choice=date(2025, 12, 22), day=date(2026, 11, 22))
    # On the day twelve months are reached it is due, the day before it is not.
    assert is_due(**kwargs, last_choice=date(2025, 11, 22), day=date(2026, 11, 22))
    assert not is_due(**kwargs, last_choice=date(2025, 11, 23), day=date(2026, 11, 22))


def test_a_choice_day_is_its_utc_day():
    stockholm = timezone(timedelta(hours=1))
    assert choice_day(datetime(2026, 3, 1, 0, 30, tzinfo=stockholm)) == date(2026, 2, 28)
    assert choice_day(datetime(2026, 3, 1, 23, 59, tzinfo=UTC)) == date(2026, 3, 1)
    assert choice_day(datetime(2026, 3, 1, 23, 59)) == date(2026, 3, 1)  # SQLite gives naive UTC
