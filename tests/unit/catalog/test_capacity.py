"""Whom a service suits: work capacity, or activity capacity at 25 % and below."""

import pytest

from webapp.catalog.capacity import ACTIVITY_CAPACITY_UP_TO, CapacityRange, capacity_range


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (0, 25, CapacityRange(0.0, 0.25, activity=True)),
        (None, 10, CapacityRange(0.0, 0.1, activity=True)),
        (25, 50, CapacityRange(0.25, 0.5, activity=False)),
        (50, 75, CapacityRange(0.5, 0.75, activity=False)),
        (0, 26, CapacityRange(0.0, 0.26, activity=False)),
        (20, None, None),  # no upper bound: nothing to say
        (None, None, None),
    ],
)
def test_capacity_range(low, high, expected):
    assert capacity_range(low, high) == expected


def test_the_boundary_is_activity_capacity():
    assert capacity_range(0, ACTIVITY_CAPACITY_UP_TO).activity
    assert not capacity_range(0, ACTIVITY_CAPACITY_UP_TO + 1).activity
