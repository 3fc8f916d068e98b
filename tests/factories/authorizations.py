"""Authorization periods and the services they are for, as tests need them."""

from datetime import date

from sqlmodel import Session, select

from tests.factories import scene
from webapp.authorizations.models import Authorization
from webapp.catalog.models import Service
from webapp.providers.models import Provider


def service_id(session: Session, code: str) -> int:
    """Return the id of a seeded service by its code, e.g. MATCH-1."""
    return session.exec(select(Service.id).where(Service.code == code)).one()


def make_period(
    session: Session,
    provider: Provider,
    *,
    service: str = "MATCH-1",
    valid_from: date = date(2022, 1, 1),
    valid_until: date | None = None,
    end_reason: str | None = None,
    decision_reference: str = "AMN 2022/1",
) -> Authorization:
    """Store an authorization period for the provider and a service (by code)."""
    period = Authorization(
        provider_id=provider.id,
        service_id=service_id(session, service),
        decision_date=valid_from,
        valid_from=valid_from,
        valid_until=valid_until,
        end_reason=end_reason,
        decision_reference=decision_reference,
    )
    with scene(session) as writer:
        writer.add(period)
        writer.flush()
        period_id = period.id
    return session.get(Authorization, period_id)
