"""Indirect standardisation against hand-computed values: the worked example, pooling, verdicts."""

import pytest

from webapp.results.casemix.standardisation import (
    POOL_MINIMUM,
    PoolKind,
    distinct_pools,
    expected_successes,
    pool_minimum,
    pool_strata,
    round_share,
    standardise,
    work_example,
)
from webapp.results.casemix.strata import Stratum
from webapp.results.statistics import Comparison, Status


def s(age="30-49", assistance="1to3", newcomer=False, level=2) -> Stratum:
    """Return a stratum, by default an ordinary one."""
    return Stratum(age, assistance, newcomer, level)


# --- the worked example, by hand ----------------------------------------------------------


def test_the_worked_example_expects_13_of_40_and_calls_45_percent_no_clear_difference():
    example = work_example()
    # 10 × 0.50 + 20 × 0.30 + 10 × 0.20 = 5 + 6 + 2 = 13 of 40 people.
    assert example.expected_people == pytest.approx((5.0, 6.0, 2.0))
    assert example.participants == 40
    assert example.expected_total == pytest.approx(13.0)
    assert example.small.expected == pytest.approx(0.325)
    assert example.small.expected_published == 0.33
    assert example.small.outcome.share == pytest.approx(0.45)
    # Wilson, z = 1.96, 18 of 40: centre 0.45438, half-width 0.14733.
    assert example.small.outcome.low == pytest.approx(0.30705, abs=1e-5)
    assert example.small.outcome.high == pytest.approx(0.60171, abs=1e-5)
    # 0.325 lies inside 0.307–0.602: the interval does not exclude it.
    assert example.small.comparison is Comparison.NO_CLEAR_DIFFERENCE


def test_four_times_as_many_people_with_the_same_shares_is_higher_than_expected():
    example = work_example()
    large = example.large
    assert (large.outcome.successes, large.outcome.total) == (72, 160)
    assert large.expected == pytest.approx(0.325)
    # Wilson, 72 of 160: 0.37499–0.52736, which lies wholly above 0.325.
    assert large.outcome.low == pytest.approx(0.37499, abs=1e-5)
    assert large.outcome.high == pytest.approx(0.52736, abs=1e-5)
    assert large.comparison is Comparison.HIGHER


def test_lower_than_expected_only_when_the_whole_interval_lies_below():
    # 8 of 40 = 20 %: Wilson 0.105–0.347. Expected 0.36 lies above it; 0.34 does not.
    assert standardise(8, 40, 0.36 * 40, 10).comparison is Comparison.LOWER
    assert standardise(8, 40, 0.34 * 40, 10).comparison is Comparison.NO_CLEAR_DIFFERENCE


def test_a_hidden_or_empty_result_has_no_expected_share():
    hidden = standardise(3, 9, 4.0, 10)
    assert hidden.outcome.status is Status.SUPPRESSED
    assert hidden.expected is None and hidden.comparison is None
    assert hidden.expected_published is None
    assert standardise(0, 0, 0.0, 10).outcome.status is Status.MISSING


def test_the_published_expected_share_is_rounded_to_a_whole_percent():
    assert round_share(0.325) == 0.33
    assert round_share(0.3249) == 0.32
    assert round_share(0.005) == 0.01
    assert round_share(1.0) == 1.0


def test_a_figure_says_which_half_years_it_covers():
    result = standardise(18, 40, 13.0, 10, periods=("2025H1",), window=("2025H1", "2025H2"))
    assert result.outcome.periods == ("2025H1",)
    assert result.outcome.partial
    whole = standardise(18, 40, 13.0, 10, periods=("2025H1", "2025H2"), window=("2025H2", "2025H1"))
    assert not whole.outcome.partial


def test_the_picture_marks_the_expected_share_where_the_average_would_be():
    picture = work_example().small.picture
    assert picture.share == 45.0
    assert picture.average == 32.5


# --- pooling small strata -----------------------------------------------------------------


def test_the_pooling_minimum_is_20_or_the_minimum_shown():
    assert POOL_MINIMUM == 20
    assert pool_minimum(10) == 20
    assert pool_minimum(25) == 25


def test_a_large_stratum_keeps_its_own_rate():
    big = s("18-24", "lt1")
    pools = pool_strata({big: (40, 20), s(): (30, 9)}, 20)
    assert pools[big].kind is PoolKind.OWN
    assert pools[big].rate == 0.5
    assert pools[big].code == "own:18-24/lt1/not-newcomer/2"


def test_small_strata_of_one_age_band_share_the_age_bands_rate():
    a, b = s("50+", "lt1"), s("50+", "gt3", True, 3)
    own = s("30-49")
    pools = pool_strata({a: (12, 6), b: (10, 1), own: (25, 10)}, 20)
    assert pools[a] is pools[b]
    assert pools[a].kind is PoolKind.AGE_BAND
    assert pools[a].age_band == "50+"
    # (6 + 1) / (12 + 10)
    assert pools[a].rate == pytest.approx(7 / 22)
    assert pools[a].code == "age_band:50+"
    assert pools[own].kind is PoolKind.OWN


def test_what_is_left_of_every_age_is_pooled_as_others():
    young, old = s("18-24"), s("50+")
    middle = s("25-29")
    big = s("30-49")
    counts = {young: (9, 5), old: (8, 1), middle: (7, 2), big: (50, 20)}
    pools = pool_strata(counts, 20)
    assert pools[young] is pools[old] is pools[middle]
    assert pools[young].kind is PoolKind.OTHERS
    assert pools[young].completed == 24
    assert pools[young].rate == pytest.approx(8 / 24)
    assert pools[big].kind is PoolKind.OWN


def test_too_few_others_join_the_smallest_pool():
    small, big, bigger = s("18-24"), s("30-49"), s("50+", "gt3")
    counts = {small: (5, 1), big: (21, 10), bigger: (60, 12)}
    pools = pool_strata(counts, 20)
    assert pools[small] is pools[big]
    assert pools[small].kind is PoolKind.OTHERS
    assert (pools[small].completed, pools[small].successes) == (26, 11)
    assert pools[bigger].kind is PoolKind.OWN
    assert len(distinct_pools(pools)) == 2


def test_a_service_too_small_to_pool_uses_everyones_rate():
    a, b = s("18-24"), s("50+")
    pools = pool_strata({a: (6, 3), b: (7, 1)}, 20)
    assert pools[a] is pools[b]
    assert pools[a].kind is PoolKind.ALL
    assert pools[a].rate == pytest.approx(4 / 13)
    # With one own pool only, too few others merge into everything: that is "all" too.
    one = pool_strata({a: (25, 10), b: (3, 1)}, 20)
    assert one[a].kind is PoolKind.ALL


def test_empty_strata_change_nothing():
    a, b, empty = s("18-24"), s("30-49"), s("50+")
    with_empty = pool_strata({a: (25, 10), b: (30, 6), empty: (0, 0)}, 20)
    without = pool_strata({a: (25, 10), b: (30, 6)}, 20)
    assert empty not in with_empty
    assert with_empty == without


def test_the_pools_split_the_participants_without_overlap():
    counts = {
        s("18-24", "lt1"): (30, 15),
        s("18-24", "gt3"): (4, 1),
        s("25-29"): (9, 3),
        s("25-29", "lt1"): (12, 5),
        s("30-49", "gt3", True, 3): (3, 0),
        s("50+"): (2, 1),
    }
    pools = distinct_pools(pool_strata(counts, 20))
    assert sum(pool.completed for pool in pools) == 60
    assert sum(pool.successes for pool in pools) == 25
    members = [stratum for pool in pools for stratum in pool.strata]
    assert sorted(members) == sorted(counts)


def test_a_provider_with_one_stratum_only_is_expected_that_strata_rate():
    only = s("50+", "gt3", True, 3)
    pools = pool_strata({only: (30, 6), s(): (70, 35)}, 20)
    expected = expected_successes([(12, pools[only].rate)])
    result = standardise(5, 12, expected, 10)
    assert result.expected == pytest.approx(0.2)


def test_expected_successes_over_every_provider_add_up_to_the_actual_ones():
    # Two providers sharing two strata: the pools' rates give back exactly the total.
    a, b = s("18-24"), s("30-49")
    pools = pool_strata({a: (20 + 10, 12 + 3), b: (5 + 25, 1 + 9)}, 20)
    first = expected_successes([(20, pools[a].rate), (5, pools[b].rate)])
    second = expected_successes([(10, pools[a].rate), (25, pools[b].rate)])
    assert first + second == pytest.approx(12 + 3 + 1 + 9)
