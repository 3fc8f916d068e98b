"""Authorization periods and the services they are for, as tests need them."""

from datetime import date

from sqlmodel import Session, select

from tests.factories import scene
from webapp.authorizations.models import Authorization
from webapp.authorizations.rules import Decision
from webapp.catalog.models import Service
from webapp.providers.models import Provider


def service_id(session: Session, code: str) -> int:
    """Return the id of a seeded service by its code, e.g. MATCH-1."""
    return session.exec(select(Service.id).where(Service.code == code)).one()


def new_period(
    service_id: int,
    valid_from: date,
    valid_until: date | None = None,
    end_reason: str | None = None,
    *,
    provider_id: int = 7,
    decision_reference: str = "AMN 2022/1",
) -> Authorization:
    """Return an authorization period, not stored: for rules that need no database."""
    return Authorization(
        provider_id=provider_id,
        service_id=service_id,
        decision_date=valid_from,
        valid_from=valid_from,
        valid_until=valid_until,
        end_reason=end_reason,
        decision_reference=decision_reference,
    )


def make_decision(
    session: Session,
    codes: list[str],
    *,
    effective: date = date(2026, 12, 1),
    reason: str | None = None,
    note: str = "",
) -> Decision:
    """Return a decision of 1 November 2026 for the services with these codes."""
    return Decision(
        service_ids=tuple(service_id(session, code) for code in codes),
        decision_date=date(2026, 11, 1),
        effective_date=effective,
        decision_reference="AMN 2026/0123",
        reason=reason,
        note=note,
    )


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
    period = new_period(
        service_id(session, service),
        valid_from,
        valid_until,
        end_reason,
        provider_id=provider.id,
        decision_reference=decision_reference,
    )
    with scene(session) as writer:
        writer.add(period)
        writer.flush()
        period_id = period.id
    return session.get(Authorization, period_id)
