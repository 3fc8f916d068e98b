"""The disclosure rule: only shown half-year groups enter any figure, and figures say which."""

import pytest

from webapp.results.models import Result
from webapp.results.statistics import (
    Days,
    Outcome,
    Status,
    Tally,
    average_share,
    is_hidden,
    is_shown,
    pool,
    pool_days,
    pool_survey,
    tally,
)

WINDOW = ("2025H1", "2025H2")


@pytest.mark.parametrize(
    ("completed", "minimum", "shown", "hidden"),
    [
        (10, 10, True, False),
        (9, 10, False, True),
        (0, 10, False, True),  # a stored zero is hidden like any small count
        (1, 0, True, False),
        (0, 0, False, False),  # no minimum: an empty group is neither, it has nobody
        (0, 1, False, True),
    ],
)
def test_a_group_is_shown_from_the_minimum_and_hidden_below_it(completed, minimum, shown, hidden):
    assert is_shown(completed, minimum) is shown
    assert is_hidden(completed, minimum) is hidden


def test_a_tally_keeps_a_shown_groups_counts_and_only_the_fact_of_a_hidden_one():
    assert tally("2025H1", 40, 16, 10) == Tally("2025H1", 40, 16, 0)
    assert tally("2025H1", 9, 9, 10) == Tally("2025H1", 0, 0, 1)
    assert tally("2025H1", 0, 0, 0) == Tally("2025H1", 0, 0, 0)


def test_pool_adds_shown_half_years_and_covers_the_whole_window():
    outcome = pool(
        [Tally("2025H1", 40, 16), Tally("2025H2", 60, 30)], 10, window=WINDOW, average=0.3
    )
    assert (outcome.successes, outcome.total) == (46, 100)
    assert outcome.share == pytest.approx(0.46)
    assert outcome.periods == WINDOW
    assert outcome.partial is False
    assert outcome.average == 0.3
    assert outcome.low == pytest.approx(0.3656, abs=5e-5)  # Wilson for 46 of 100, by hand


def test_a_hidden_half_year_inside_the_window_adds_nothing_and_the_label_says_so():
    """6 + 15 would be 21 people: only the 15 are counted, and only their half-year named."""
    tallies = [tally("2025H1", 6, 5, 10), tally("2025H2", 15, 6, 10)]
    outcome = pool(tallies, 10, window=WINDOW, average=0.5)
    assert (outcome.successes, outcome.total) == (6, 15)
    assert outcome.periods == ("2025H2",)
    assert outcome.partial is True


def test_groups_that_together_pass_the_minimum_stay_hidden_when_each_is_too_small():
    tallies = [tally("2025H1", 6, 3, 10), tally("2025H2", 7, 2, 10)]
    assert pool(tallies, 10, window=WINDOW) == Outcome(Status.SUPPRESSED)


def test_no_groups_at_all_is_no_result():
    assert pool([], 10, window=WINDOW) == Outcome(Status.MISSING)
    assert pool([tally("2025H1", 0, 0, 0)], 0, window=WINDOW) == Outcome(Status.MISSING)


def test_the_average_is_the_share_of_the_shown_groups_only():
    tallies = [tally("2025H1", 40, 10, 10), tally("2025H1", 9, 9, 10), tally("2025H2", 60, 20, 10)]
    assert average_share(tallies) == pytest.approx(30 / 100)
    assert average_share([tally("2025H1", 9, 9, 10)]) is None


def row(period, completed, days=None, respondents=None, satisfied=None) -> Result:
    """An unsaved stored half-year with the counts the survey and days need."""
    return Result(
        provider_id=1,
        service_id=1,
        period=period,
        completed=completed,
        in_work=0,
        in_studies=0,
        average_days=days,
        survey_respondents=respondents,
        survey_satisfied=satisfied,
    )


def test_survey_pools_answers_of_half_years_whose_people_and_answers_are_both_shown():
    rows = [
        row("2025H1", 40, respondents=20, satisfied=15),
        row("2025H2", 30, respondents=12, satisfied=6),
    ]
    outcome = pool_survey(rows, 10, window=WINDOW)
    assert (outcome.successes, outcome.total, outcome.partial) == (21, 32, False)


def test_survey_leaves_out_too_few_answers_and_answers_of_a_hidden_group():
    rows = [
        row("2025H1", 40, respondents=20, satisfied=15),
        row("2025H2", 30, respondents=4, satisfied=4),  # too few answers
    ]
    outcome = pool_survey(rows, 10, window=WINDOW)
    assert (outcome.successes, outcome.total, outcome.periods) == (15, 20, ("2025H1",))
    assert outcome.partial is True
    hidden_people = [row("2025H1", 8, respondents=12, satisfied=12)]
    assert pool_survey(hidden_people, 10, window=WINDOW) == Outcome(Status.SUPPRESSED)


def test_no_answers_is_no_survey_rather_than_a_hidden_one():
    rows = [row("2025H1", 40), row("2025H2", 30, respondents=0, satisfied=0)]
    assert pool_survey(rows, 10, window=WINDOW) == Outcome(Status.MISSING)


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([row("2025H1", 40, 100), row("2025H2", 60, 200)], Days(160, WINDOW, False)),
        ([row("2025H1", 40, 100), row("2025H2", 9, 400)], Days(100, ("2025H1",), True)),
        ([row("2025H1", 40, 100), row("2025H2", 20, None)], Days(100, ("2025H1",), True)),
        ([row("2025H1", 30, 101), row("2025H2", 10, 100)], Days(101, WINDOW, False)),  # 100.75
        ([row("2025H1", 9, 100)], Days(None)),
        ([row("2025H1", 12, 0)], Days(0, ("2025H1",), True)),  # zero days is a value
        ([], Days(None)),
    ],
)
def test_days_are_weighed_by_the_participants_of_shown_half_years(rows, expected):
    assert pool_days(rows, 10, window=WINDOW) == expected
