"""Queries and writes for importing half-year results in the admin."""

from collections import defaultdict

from sqlmodel import Session, select

from webapp.authorizations.models import Authorization
from webapp.catalog.models import Service
from webapp.providers.models import Provider
from webapp.results.importing import ImportPlan, ProviderRef, References
from webapp.results.models import Result


def load_import_references(session: Session) -> References:
    """Return every provider, service and authorization period an import is checked against."""
    providers = {
        org_number: ProviderRef(id=provider_id, name=name)
        for provider_id, org_number, name in session.exec(
            select(Provider.id, Provider.org_number, Provider.name)
        )
    }
    services = dict(
        session.exec(select(Service.code, Service.id).order_by(Service.position, Service.id)).all()
    )
    authorizations = defaultdict(list)
    for provider_id, service_id, valid_from, valid_until in session.exec(
        select(
            Authorization.provider_id,
            Authorization.service_id,
            Authorization.valid_from,
            Authorization.valid_until,
        )
    ):
        authorizations[(provider_id, service_id)].append((valid_from, valid_until))
    return References(providers=providers, services=services, authorizations=dict(authorizations))


def list_service_codes(session: Session) -> list[str]:
    """Return every service code, in display order."""
    return list(session.exec(select(Service.code).order_by(Service.position, Service.id)))


def find_results_by_key(
    session: Session, *, periods: set[str]
) -> dict[tuple[int, int, str], Result]:
    """Return the stored results of these half-years by (provider id, service id, period)."""
    if not periods:
        return {}
    statement = select(Result).where(Result.period.in_(sorted(periods)))
    return {(row.provider_id, row.service_id, row.period): row for row in session.exec(statement)}


def save_import(session: Session, *, plan: ImportPlan, existing: dict) -> None:
    """Add the new results and update the changed ones; the caller commits."""
    for planned in plan.changed:
        stored = existing[planned.key]
        for name, (_old, new) in planned.changes.items():
            setattr(stored, name, new)
        session.add(stored)
    for planned in plan.added:
        session.add(
            Result(
                provider_id=planned.provider.id,
                service_id=planned.service_id,
                period=planned.row.period,
                **planned.row.values,
            )
        )
    # Send the statements now, so a database error surfaces here, before the audit event.
    session.flush()
