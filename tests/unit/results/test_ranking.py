"""Sorting by result: verdict first, then the interval's lower bound; hidden and missing last."""

import random

import pytest

from webapp.results.statistics import Comparison, Status, summarize


def test_known_order_of_verdicts_bounds_hidden_and_missing():
    average = 0.4
    higher = summarize(70, 100, minimum=10, average=average)  # 0.60–0.78
    lucky_few = summarize(10, 10, minimum=10, average=average)  # 100 %, but 0.72–1.0
    solid = summarize(450, 1000, minimum=10, average=average)  # 45 %, 0.42–0.48: higher
    same = summarize(5, 10, minimum=10, average=average)  # 50 %, no clear difference
    lower = summarize(100, 1000, minimum=10, average=average)
    hidden = summarize(4, 4, minimum=10, average=average)
    missing = summarize(0, 0, minimum=10, average=average)
    assert [o.comparison for o in (higher, lucky_few, solid, same, lower)] == [
        Comparison.HIGHER,
        Comparison.HIGHER,
        Comparison.HIGHER,
        Comparison.NO_CLEAR_DIFFERENCE,
        Comparison.LOWER,
    ]
    mixed = [missing, lower, hidden, same, solid, lucky_few, higher]
    assert sorted(mixed, key=lambda o: o.sort_key) == [
        lucky_few,  # lower bound 0.72
        higher,  # lower bound 0.60
        solid,  # lower bound 0.42
        same,
        lower,
        hidden,
        missing,
    ]


def test_a_small_lucky_group_does_not_pass_a_large_one_with_a_higher_lower_bound():
    average = 0.3
    small = summarize(9, 10, minimum=10, average=average)  # 90 %, lower bound 0.60
    large = summarize(700, 1000, minimum=10, average=average)  # 70 %, lower bound 0.67
    assert small.share > large.share
    assert small.comparison is large.comparison is Comparison.HIGHER
    assert sorted([small, large], key=lambda o: o.sort_key) == [large, small]


def test_a_better_verdict_always_comes_first_whatever_the_share():
    average = 0.5
    higher = summarize(600, 1000, minimum=10, average=average)  # 60 %, clearly higher
    unclear = summarize(8, 10, minimum=10, average=average)  # 80 % of ten, unclear
    assert unclear.share > higher.share and unclear.comparison is Comparison.NO_CLEAR_DIFFERENCE
    assert higher.sort_key < unclear.sort_key


@pytest.mark.parametrize("seed", range(5))
def test_generated_lists_never_rank_against_the_verdict_or_the_interval(seed):
    """Over generated groups: a better verdict is never below, and within a verdict a smaller
    group is above a larger one only when its whole interval starts higher."""
    generator = random.Random(seed)
    average = generator.uniform(0.2, 0.6)
    outcomes = []
    for _ in range(60):
        total = generator.choice([0, 3, 10, 12, 25, 80, 400, 2000])
        successes = round(total * generator.uniform(0, 1))
        outcomes.append(summarize(successes, total, minimum=10, average=average))
    ranked = sorted(outcomes, key=lambda o: o.sort_key)
    order = {Comparison.HIGHER: 0, Comparison.NO_CLEAR_DIFFERENCE: 1, Comparison.LOWER: 2}
    status_order = {Status.SHOWN: 0, Status.SUPPRESSED: 1, Status.MISSING: 2}
    for place, above in enumerate(ranked):
        for below in ranked[place + 1 :]:
            assert status_order[above.status] <= status_order[below.status]
            if above.status is not Status.SHOWN or below.status is not Status.SHOWN:
                continue
            assert order[above.comparison] <= order[below.comparison]
            if above.comparison is below.comparison and above.total < below.total:
                assert above.low >= below.low
