"""Shares, Wilson intervals, the comparison with the average and the hiding of small groups.

This is the only place the minimum group size applies and the only place a share,
an average or a percentage is computed: queries hand in counts, pages and the
open data print what comes back.

The disclosure rule (primary suppression, with no residual to subtract from): a
half-year group (one provider, one service, one half-year) is shown only when at
least the minimum number of people completed in it. A figure made of several
groups (a provider's 12 months, all its services, a service's average, the survey,
the time in service) is computed from shown groups only, and says which half-years
those were. Every published number is then a sum of, or a ratio between, numbers
of shown groups, so no subtraction or ratio of published numbers reaches a hidden
group. ``is_shown`` and ``shown_clause`` state the rule in Python and in SQL.
The delivery measures (webapp.results.delivery) apply ``is_shown`` to their own counts too.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Protocol

from sqlalchemy import ColumnElement

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
    # The half-years the figure was computed from, oldest first (its shown groups').
    periods: tuple[str, ...] = ()
    # True when that is fewer half-years than the figure's window: its label must say so.
    partial: bool = False

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
    def sort_key(self) -> tuple[int, int, float]:
        """Rank by verdict, then by the interval's lower bound; hidden and missing last.

        Higher than the average comes before no clear difference, which comes before
        lower; within a verdict, the higher lower bound first, so a small group's lucky
        share (a wide interval) never lifts it above what a large group has shown.
        """
        if self.status is Status.SHOWN:
            return (0, VERDICT_ORDER.get(self.comparison, 1), -self.low)
        return (1 if self.status is Status.SUPPRESSED else 2, 0, 0.0)


# The order of the verdicts when sorting by result; no verdict sorts with no clear difference.
VERDICT_ORDER = {Comparison.HIGHER: 0, Comparison.NO_CLEAR_DIFFERENCE: 1, Comparison.LOWER: 2}


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
    if is_hidden(row.completed, minimum):
        return Outcome(Status.SUPPRESSED)
    return summarize(row.in_work + row.in_studies, row.completed, minimum)


def pooled_share(successes: int, total: int) -> float | None:
    """Return successes / total, or None when there is nobody to count."""
    return successes / total if total > 0 else None


# --- the disclosure rule ------------------------------------------------------------------


def is_shown(completed: int, minimum: int) -> bool:
    """Tell whether a half-year group may be published: at least the minimum, and somebody."""
    return completed >= max(minimum, 1)


def is_hidden(completed: int, minimum: int) -> bool:
    """Tell whether a half-year group is hidden: fewer than the minimum (a stored zero too)."""
    return completed < minimum


def shown_clause(completed: ColumnElement, minimum: int) -> ColumnElement:
    """Return ``is_shown`` as an SQL condition on a column of participants."""
    return completed >= max(minimum, 1)


def hidden_clause(completed: ColumnElement, minimum: int) -> ColumnElement:
    """Return ``is_hidden`` as an SQL condition on a column of participants."""
    return completed < minimum


@dataclass(frozen=True)
class Tally:
    """What one half-year brings to a pooled figure: its shown groups' counts, how many hidden.

    Built per group with ``tally``, or summed in SQL with the clauses above.
    """

    period: str
    completed: int = 0  # participants of the shown groups
    successes: int = 0  # of them, in work or studies
    hidden: int = 0  # groups left out for being too small


def tally(period: str, completed: int, successes: int, minimum: int) -> Tally:
    """Return what one half-year group brings: its counts when shown, else only that it hides."""
    if is_shown(completed, minimum):
        return Tally(period, completed, successes)
    return Tally(period, hidden=int(is_hidden(completed, minimum)))


def pool(
    tallies: Iterable[Tally],
    minimum: int,
    *,
    window: tuple[str, ...],
    average: float | None = None,
) -> Outcome:
    """Pool the shown groups of a figure's half-years; say which half-years it covers.

    Hidden groups add nothing, not even to the count of participants. With no shown
    group the figure is hidden if any group was too small, else there is none.
    """
    tallies = list(tallies)
    shown = [t for t in tallies if t.completed > 0]
    if not shown:
        return Outcome(Status.SUPPRESSED if any(t.hidden for t in tallies) else Status.MISSING)
    successes = sum(t.successes for t in shown)
    total = sum(t.completed for t in shown)
    periods = tuple(sorted({t.period for t in shown}))
    outcome = summarize(successes, total, minimum, average)
    return replace(outcome, periods=periods, partial=periods != tuple(sorted(window)))


def average_share(tallies: Iterable[Tally]) -> float | None:
    """Return the share of all shown groups together (the average), or None without any."""
    tallies = list(tallies)
    return pooled_share(sum(t.successes for t in tallies), sum(t.completed for t in tallies))


class SurveyCounts(Protocol):
    """The counts of one stored half-year that the survey and time figures need."""

    period: str
    completed: int
    average_days: int | None
    survey_respondents: int | None
    survey_satisfied: int | None


def pool_survey(rows: Iterable[SurveyCounts], minimum: int, *, window: tuple[str, ...]) -> Outcome:
    """Pool the survey answers of the half-years whose participants and answers are both shown."""
    tallies = []
    for row in rows:
        if not row.survey_respondents:
            continue  # nobody answered that half-year: there is no survey to show or hide
        if is_shown(row.completed, minimum):
            answers = tally(row.period, row.survey_respondents, row.survey_satisfied or 0, minimum)
        else:
            answers = Tally(row.period, hidden=1)  # the participants are hidden, so are answers
        tallies.append(answers)
    return pool(tallies, minimum, window=window)


@dataclass(frozen=True)
class Days:
    """The average time in service, in whole days, and the half-years it covers."""

    days: int | None  # None when hidden or unknown
    periods: tuple[str, ...] = ()
    partial: bool = False


def pool_days(rows: Iterable[SurveyCounts], minimum: int, *, window: tuple[str, ...]) -> Days:
    """Weigh each shown half-year's average days by its participants; hidden ones add nothing."""
    known = [
        row for row in rows if row.average_days is not None and is_shown(row.completed, minimum)
    ]
    weight = sum(row.completed for row in known)
    if not weight:
        return Days(None)
    periods = tuple(sorted({row.period for row in known}))
    day_sum = sum(row.average_days * row.completed for row in known)
    return Days(round(day_sum / weight), periods, periods != tuple(sorted(window)))
