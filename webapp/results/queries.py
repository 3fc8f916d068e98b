"""Pooled and half-year results as Outcomes: counts from here, the hiding from statistics."""

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import case, func
from sqlmodel import Session, select

from webapp.results.models import Result
from webapp.results.periods import previous_period
from webapp.results.statistics import (
    Outcome,
    Status,
    pooled_share,
    summarize,
    summarize_days,
    summarize_half_year,
)


@dataclass(frozen=True)
class Headline:
    """The headline results of several providers for one service (or all services)."""

    periods: tuple[str, str] | None
    average: float | None = None
    outcomes: dict[int, Outcome] = field(default_factory=dict)

    def outcome_for(self, provider_id: int) -> Outcome:
        """Return a provider's outcome; no results at all means MISSING."""
        return self.outcomes.get(provider_id, Outcome(Status.MISSING))


@dataclass(frozen=True)
class Extras:
    """Survey and time-in-service figures pooled over the headline periods."""

    survey: Outcome
    average_days: int | None  # whole days; None when hidden or unknown


@dataclass(frozen=True)
class HalfYear:
    """One stored half-year of a provider and service, with what may be shown of it."""

    row: Result
    outcome: Outcome


def find_headline_periods(session: Session) -> tuple[str, str] | None:
    """Return the two latest half-years with published results (the latest 12 months)."""
    latest = session.exec(select(func.max(Result.period))).one()
    return (previous_period(latest), latest) if latest else None


def _successes():
    return func.sum(Result.in_work + Result.in_studies)


def summarize_headline(
    session: Session,
    *,
    periods: tuple[str, str] | None,
    service_id: int | None,
    minimum: int,
) -> Headline:
    """Pool each provider's latest 12 months and compare it with the average of all."""
    if periods is None:
        return Headline(periods=None)
    statement = select(Result.provider_id, func.sum(Result.completed), _successes()).where(
        Result.period.in_(periods)
    )
    if service_id is not None:
        statement = statement.where(Result.service_id == service_id)
    rows = session.exec(statement.group_by(Result.provider_id)).all()
    # The average covers every provider with results, including small ones:
    # it reveals nothing about any single provider.
    average = pooled_share(sum(int(s) for _, _, s in rows), sum(int(t) for _, t, _ in rows))
    outcomes = {
        provider_id: summarize(int(successes), int(total), minimum, average)
        for provider_id, total, successes in rows
    }
    return Headline(periods=periods, average=average, outcomes=outcomes)


def summarize_by_service(
    session: Session, *, provider_id: int, periods: tuple[str, str] | None, minimum: int
) -> dict[int, Outcome]:
    """Return one provider's headline outcome per service, each against that service's average."""
    if periods is None:
        return {}
    statement = (
        select(Result.service_id, Result.provider_id, func.sum(Result.completed), _successes())
        .where(Result.period.in_(periods))
        .group_by(Result.service_id, Result.provider_id)
    )
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    own: dict[int, tuple[int, int]] = {}
    for service_id, row_provider_id, total, successes in session.exec(statement):
        totals[service_id][0] += int(successes)
        totals[service_id][1] += int(total)
        if row_provider_id == provider_id:
            own[service_id] = (int(successes), int(total))
    return {
        service_id: summarize(successes, total, minimum, pooled_share(*totals[service_id]))
        for service_id, (successes, total) in own.items()
    }


def list_half_years(
    session: Session, *, provider_id: int, minimum: int
) -> dict[int, list[HalfYear]]:
    """Return a provider's half-year results by service id, newest first."""
    statement = (
        select(Result)
        .where(Result.provider_id == provider_id)
        .order_by(Result.service_id, Result.period.desc())
    )
    half_years: dict[int, list[HalfYear]] = defaultdict(list)
    for row in session.exec(statement):
        half_years[row.service_id].append(HalfYear(row, summarize_half_year(row, minimum)))
    return dict(half_years)


def summarize_extras(
    session: Session,
    *,
    provider_ids: list[int],
    service_id: int | None,
    periods: tuple[str, str] | None,
    minimum: int,
) -> dict[tuple[int, int], Extras]:
    """Pool survey answers and weighted time in service per provider and service."""
    if periods is None or not provider_ids:
        return {}
    statement = select(
        Result.provider_id,
        Result.service_id,
        func.sum(Result.survey_respondents),
        func.sum(Result.survey_satisfied),
        func.sum(Result.average_days * Result.completed),
        func.sum(case((Result.average_days.is_not(None), Result.completed), else_=0)),
    ).where(Result.period.in_(periods), Result.provider_id.in_(provider_ids))
    if service_id is not None:
        statement = statement.where(Result.service_id == service_id)
    statement = statement.group_by(Result.provider_id, Result.service_id)
    extras = {}
    for provider_id, row_service_id, respondents, satisfied, day_sum, day_weight in session.exec(
        statement
    ):
        extras[(provider_id, row_service_id)] = Extras(
            survey=summarize(int(satisfied or 0), int(respondents or 0), minimum),
            average_days=summarize_days(day_sum, day_weight, minimum),
        )
    return extras
