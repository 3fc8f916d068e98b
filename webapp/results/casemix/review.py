"""What staff review per service: the funnel plot, sharp intake shifts, and missing mixes."""

from dataclasses import dataclass

from sqlalchemy import and_
from sqlmodel import Session, select

from webapp.catalog.models import Service
from webapp.core.textkeys import swedish_sort_key
from webapp.providers.models import Provider
from webapp.results.casemix.cells import is_complete, strata_totals
from webapp.results.casemix.funnel import FunnelPlot, FunnelPoint, build_plot, place
from webapp.results.casemix.queries import find_pools, list_provider_strata, standardise_strata
from webapp.results.casemix.shifts import MixShift, find_shifts
from webapp.results.models import Result
from webapp.results.statistics import Status, shown_clause
from webapp.results.windows import in_windows, list_service_windows


@dataclass(frozen=True)
class UnmatchedGroup:
    """A shown half-year group left out of the case-mix figures, and why."""

    provider: str
    period: str
    missing: bool  # no strata stored at all; else they do not add up to the result


@dataclass(frozen=True)
class ServiceReview:
    """One service's funnel, intake shifts and left-out groups, with every service to pick from."""

    service: Service
    window: tuple[str, ...]
    services: list[Service]
    plot: FunnelPlot | None
    shifts: list[tuple[str, MixShift]]  # provider name, shift
    unmatched: list[UnmatchedGroup]


def list_unmatched(
    session: Session, *, service_id: int, window: tuple[str, ...], minimum: int
) -> list[UnmatchedGroup]:
    """Return the shown half-year groups of the window whose strata are missing or do not add up."""
    totals = strata_totals()
    statement = (
        select(
            Provider.name,
            Result.period,
            Result.completed,
            Result.in_work + Result.in_studies,
            totals.c.completed,
            totals.c.successes,
        )
        .join(Provider, Provider.id == Result.provider_id)
        .outerjoin(
            totals,
            and_(
                totals.c.provider_id == Result.provider_id,
                totals.c.service_id == Result.service_id,
                totals.c.period == Result.period,
            ),
        )
        .where(in_windows({service_id: window}), shown_clause(Result.completed, minimum))
        .order_by(Provider.name, Result.period)
    )
    return [
        UnmatchedGroup(name, period, strata_completed is None)
        for name, period, completed, successes, strata_completed, strata_successes in session.exec(
            statement
        )
        if strata_completed is None
        or not is_complete(completed, successes, strata_completed, strata_successes)
    ]


def review_service(session: Session, *, code: str | None, minimum: int) -> ServiceReview | None:
    """Return the review of the service with this code (or the first with results); None if none."""
    windows = list_service_windows(session)
    if not windows:
        return None
    service, window = next(((s, w) for s, w in windows if s.code == code), windows[0])
    chosen = {service.id: window}
    pools = find_pools(session, windows=chosen, minimum=minimum)
    strata = list_provider_strata(session, windows=chosen, minimum=minimum, provider_ids=None)
    names = dict(session.exec(select(Provider.id, Provider.name)).all())
    completed = sum(c.completed for counts in strata.values() for c in counts)
    successes = sum(c.successes for counts in strata.values() for c in counts)
    points = []
    for provider_id, _service_id in sorted(strata, key=lambda key: swedish_sort_key(names[key[0]])):
        result = standardise_strata(
            strata[(provider_id, service.id)], pools, service.id, minimum, window
        )
        if result.outcome.status is not Status.SHOWN:
            continue
        points.append(
            FunnelPoint(
                number=len(points) + 1,
                provider_id=provider_id,
                name=names[provider_id],
                participants=result.outcome.total,
                actual=result.outcome.share,
                expected=result.expected,
                position=place(
                    result.outcome.share - result.expected,
                    successes / completed,
                    result.outcome.total,
                ),
            )
        )
    plot = build_plot(points, successes / completed, minimum) if points else None
    shifts = [(names[shift.provider_id], shift) for shift in find_shifts(strata, minimum)]
    return ServiceReview(
        service=service,
        window=window,
        services=[s for s, _w in windows],
        plot=plot,
        shifts=sorted(shifts, key=lambda item: swedish_sort_key(item[0])),
        unmatched=list_unmatched(session, service_id=service.id, window=window, minimum=minimum),
    )
