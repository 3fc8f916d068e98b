"""Providers that have gone twelve months without new customers, a ground for de-authorization.

One statement however many providers there are.
"""

from datetime import UTC, date, datetime, time

from sqlalchemy import exists, union
from sqlmodel import Session, select

from webapp.authorizations.in_force import authorized_on
from webapp.authorizations.models import Authorization
from webapp.choices.models import Choice
from webapp.providers.models import Provider
from webapp.providers.queries import ProviderName
from webapp.results.models import Result


def twelve_months_before(day: date) -> date:
    """Return the same day a year earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


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
) -> list[ProviderName]:
    """Return providers authorized today, and a year ago, with no new customers in between.

    Providers authorized for less than twelve months cannot have gone a year
    without customers, so they are left out. Without results (periods None) there
    is nothing to count with.
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
    return [ProviderName(pid, name) for pid, name in session.exec(statement)]


def _authorized(day: date):
    return exists().where(Authorization.provider_id == Provider.id, authorized_on(day))
