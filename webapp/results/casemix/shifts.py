"""A sharp shift in a provider's intake between two half-years: when staff are told.

"Sharply" means: between the two latest half-years that take part, the share of the
provider's participants in any one category (an age band, a time on social
assistance, newcomers, an assessed level) changes by 20 percentage points or more,
and both half-years have at least the minimum number of participants. A shift is
not a fault: it explains why a provider's expected share moved, and may be worth a
question.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from webapp.core.activelocale import lazy_gettext as _l
from webapp.results.casemix.strata import AGE_BANDS, ASSISTANCE_BANDS, LEVELS, Stratum
from webapp.results.periods import previous_period

SHIFT = 0.20


def categories() -> dict[str, object]:
    """Return every category a shift is looked for in: its code and its label."""
    found: dict[str, object] = {}
    for code, label in AGE_BANDS.items():
        found[f"age:{code}"] = label
    for code, label in ASSISTANCE_BANDS.items():
        # I18N: A category of participants in the staff's note on intake shifts.
        found[f"assistance:{code}"] = _l("bistånd %(time)s", time=label)
    # I18N: A category of participants in the staff's note on intake shifts.
    found["newcomer"] = _l("nyanlända")
    for code, label in LEVELS.items():
        found[f"level:{code}"] = label
    return found


def category_codes(stratum: Stratum) -> list[str]:
    """Return the categories a stratum's people count in."""
    codes = [
        f"age:{stratum.age_band}",
        f"assistance:{stratum.assistance}",
        f"level:{stratum.level}",
    ]
    return [*codes, "newcomer"] if stratum.newcomer else codes


def category_shares(counts: Iterable[tuple[Stratum, int]]) -> tuple[int, dict[str, float]]:
    """Return a half-year's participants and the share of them in each category."""
    counts = list(counts)
    total = sum(people for _stratum, people in counts)
    shares: dict[str, float] = dict.fromkeys(categories(), 0.0)
    for stratum, people in counts:
        for code in category_codes(stratum):
            shares[code] += people / total
    return total, shares


@dataclass(frozen=True)
class Change:
    """One category whose share moved sharply."""

    code: str
    earlier: float
    later: float

    @property
    def label(self) -> str:
        """Return the category's name."""
        return str(categories()[self.code])


@dataclass(frozen=True)
class MixShift:
    """A provider whose intake for a service shifted sharply between two half-years."""

    provider_id: int
    service_id: int
    earlier: str
    later: str
    changes: list[Change]


def find_shift(
    provider_id: int,
    service_id: int,
    by_period: dict[str, list[tuple[Stratum, int]]],
    minimum: int,
) -> MixShift | None:
    """Compare the two latest consecutive half-years; return the shift, or None."""
    periods = sorted(by_period)
    if len(periods) < 2 or previous_period(periods[-1]) != periods[-2]:
        return None
    earlier_total, earlier = category_shares(by_period[periods[-2]])
    later_total, later = category_shares(by_period[periods[-1]])
    if min(earlier_total, later_total) < minimum:
        return None
    changes = [
        Change(code, earlier[code], later[code])
        for code in categories()
        if abs(later[code] - earlier[code]) >= SHIFT - 1e-9
    ]
    if not changes:
        return None
    return MixShift(provider_id, service_id, periods[-2], periods[-1], changes)


def find_shifts(strata: dict[tuple[int, int], list], minimum: int) -> list[MixShift]:
    """Return every provider and service whose intake shifted sharply, by provider and service.

    ``strata`` maps (provider id, service id) to StratumCounts (period, stratum, completed).
    """
    shifts = []
    for (provider_id, service_id), counts in sorted(strata.items()):
        by_period: dict[str, list[tuple[Stratum, int]]] = defaultdict(list)
        for count in counts:
            by_period[count.period].append((count.stratum, count.completed))
        shift = find_shift(provider_id, service_id, dict(by_period), minimum)
        if shift is not None:
            shifts.append(shift)
    return shifts
