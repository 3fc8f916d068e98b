"""Case-mix figures from the database: strata pooled per service and half-year, expected shares.

Only half-year groups that take part (webapp.results.casemix.cells) count, so
every figure here is made of shown groups, as every other figure on the site.
"""

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import and_, func
from sqlmodel import Session, select

from webapp.core.datacache import NOBODY, reuse_per_version
from webapp.results.casemix.cells import taking_part
from webapp.results.casemix.models import CaseMixCount
from webapp.results.casemix.standardisation import (
    Pool,
    Standardised,
    expected_successes,
    pool_minimum,
    pool_strata,
    standardise,
)
from webapp.results.casemix.strata import Stratum
from webapp.results.windows import Windows, find_windows, union_window

STRATUM_COLUMNS = (
    CaseMixCount.age_band,
    CaseMixCount.assistance,
    CaseMixCount.newcomer,
    CaseMixCount.level,
)
# (service id, half-year) -> the pool of each stratum with participants
Pools = dict[tuple[int, str], dict[Stratum, Pool]]


@dataclass(frozen=True)
class StratumCount:
    """One provider's participants in one stratum of a half-year group that takes part."""

    period: str
    stratum: Stratum
    completed: int
    successes: int


def _joined(statement, windows: Windows, minimum: int):
    """Keep only the strata of half-year groups that take part."""
    part = taking_part(windows, minimum)
    return statement.join(
        part,
        and_(
            part.c.provider_id == CaseMixCount.provider_id,
            part.c.service_id == CaseMixCount.service_id,
            part.c.period == CaseMixCount.period,
        ),
    )


def tally_municipal_strata(
    session: Session, *, windows: Windows, minimum: int
) -> dict[tuple[int, str], dict[Stratum, tuple[int, int]]]:
    """Return every stratum's participants and successes, summed over providers, per half-year."""
    if not windows:
        return {}
    keys = (CaseMixCount.service_id, CaseMixCount.period, *STRATUM_COLUMNS)
    statement = _joined(
        select(
            *keys,
            func.sum(CaseMixCount.completed),
            func.sum(CaseMixCount.in_work_or_studies),
        ),
        windows,
        minimum,
    ).group_by(*keys)
    found: dict[tuple[int, str], dict[Stratum, tuple[int, int]]] = defaultdict(dict)
    for service_id, period, age, assistance, newcomer, level, completed, successes in session.exec(
        statement
    ):
        found[(service_id, period)][Stratum(age, assistance, bool(newcomer), level)] = (
            int(completed),
            int(successes),
        )
    return dict(found)


@reuse_per_version(own_texts_of=NOBODY)
def find_pools(session: Session, *, windows: Windows, minimum: int) -> Pools:
    """Return the pool (and so the rate) of every stratum, per service and half-year."""
    counts = tally_municipal_strata(session, windows=windows, minimum=minimum)
    return {key: pool_strata(found, pool_minimum(minimum)) for key, found in counts.items()}


def list_provider_strata(
    session: Session, *, windows: Windows, minimum: int, provider_ids: list[int] | None
) -> dict[tuple[int, int], list[StratumCount]]:
    """Return providers' strata in groups that take part, by (provider id, service id)."""
    if not windows or provider_ids == []:
        return {}
    statement = _joined(
        select(
            CaseMixCount.provider_id,
            CaseMixCount.service_id,
            CaseMixCount.period,
            *STRATUM_COLUMNS,
            CaseMixCount.completed,
            CaseMixCount.in_work_or_studies,
        ),
        windows,
        minimum,
    )
    if provider_ids is not None:
        statement = statement.where(CaseMixCount.provider_id.in_(provider_ids))
    found: dict[tuple[int, int], list[StratumCount]] = defaultdict(list)
    rows = session.exec(statement.order_by(CaseMixCount.id))
    for provider_id, service_id, period, age, assistance, newcomer, level, c, s in rows:
        stratum = Stratum(age, assistance, bool(newcomer), level)
        found[(provider_id, service_id)].append(StratumCount(period, stratum, c, s))
    return dict(found)


def standardise_strata(
    counts: list[StratumCount],
    pools: Pools,
    service_id: int,
    minimum: int,
    window: tuple[str, ...],
) -> Standardised:
    """Compare one provider's actual share for a service with the share expected for its people."""
    expected = expected_successes(
        (count.completed, pools[(service_id, count.period)][count.stratum].rate) for count in counts
    )
    return standardise(
        sum(count.successes for count in counts),
        sum(count.completed for count in counts),
        expected,
        minimum,
        periods=tuple(sorted({count.period for count in counts})),
        window=window,
    )


@reuse_per_version(own_texts_of=NOBODY)
def summarize_expected(
    session: Session,
    *,
    minimum: int,
    provider_ids: list[int] | None = None,
    windows: Windows | None = None,
) -> dict[tuple[int, int], Standardised]:
    """Return each provider's actual and expected share per service over the published windows.

    Partial means covering fewer half-years than every service's window together,
    as the profile's note names them.
    """
    windows = find_windows(session) if windows is None else windows
    pools = find_pools(session, windows=windows, minimum=minimum)
    strata = list_provider_strata(
        session, windows=windows, minimum=minimum, provider_ids=provider_ids
    )
    window = union_window(windows)
    return {
        (provider_id, service_id): standardise_strata(counts, pools, service_id, minimum, window)
        for (provider_id, service_id), counts in strata.items()
    }
