"""When a period is in force: each predicate against the days the period covers, one by one."""

from datetime import date, timedelta
from itertools import product

import pytest

from tests.factories.authorizations import new_period
from webapp.authorizations.in_force import (
    Phase,
    in_force_from,
    is_in_force,
    last_day,
    overlaps,
    phase_on,
)
from webapp.authorizations.models import Authorization

START = date(2026, 6, 1)
HORIZON = date(2027, 12, 31)  # later than any day or period end below
DAYS = [START + timedelta(days=offset) for offset in range(-3, 40, 2)]


# Open-ended; ending the day after it starts; ending within, on or just after the days tested.
PERIODS = [
    new_period(1, START, None),
    new_period(1, START, START + timedelta(days=1)),
    new_period(1, START, START + timedelta(days=10)),
    new_period(1, START + timedelta(days=5), START + timedelta(days=6)),
    new_period(1, START + timedelta(days=5), None),
    new_period(1, START - timedelta(days=400), START),
    new_period(1, START - timedelta(days=400), START + timedelta(days=35)),
]


def covered(p: Authorization) -> set[date]:
    """Every day the period covers, up to the horizon: from valid_from, before valid_until."""
    end = p.valid_until or HORIZON
    return {p.valid_from + timedelta(days=n) for n in range((end - p.valid_from).days)}


@pytest.mark.parametrize("p", PERIODS)
def test_in_force_on_exactly_the_days_covered(p):
    days = covered(p)
    for day in DAYS:
        assert is_in_force(p, day) is (day in days), day


@pytest.mark.parametrize("p", PERIODS)
def test_overlaps_when_a_day_of_the_span_is_covered(p):
    days = covered(p)
    for first, length in product(DAYS, (0, 1, 4, 30)):
        last = first + timedelta(days=length)
        span = {first + timedelta(days=n) for n in range(length + 1)}
        assert overlaps(p, first, last) is bool(days & span), (first, last)


@pytest.mark.parametrize("p", PERIODS)
def test_in_force_from_when_the_day_or_a_later_one_is_covered(p):
    days = covered(p)
    for day in DAYS:
        assert in_force_from(p, day) is any(d >= day for d in days), day


@pytest.mark.parametrize("p", PERIODS)
def test_phase_is_coming_before_the_first_day_and_ended_after_the_last(p):
    days = covered(p)
    for day in DAYS:
        expected = (
            Phase.CURRENT if day in days else Phase.COMING if day < p.valid_from else Phase.ENDED
        )
        assert phase_on(p, day) is expected, day


def test_the_until_day_is_outside_and_the_day_before_is_the_last():
    ending = new_period(1, date(2022, 1, 1), date(2026, 12, 1))
    assert is_in_force(ending, date(2026, 11, 30))
    assert not is_in_force(ending, date(2026, 12, 1))
    assert in_force_from(ending, date(2026, 11, 30))
    assert not in_force_from(ending, date(2026, 12, 1))
    assert last_day(ending) == date(2026, 11, 30)
    assert last_day(new_period(1, date(2022, 1, 1), None)) is None


def test_a_period_starting_later_is_in_force_from_today():
    later = new_period(1, date(2030, 1, 1), None)
    assert in_force_from(later, date(2026, 1, 1))
    assert not is_in_force(later, date(2026, 1, 1))
    assert phase_on(later, date(2026, 1, 1)) is Phase.COMING
