"""Queries for choice schemes and services."""

from sqlalchemy.orm import selectinload
from sqlmodel import Session, select

from webapp.catalog.models import Scheme, Service
from webapp.core.datacache import NOBODY, reuse_per_version


@reuse_per_version(own_texts_of=NOBODY)
def list_schemes(session: Session) -> list[Scheme]:
    """Return every scheme with its services and their target groups, in display order."""
    statement = (
        select(Scheme)
        .options(
            selectinload(Scheme.translations),
            selectinload(Scheme.services).selectinload(Service.target_groups),
            selectinload(Scheme.services).selectinload(Service.translations),
        )
        .order_by(Scheme.position, Scheme.id)
    )
    schemes = list(session.exec(statement))
    for scheme in schemes:
        scheme.services.sort(key=lambda service: (service.position, service.id))
    return schemes


def index_services(schemes: list[Scheme]) -> dict[str, Service]:
    """Map service codes to services, in display order."""
    return {service.code: service for scheme in schemes for service in scheme.services}


def services_by_id(schemes: list[Scheme]) -> dict[int, Service]:
    """Map service ids to services, in display order."""
    return {service.id: service for scheme in schemes for service in scheme.services}
