"""Queries for the admin's overview: what needs attention among the providers.

Each function is one statement however many providers there are.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_, exists, or_, union
from sqlmodel import Session, select

from webapp.authorizations.in_force import authorized_on
from webapp.authorizations.models import Authorization
from webapp.choices.models import Choice
from webapp.providers.models import Provider
from webapp.results.models import Result
from webapp.results.periods import period_bounds


@dataclass(frozen=True)
class ProviderItem:
    """A provider named on the overview."""

    id: int
    name: str


@dataclass(frozen=True)
class PeriodChange:
    """An authorization period that starts or ends soon."""

    provider_id: int
    provider_name: str
    service_id: int
    starts: bool  # True: the period starts on day; False: it ends on day
    day: date
    end_reason: str | None


def twelve_months_before(day: date) -> date:
    """Return the same day a year earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def _authorized(day: date):
    return exists().where(Authorization.provider_id == Provider.id, authorized_on(day))


def select_providers_with_new_customers(*, today: date, periods: tuple[str, str]):
    """Return a SELECT of the ids of providers that gained customers in the last twelve months.

    A customer is a recorded choice (by the client, a switch or the default) in the
    last twelve months. Choices made before online choice started are not recorded,
    so participants completing in the two latest half-years with results count too.
    """
    since = datetime.combine(twelve_months_before(today), time.min, tzinfo=UTC)
    chosen = select(Choice.provider_id).where(Choice.chosen_at >= since)
    completed = select(Result.provider_id).where(Result.period.in_(periods), Result.completed > 0)
    return union(chosen, completed)


def list_providers_without_new_customers(
    session: Session, *, today: date, periods: tuple[str, str] | None
) -> list[ProviderItem]:
    """Return providers authorized today, and a year ago, with no new customers in between.

    Providers authorized for less than twelve months cannot have gone a year
    without customers, so they are left out.
    """
    if periods is None:
        return []
    with_customers = select_providers_with_new_customers(today=today, periods=periods)
    statement = (
        select(Provider.id, Provider.name)
        .where(
            _authorized(today),
            _authorized(twelve_months_before(today)),
            Provider.id.not_in(with_customers),
        )
        .order_by(Provider.search_name, Provider.id)
    )
    return [ProviderItem(id=pid, name=name) for pid, name in session.exec(statement)]


def list_period_changes(session: Session, *, today: date, days: int) -> list[PeriodChange]:
    """Return the authorization periods that start or end from today to days ahead, by day."""
    last = today + timedelta(days=days)
    statement = (
        select(Authorization, Provider.name)
        .join(Provider, Provider.id == Authorization.provider_id)
        .where(
            or_(
                Authorization.valid_from.between(today, last),
                Authorization.valid_until.between(today, last),
            )
        )
        .order_by(Provider.search_name, Authorization.service_id)
    )
    changes = []
    for period, name in session.exec(statement):
        for starts, day in ((True, period.valid_from), (False, period.valid_until)):
            if day is not None and today <= day <= last:
                changes.append(
                    PeriodChange(
                        provider_id=period.provider_id,
                        provider_name=name,
                        service_id=period.service_id,
                        starts=starts,
                        day=day,
                        end_reason=None if starts else period.end_reason,
                    )
                )
    # A stable sort keeps each day's changes in provider order.
    return sorted(changes, key=lambda change: change.day)


def list_providers_missing_results(
    session: Session, *, today: date, period: str | None
) -> list[ProviderItem]:
    """Return providers authorized today, and during the half-year, with no result row for it.

    A provider authorized only after the half-year ended has nothing to report for it.
    """
    if period is None:
        return []
    first, last = period_bounds(period)
    during = exists().where(
        Authorization.provider_id == Provider.id,
        Authorization.valid_from <= last,
        or_(Authorization.valid_until.is_(None), Authorization.valid_until > first),
    )
    reported = exists().where(and_(Result.provider_id == Provider.id, Result.period == period))
    statement = (
        select(Provider.id, Provider.name)
        .where(_authorized(today), during, ~reported)
        .order_by(Provider.search_name, Provider.id)
    )
    return [ProviderItem(id=pid, name=name) for pid, name in session.exec(statement)]
