"""Shares, Wilson intervals and the comparison with the average: pure functions."""

import math
from dataclasses import dataclass
from enum import StrEnum

# Two-sided 95 % normal quantile.
Z_95 = 1.959963984540054


class Status(StrEnum):
    """Whether a result can be shown."""

    SHOWN = "shown"
    SUPPRESSED = "suppressed"  # too few participants to show anything
    MISSING = "missing"  # no completed participants yet


class Comparison(StrEnum):
    """How a result stands against the average of all providers."""

    HIGHER = "higher"
    LOWER = "lower"
    NO_CLEAR_DIFFERENCE = "no_clear_difference"


@dataclass(frozen=True)
class Outcome:
    """A pooled result ready to present: share with interval, or why there is none."""

    status: Status
    successes: int | None = None
    total: int | None = None
    share: float | None = None
    low: float | None = None
    high: float | None = None
    comparison: Comparison | None = None
    average: float | None = None

    @property
    def sort_key(self) -> tuple[int, float]:
        """Best first; suppressed and missing results always last."""
        if self.status is Status.SHOWN:
            return (0, -self.share)
        return (1 if self.status is Status.SUPPRESSED else 2, 0.0)


def wilson_interval(successes: int, total: int, z: float = Z_95) -> tuple[float, float]:
    """Return the Wilson score interval for successes out of total."""
    if total <= 0:
        raise ValueError("total must be positive")
    if not 0 <= successes <= total:
        raise ValueError("successes must lie between 0 and total")
    p = successes / total
    z2 = z * z
    centre = (p + z2 / (2 * total)) / (1 + z2 / total)
    half = (z / (1 + z2 / total)) * math.sqrt(p * (1 - p) / total + z2 / (4 * total * total))
    # At x = 0 or x = N the bound is exactly 0 or 1; floating point may miss it.
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == total else min(1.0, centre + half)
    return low, high


def compare_with_average(low: float, high: float, average: float) -> Comparison:
    """Call a result higher or lower only when the whole interval lies on that side."""
    if low > average:
        return Comparison.HIGHER
    if high < average:
        return Comparison.LOWER
    return Comparison.NO_CLEAR_DIFFERENCE


def summarize(successes: int, total: int, minimum: int, average: float | None = None) -> Outcome:
    """Turn counts into an Outcome, hiding groups smaller than the minimum."""
    if total <= 0:
        return Outcome(Status.MISSING)
    if total < minimum:
        return Outcome(Status.SUPPRESSED)
    low, high = wilson_interval(successes, total)
    comparison = None if average is None else compare_with_average(low, high, average)
    return Outcome(
        Status.SHOWN,
        successes=successes,
        total=total,
        share=successes / total,
        low=low,
        high=high,
        comparison=comparison,
        average=average,
    )


def pooled_share(successes: int, total: int) -> float | None:
    """Return successes / total, or None when there is nobody to count."""
    return successes / total if total > 0 else None
