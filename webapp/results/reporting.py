"""Who has not reported: providers missing results for a half-year they were authorized in."""

from datetime import date

from sqlalchemy import exists, func
from sqlmodel import Session, select

from webapp.authorizations.in_force import authorized_on, overlapping
from webapp.authorizations.models import Authorization
from webapp.providers.models import Provider
from webapp.providers.queries import ProviderName
from webapp.results.models import Result
from webapp.results.periods import period_bounds, previous_period


def find_latest_periods(session: Session) -> tuple[str, str] | None:
    """Return the two latest half-years with stored results, published or not (staff's view)."""
    latest = session.exec(select(func.max(Result.period))).one()
    return (previous_period(latest), latest) if latest else None


def list_providers_missing_results(
    session: Session, *, today: date, period: str | None
) -> list[ProviderName]:
    """Return providers authorized today, and during the half-year, with no result row for it.

    A provider authorized only after the half-year ended has nothing to report for it.
    One statement however many providers there are.
    """
    if period is None:
        return []
    first, last = period_bounds(period)
    authorized_today = exists().where(
        Authorization.provider_id == Provider.id, authorized_on(today)
    )
    authorized_during = exists().where(
        Authorization.provider_id == Provider.id, overlapping(first, last)
    )
    reported = exists().where(Result.provider_id == Provider.id, Result.period == period)
    statement = (
        select(Provider.id, Provider.name)
        .where(authorized_today, authorized_during, ~reported)
        .order_by(Provider.search_name, Provider.id)
    )
    return [ProviderName(pid, name) for pid, name in session.exec(statement)]
