"""How the service is delivered: shown only from shown groups whose own count is large enough."""

import pytest

from webapp.results.delivery import (
    FirstMeeting,
    Median,
    first_meeting_in,
    left_early_in,
    list_first_meetings,
    pool_left_early,
)
from webapp.results.models import Result
from webapp.results.statistics import Outcome, Status

WINDOW = ("2025H1", "2025H2")


def row(period="2025H2", completed=40, started=31, left=4, days=6, people=28) -> Result:
    """Return a stored half-year with its delivery measures (None: not reported)."""
    return Result(
        period=period,
        completed=completed,
        in_work=0,
        in_studies=0,
        started=started,
        left_early=left if started is not None else None,
        first_meeting_days=days,
        first_meeting_people=people if days is not None else None,
    )


def test_left_early_of_a_shown_half_year_is_a_share_of_those_who_started():
    outcome = left_early_in(row(started=31, left=4), 10)
    assert (outcome.status, outcome.successes, outcome.total) == (Status.SHOWN, 4, 31)
    assert outcome.share == pytest.approx(4 / 31)  # 13 %, as the example reads


@pytest.mark.parametrize(
    ("completed", "started"),
    [(9, 31), (40, 9), (40, 0), (0, 12)],
    ids=["group-hidden", "few-started", "nobody-started", "nobody-completed"],
)
def test_left_early_is_hidden_when_the_group_or_the_starters_are_too_few(completed, started):
    assert left_early_in(row(completed=completed, started=started, left=0), 10) == Outcome(
        Status.SUPPRESSED
    )


def test_left_early_not_reported_is_none():
    assert left_early_in(row(started=None), 10) is None


def test_left_early_pools_shown_half_years_and_names_them():
    rows = [row("2025H1", started=20, left=2), row("2025H2", started=31, left=4)]
    outcome = pool_left_early(rows, 10, window=WINDOW)
    assert (outcome.successes, outcome.total) == (6, 51)
    assert outcome.periods == WINDOW
    assert outcome.partial is False


def test_a_hidden_half_year_adds_nothing_to_left_early_and_the_label_says_so():
    """Starters of a hidden group (completed 6) and too few starters (8) are both left out."""
    rows = [
        row("2025H1", completed=6, started=30, left=10),
        row("2025H2", completed=40, started=31, left=4),
        row("2024H2", completed=40, started=8, left=1),
    ]
    outcome = pool_left_early(rows, 10, window=("2024H2", *WINDOW))
    assert (outcome.successes, outcome.total) == (4, 31)
    assert outcome.periods == ("2025H2",)
    assert outcome.partial is True


def test_left_early_with_every_half_year_hidden_says_hidden_and_unreported_says_missing():
    hidden = [row("2025H1", started=5, left=1), row("2025H2", completed=3, started=20)]
    assert pool_left_early(hidden, 10, window=WINDOW) == Outcome(Status.SUPPRESSED)
    unreported = [row("2025H1", started=None), row("2025H2", started=None)]
    assert pool_left_early(unreported, 10, window=WINDOW) == Outcome(Status.MISSING)


def test_medians_are_never_pooled_but_listed_per_shown_half_year_newest_first():
    rows = [row("2025H1", days=9, people=20), row("2025H2", days=6, people=28)]
    assert list_first_meetings(rows, 10) == FirstMeeting(
        Status.SHOWN, (Median("2025H2", 6, 28), Median("2025H1", 9, 20))
    )


def test_a_median_over_fewer_than_the_minimum_is_hidden():
    rows = [
        row("2025H1", days=9, people=9),  # too few people measured
        row("2025H2", completed=7, days=3, people=12),  # the group itself is hidden
    ]
    assert list_first_meetings(rows, 10) == FirstMeeting(Status.SUPPRESSED)
    rows.append(row("2024H2", days=12, people=10))
    assert list_first_meetings(rows, 10) == FirstMeeting(Status.SHOWN, (Median("2024H2", 12, 10),))


def test_medians_not_reported_are_missing():
    assert list_first_meetings([row(days=None)], 10) == FirstMeeting(Status.MISSING)
    assert list_first_meetings([], 10) == FirstMeeting(Status.MISSING)


def test_one_half_years_median():
    assert first_meeting_in(row(days=0, people=10), 10) == FirstMeeting(
        Status.SHOWN, (Median("2025H2", 0, 10),)
    )
    assert first_meeting_in(row(days=5, people=3), 10) == FirstMeeting(Status.SUPPRESSED)
    assert first_meeting_in(row(days=None), 10) is None
