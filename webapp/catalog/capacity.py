"""Whom a service suits by assessed work capacity, named as caseworkers name it."""

from dataclasses import dataclass

# At or below this work capacity, in per cent, caseworkers speak of activity capacity
# (aktivitetsförmåga) and services start below full time.
ACTIVITY_CAPACITY_UP_TO = 25


@dataclass(frozen=True)
class CapacityRange:
    """The assessed capacity a service suits, as shares of full time (0 to 1)."""

    low: float
    high: float
    activity: bool  # the range is activity capacity, not work capacity


def capacity_range(capacity_min: int | None, capacity_max: int | None) -> CapacityRange | None:
    """Return the range a service suits, or None when it has no upper bound."""
    if capacity_max is None:
        return None
    return CapacityRange(
        low=(capacity_min or 0) / 100,
        high=capacity_max / 100,
        activity=capacity_max <= ACTIVITY_CAPACITY_UP_TO,
    )
