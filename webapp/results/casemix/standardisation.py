"""Expected versus actual by indirect standardisation: pure functions, no database.

For one service, the municipality-wide rate of each stratum in each half-year
(how many of everyone in that stratum were in work or studies) is applied to the
people a provider served: the sum over its strata of people × rate is how many
would have been in work or studies had they done as well as everyone like them.
Divided by its participants, that is the provider's expected share. Its actual
share gets the usual 95 % Wilson interval, and the verdict says "higher" or
"lower" than expected only when the whole interval lies on that side.

The pooling rule for small strata, per service and half-year, with N the pooling
minimum (``pool_minimum``: 20, or the smallest group shown if that is larger):

1. A stratum with at least N participants has its own rate.
2. The other strata of one age band are put together; with at least N
   participants together they share that pool's rate.
3. What is left, of every age, is put together ("others"); with at least N it
   shares that pool's rate.
4. If even that is fewer than N, it joins the smallest pool from steps 1–2, and
   the merged pool ("others") shares one rate. With no pool from steps 1–2 at all,
   every stratum shares the rate of all participants ("all").

So every rate but the last case's is computed from at least N people, and the
pools split the participants without overlap: expected successes summed over
every provider equal the actual successes of them all.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

from webapp.results.casemix.strata import AGE_BANDS, Stratum
from webapp.results.statistics import Comparison, Outcome, Status, compare_with_average, summarize

POOL_MINIMUM = 20

# stratum -> (participants, of them in work or studies)
Counts = Mapping[Stratum, tuple[int, int]]


def pool_minimum(minimum: int) -> int:
    """Return the fewest participants a pool's rate is computed from: 20, or the minimum shown."""
    return max(POOL_MINIMUM, minimum)


class PoolKind(StrEnum):
    """Which step of the pooling rule gave a stratum its rate."""

    OWN = "own"  # the stratum alone
    AGE_BAND = "age_band"  # the small strata of one age band together
    OTHERS = "others"  # the small strata left over, of every age
    ALL = "all"  # every stratum: too few to pool any other way


@dataclass(frozen=True)
class Pool:
    """Strata that share one rate, and the participants and successes the rate comes from."""

    kind: PoolKind
    strata: tuple[Stratum, ...]
    completed: int
    successes: int
    age_band: str | None = None  # the age band of an AGE_BAND pool

    @property
    def rate(self) -> float:
        """Return the share of the pool's participants in work or studies."""
        return self.successes / self.completed

    @property
    def code(self) -> str:
        """Return a code naming the pool, e.g. 'own:18-24/lt1/newcomer/1' or 'age_band:50+'."""
        if self.kind is PoolKind.OWN:
            return f"own:{self.strata[0].code}"
        if self.kind is PoolKind.AGE_BAND:
            return f"age_band:{self.age_band}"
        return self.kind.value


def _merge(kind: PoolKind, strata: Iterable[Stratum], counts: Counts, age_band=None) -> Pool:
    strata = tuple(sorted(strata))
    return Pool(
        kind=kind,
        strata=strata,
        completed=sum(counts[s][0] for s in strata),
        successes=sum(counts[s][1] for s in strata),
        age_band=age_band,
    )


def pool_strata(counts: Counts, minimum: int) -> dict[Stratum, Pool]:
    """Return the pool each stratum with participants belongs to, by the pooling rule.

    ``minimum`` is the pooling minimum N (``pool_minimum``); strata with nobody
    in them are left out, so they change nothing.
    """
    present = {stratum: pair for stratum, pair in counts.items() if pair[0] > 0}
    pools: list[Pool] = []
    small_by_age: dict[str, list[Stratum]] = defaultdict(list)
    for stratum in sorted(present):
        if present[stratum][0] >= minimum:
            pools.append(_merge(PoolKind.OWN, [stratum], present))
        else:
            small_by_age[stratum.age_band].append(stratum)
    left: list[Stratum] = []
    for age_band in AGE_BANDS:
        strata = small_by_age.get(age_band, [])
        if sum(present[s][0] for s in strata) >= minimum:
            pools.append(_merge(PoolKind.AGE_BAND, strata, present, age_band))
        else:
            left += strata
    if left and not pools:
        pools.append(_merge(PoolKind.ALL, left, present))
    elif left:
        others = _merge(PoolKind.OTHERS, left, present)
        if others.completed < minimum:
            # The smallest pool, the first in the vocabulary's order among equals.
            smallest = min(pools, key=lambda pool: pool.completed)
            pools.remove(smallest)
            merged = [*left, *smallest.strata]
            kind = PoolKind.ALL if len(merged) == len(present) else PoolKind.OTHERS
            others = _merge(kind, merged, present)
        pools.append(others)
    return {stratum: pool for pool in pools for stratum in pool.strata}


def distinct_pools(pooled: Mapping[Stratum, Pool]) -> list[Pool]:
    """Return each pool once, in the order of its first stratum."""
    return list({pool.code: pool for _stratum, pool in sorted(pooled.items())}.values())


def expected_successes(people_and_rates: Iterable[tuple[int, float]]) -> float:
    """Return how many would be in work or studies: the sum of people × their stratum's rate."""
    return sum(people * rate for people, rate in people_and_rates)


@dataclass(frozen=True)
class Standardised:
    """A provider's actual share for a service beside the share expected for its people."""

    outcome: Outcome  # the actual share with its interval and half-years, or why there is none
    expected: float | None = None  # the expected share, unrounded
    comparison: Comparison | None = None  # the actual share against the expected one

    @property
    def expected_published(self) -> float | None:
        """Return the expected share as published: to a whole percent (an estimate, not a count).

        Rounding also keeps the provider's exact mix of people from being worked
        back out of it.
        """
        return None if self.expected is None else round_share(self.expected)

    @property
    def picture(self):
        """Return where the picture puts the interval, the share and the expected share."""
        picture = self.outcome.picture
        if picture is None or self.expected is None:
            return picture
        return replace(picture, average=round(self.expected * 100, 1))


def round_share(share: float) -> float:
    """Round a share to a whole percent, e.g. 0.3251 -> 0.33 (halves away from zero)."""
    return int(share * 100 + 0.5) / 100


def standardise(
    successes: int,
    total: int,
    expected: float,
    minimum: int,
    *,
    periods: tuple[str, ...] = (),
    window: tuple[str, ...] = (),
) -> Standardised:
    """Compare an actual count with the expected successes of the same people.

    ``expected`` is the expected number in work or studies; hidden and missing
    results carry no expected share.
    """
    outcome = summarize(successes, total, minimum)
    if outcome.status is not Status.SHOWN:
        return Standardised(outcome)
    share = expected / total
    outcome = replace(outcome, periods=periods, partial=periods != tuple(sorted(window)))
    return Standardised(outcome, share, compare_with_average(outcome.low, outcome.high, share))


# --- the worked example on the method page ------------------------------------------------


@dataclass(frozen=True)
class ExampleGroup:
    """One group of the worked example: who they are, the municipality's rate, how many came."""

    stratum: Stratum
    rate: float
    people: int


# A made-up provider with people in three groups, and the municipality's rate for each.
WORKED_EXAMPLE = (
    ExampleGroup(Stratum("18-24", "lt1", False, 1), 0.50, 10),
    ExampleGroup(Stratum("30-49", "1to3", True, 2), 0.30, 20),
    ExampleGroup(Stratum("50+", "gt3", False, 3), 0.20, 10),
)
# How many of its 40 participants were in work or studies.
WORKED_EXAMPLE_SUCCESSES = 18
# The same provider with four times as many people and the same shares.
WORKED_EXAMPLE_SCALE = 4


@dataclass(frozen=True)
class WorkedExample:
    """The worked example computed: each group's expected people, and both verdicts."""

    groups: tuple[ExampleGroup, ...]
    expected_people: tuple[float, ...]  # people × rate, per group
    small: Standardised  # the 40 participants
    large: Standardised  # four times as many

    @property
    def participants(self) -> int:
        """Return the example provider's participants."""
        return sum(group.people for group in self.groups)

    @property
    def expected_total(self) -> float:
        """Return how many of them would be in work or studies, as expected."""
        return sum(self.expected_people)


def work_example(minimum: int = 10) -> WorkedExample:
    """Compute the worked example the method page shows (its unit test checks it by hand)."""
    expected = expected_successes((group.people, group.rate) for group in WORKED_EXAMPLE)
    people = sum(group.people for group in WORKED_EXAMPLE)
    scale = WORKED_EXAMPLE_SCALE
    return WorkedExample(
        groups=WORKED_EXAMPLE,
        expected_people=tuple(group.people * group.rate for group in WORKED_EXAMPLE),
        small=standardise(WORKED_EXAMPLE_SUCCESSES, people, expected, minimum),
        large=standardise(
            WORKED_EXAMPLE_SUCCESSES * scale, people * scale, expected * scale, minimum
        ),
    )
