"""Wilson intervals, suppression, comparison with the average and sort order."""

import pytest

from webapp.results.models import Result
from webapp.results.statistics import (
    Comparison,
    Outcome,
    Picture,
    Status,
    compare_with_average,
    pooled_share,
    summarize,
    summarize_half_year,
    wilson_interval,
)

# Reference values solved independently from the Wilson quadratic
# (1 + z²/n)·p² − (2x/n + z²/n)·p + (x/n)² = 0 with z = 1.96, rounded to 4 decimals.
WILSON_REFERENCE = [
    (0, 10, 0.0, 0.2775),
    (10, 10, 0.7225, 1.0),
    (5, 10, 0.2366, 0.7634),
    (40, 100, 0.3094, 0.4980),
    (1, 1, 0.2065, 1.0),
    (0, 1, 0.0, 0.7935),
    (3, 7, 0.1582, 0.7495),
    (1, 20, 0.0089, 0.2361),
]


@pytest.mark.parametrize(("successes", "total", "low", "high"), WILSON_REFERENCE)
def test_wilson_interval_matches_reference_values(successes, total, low, high):
    got_low, got_high = wilson_interval(successes, total)
    assert got_low == pytest.approx(low, abs=5e-5)
    assert got_high == pytest.approx(high, abs=5e-5)


@pytest.mark.parametrize(("successes", "total"), [(0, 10), (10, 10), (1, 1), (0, 1), (7, 9)])
def test_wilson_interval_stays_within_zero_and_one_and_contains_share(successes, total):
    low, high = wilson_interval(successes, total)
    share = successes / total
    assert 0.0 <= low <= high <= 1.0
    assert low - 1e-12 <= share <= high + 1e-12


@pytest.mark.parametrize("total", [7, 9])
def test_wilson_interval_is_exactly_zero_when_nobody_succeeded(total):
    assert wilson_interval(0, total)[0] == 0.0


@pytest.mark.parametrize("total", [10, 13])
def test_wilson_interval_is_exactly_one_when_everybody_succeeded(total):
    assert wilson_interval(total, total)[1] == 1.0


def test_everyone_succeeding_is_not_lower_than_a_perfect_average():
    outcome = summarize(10, 10, minimum=5, average=1.0)
    assert outcome.comparison is Comparison.NO_CLEAR_DIFFERENCE


def test_wilson_interval_narrows_as_the_group_grows():
    small_low, small_high = wilson_interval(4, 10)
    large_low, large_high = wilson_interval(400, 1000)
    assert large_high - large_low < small_high - small_low


@pytest.mark.parametrize(
    ("successes", "total"),
    [(0, 0), (1, 0), (0, -5), (11, 10), (-1, 10)],
    ids=["empty", "successes-without-total", "negative-total", "more-than-total", "negative"],
)
def test_wilson_interval_rejects_invalid_counts(successes, total):
    with pytest.raises(ValueError):
        wilson_interval(successes, total)


# --- summarize: suppression and missing data -------------------------------------------


def test_summarize_without_participants_is_missing():
    outcome = summarize(0, 0, minimum=5)
    assert outcome.status is Status.MISSING
    assert outcome.share is None
    assert outcome.low is None
    assert outcome.high is None


def test_summarize_just_below_minimum_is_suppressed_and_hides_numbers():
    outcome = summarize(3, 4, minimum=5)
    assert outcome == Outcome(Status.SUPPRESSED)


def test_summarize_at_minimum_is_shown():
    outcome = summarize(3, 5, minimum=5)
    assert outcome.status is Status.SHOWN
    assert outcome.successes == 3
    assert outcome.total == 5
    assert outcome.share == pytest.approx(0.6)


def test_summarize_shows_wilson_interval():
    outcome = summarize(40, 100, minimum=10)
    assert outcome.share == pytest.approx(0.4)
    assert outcome.low == pytest.approx(0.3094, abs=5e-5)
    assert outcome.high == pytest.approx(0.4980, abs=5e-5)


def test_summarize_without_average_makes_no_comparison():
    outcome = summarize(40, 100, minimum=10)
    assert outcome.comparison is None
    assert outcome.average is None


@pytest.mark.parametrize(
    ("successes", "average", "expected"),
    [
        (40, 0.25, Comparison.HIGHER),
        (40, 0.60, Comparison.LOWER),
        (40, 0.45, Comparison.NO_CLEAR_DIFFERENCE),
    ],
)
def test_summarize_compares_interval_with_average(successes, average, expected):
    outcome = summarize(successes, 100, minimum=10, average=average)
    assert outcome.comparison is expected
    assert outcome.average == average


@pytest.mark.parametrize(("successes", "total"), [(5, 0), (0, 3)])
def test_summarize_with_no_or_too_few_participants_ignores_average(successes, total):
    assert summarize(successes, total, minimum=5, average=0.5).comparison is None


def test_summarize_rejects_more_successes_than_participants_when_shown():
    with pytest.raises(ValueError):
        summarize(11, 10, minimum=5)


# --- compare_with_average --------------------------------------------------------------


@pytest.mark.parametrize(
    ("low", "high", "average", "expected"),
    [
        (0.50, 0.70, 0.40, Comparison.HIGHER),
        (0.20, 0.30, 0.40, Comparison.LOWER),
        (0.30, 0.50, 0.40, Comparison.NO_CLEAR_DIFFERENCE),
        (0.40, 0.60, 0.40, Comparison.NO_CLEAR_DIFFERENCE),
        (0.20, 0.40, 0.40, Comparison.NO_CLEAR_DIFFERENCE),
    ],
    ids=[
        "wholly-above",
        "wholly-below",
        "straddles",
        "average-equals-low",
        "average-equals-high",
    ],
)
def test_comparison_needs_the_whole_interval_on_one_side(low, high, average, expected):
    assert compare_with_average(low, high, average) is expected


# --- pooled_share ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("successes", "total", "expected"), [(3, 4, 0.75), (0, 7, 0.0), (0, 0, None)]
)
def test_pooled_share(successes, total, expected):
    assert pooled_share(successes, total) == expected


# --- summarize_half_year: one stored half-year --------------------------------------------


def half_year(completed: int, in_work: int, in_studies: int) -> Result:
    """An unsaved half-year row with these counts."""
    return Result(
        provider_id=1,
        service_id=1,
        period="2025H1",
        completed=completed,
        in_work=in_work,
        in_studies=in_studies,
    )


def test_half_year_counts_work_and_studies_together():
    outcome = summarize_half_year(half_year(40, 12, 4), minimum=10)
    assert outcome.status is Status.SHOWN
    assert (outcome.successes, outcome.total) == (16, 40)
    assert outcome.share == pytest.approx(0.4)
    assert outcome.low == pytest.approx(0.2635, abs=5e-5)
    assert outcome.high == pytest.approx(0.5540, abs=5e-5)
    assert outcome.comparison is None  # a half-year is not compared with the average


@pytest.mark.parametrize(("completed", "minimum"), [(9, 10), (0, 10), (0, 1)])
def test_half_year_below_the_minimum_is_hidden_even_when_nobody_completed(completed, minimum):
    assert summarize_half_year(half_year(completed, 0, 0), minimum) == Outcome(Status.SUPPRESSED)


def test_half_year_at_the_minimum_is_shown():
    assert summarize_half_year(half_year(10, 10, 0), minimum=10).share == 1.0


def test_empty_half_year_without_a_minimum_has_no_result():
    assert summarize_half_year(half_year(0, 0, 0), minimum=0) == Outcome(Status.MISSING)


# --- picture: where the result's picture puts its marks ------------------------------------


def test_picture_places_interval_share_and_average_on_a_scale_of_a_hundred():
    outcome = summarize(40, 100, minimum=10, average=0.25)
    assert outcome.picture == Picture(
        interval_start=30.9, interval_width=18.9, share=40.0, average=25.0
    )


def test_picture_without_an_average_has_no_average_mark():
    assert summarize(40, 100, minimum=10).picture.average is None


@pytest.mark.parametrize(("successes", "total"), [(3, 4), (0, 0)])
def test_hidden_and_missing_results_have_no_picture(successes, total):
    assert summarize(successes, total, minimum=5).picture is None
