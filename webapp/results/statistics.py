"""Shares, Wilson intervals, the comparison with the average and the hiding of small groups.

This is the only place the minimum group size applies and the only place a share,
an average or a percentage is computed: queries hand in counts, pages and the
open data print what comes back.
"""

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

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
    def picture(self) -> "Picture | None":
        """Return where the result's picture puts its marks; None when nothing is shown."""
        if self.status is not Status.SHOWN:
            return None
        return Picture(
            interval_start=_points(self.low),
            interval_width=_points(self.high - self.low),
            share=_points(self.share),
            average=None if self.average is None else _points(self.average),
        )

    @property
    def sort_key(self) -> tuple[int, float]:
        """Best first; suppressed and missing results always last."""
        if self.status is Status.SHOWN:
            return (0, -self.share)
        return (1 if self.status is Status.SUPPRESSED else 2, 0.0)


@dataclass(frozen=True)
class Picture:
    """A shown result on a scale from 0 to 100: the interval bar, the point and the average."""

    interval_start: float
    interval_width: float
    share: float
    average: float | None


def _points(fraction: float) -> float:
    """Place a fraction on the picture's scale of 0 to 100, to a tenth."""
    return round(fraction * 100, 1)


class HalfYearCounts(Protocol):
    """The counts of one stored half-year (a Result row has them)."""

    completed: int
    in_work: int
    in_studies: int


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


def summarize_half_year(row: HalfYearCounts, minimum: int) -> Outcome:
    """Summarize one stored half-year: hidden below the minimum, even when nobody completed.

    A stored zero is a count like any other below the minimum, so it is hidden
    too; only with no minimum at all does an empty half-year read as no results.
    """
    if row.completed < minimum:
        return Outcome(Status.SUPPRESSED)
    return summarize(row.in_work + row.in_studies, row.completed, minimum)


def summarize_days(day_sum: float | None, weight: int | None, minimum: int) -> int | None:
    """Return the average time in service in whole days, or None when hidden or unknown.

    ``day_sum`` is the sum of each half-year's average days times its participants,
    ``weight`` the participants of those half-years; groups under the minimum are
    hidden like the headline.
    """
    if day_sum is None or not weight or weight < minimum:
        return None
    return round(day_sum / weight)


def pooled_share(successes: int, total: int) -> float | None:
    """Return successes / total, or None when there is nobody to count."""
    return successes / total if total > 0 else None
