"""How the service is delivered: left early and days to the first meeting, under the same rule.

Both measures belong to a half-year group (one provider, service and half-year) and
count people of their own: those who started the service in the half-year (of whom
some left early) and those the median days from choice to first meeting is based
on. A measure is shown only when its group is shown (``statistics.is_shown`` on the
participants who completed) and its own count reaches the minimum too, as survey
answers do; a hidden group's measures enter no figure. Left early over several
half-years is pooled from shown half-years only and says which those were. Medians
are never pooled (the median of a year cannot be made from the medians of its
halves): each shown half-year's median is given with its own count and half-year.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from webapp.results.statistics import Outcome, Status, Tally, is_shown, pool, summarize, tally


class DeliveryCounts(Protocol):
    """The counts of one stored half-year that the delivery measures need (a Result has them)."""

    period: str
    completed: int
    started: int | None
    left_early: int | None
    first_meeting_days: int | None
    first_meeting_people: int | None


@dataclass(frozen=True)
class Median:
    """One half-year's median days from choice to first meeting, and how many it is based on."""

    period: str
    days: int
    people: int


@dataclass(frozen=True)
class FirstMeeting:
    """The shown half-years' medians, newest first; or why there are none.

    MISSING: nothing reported; SUPPRESSED: reported, but every one of them hidden.
    """

    status: Status
    medians: tuple[Median, ...] = ()


def left_early_in(row: DeliveryCounts, minimum: int) -> Outcome | None:
    """Return one half-year's left early out of started; None when it was not reported."""
    if row.started is None:
        return None
    if not (is_shown(row.completed, minimum) and is_shown(row.started, minimum)):
        return Outcome(Status.SUPPRESSED)
    return summarize(row.left_early, row.started, minimum)


def pool_left_early(
    rows: Iterable[DeliveryCounts], minimum: int, *, window: tuple[str, ...]
) -> Outcome:
    """Pool left early over the half-years whose group and whose starters are both shown."""
    tallies = []
    for row in rows:
        if row.started is None:
            continue  # not reported that half-year: nothing to show or hide
        if is_shown(row.completed, minimum):
            tallies.append(tally(row.period, row.started, row.left_early, minimum))
        else:
            tallies.append(Tally(row.period, hidden=1))  # the group is hidden, so is this
    return pool(tallies, minimum, window=window)


def first_meeting_in(row: DeliveryCounts, minimum: int) -> FirstMeeting | None:
    """Return one half-year's median as a FirstMeeting; None when it was not reported."""
    if row.first_meeting_days is None:
        return None
    return list_first_meetings([row], minimum)


def list_first_meetings(rows: Iterable[DeliveryCounts], minimum: int) -> FirstMeeting:
    """Return the medians of the half-years whose group and whose count are both shown."""
    reported = [row for row in rows if row.first_meeting_days is not None]
    if not reported:
        return FirstMeeting(Status.MISSING)
    shown = tuple(
        Median(row.period, row.first_meeting_days, row.first_meeting_people)
        for row in sorted(reported, key=lambda row: row.period, reverse=True)
        if is_shown(row.completed, minimum) and is_shown(row.first_meeting_people, minimum)
    )
    return FirstMeeting(Status.SHOWN, shown) if shown else FirstMeeting(Status.SUPPRESSED)
