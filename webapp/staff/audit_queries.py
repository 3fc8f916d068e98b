"""Queries for the audit log: filtered, newest first, a page at a time or all of it."""

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func
from sqlmodel import Session, select

from webapp.staff.models import AuditEvent


@dataclass(frozen=True)
class AuditFilters:
    """What the admin narrowed the log by; empty or None means no filter."""

    action: str = ""
    actor: str = ""  # part of the actor's e-mail address
    entity_type: str = ""
    occurred_from: datetime | None = None  # inclusive, timezone-aware
    occurred_until: datetime | None = None  # exclusive, timezone-aware


def _filtered(statement, filters: AuditFilters):
    if filters.action:
        statement = statement.where(AuditEvent.action == filters.action)
    if filters.actor:
        statement = statement.where(
            func.lower(AuditEvent.actor_email).contains(
                filters.actor.strip().casefold(), autoescape=True
            )
        )
    if filters.entity_type:
        statement = statement.where(AuditEvent.entity_type == filters.entity_type)
    # Times are stored in UTC; SQLite keeps them without an offset, so compare in UTC.
    if filters.occurred_from is not None:
        statement = statement.where(AuditEvent.occurred_at >= filters.occurred_from.astimezone(UTC))
    if filters.occurred_until is not None:
        statement = statement.where(AuditEvent.occurred_at < filters.occurred_until.astimezone(UTC))
    return statement


def list_audit_actions(session: Session) -> list[str]:
    """Return the distinct action codes in the log, alphabetically."""
    statement = select(AuditEvent.action).distinct().order_by(AuditEvent.action)
    return list(session.exec(statement))


def list_audit_entity_types(session: Session) -> list[str]:
    """Return the distinct entity types in the log, alphabetically."""
    statement = (
        select(AuditEvent.entity_type)
        .where(AuditEvent.entity_type != "")
        .distinct()
        .order_by(AuditEvent.entity_type)
    )
    return list(session.exec(statement))


def count_audit_events(session: Session, *, filters: AuditFilters) -> int:
    """Count the events that match the filters."""
    return session.exec(_filtered(select(func.count(AuditEvent.id)), filters)).one()


def list_audit_events(
    session: Session, *, filters: AuditFilters, limit: int | None = None, offset: int = 0
) -> list[AuditEvent]:
    """Return matching events, newest first; a slice of them when limit is given."""
    statement = _filtered(select(AuditEvent), filters).order_by(
        AuditEvent.occurred_at.desc(), AuditEvent.id.desc()
    )
    if limit is not None:
        statement = statement.limit(limit).offset(offset)
    return list(session.exec(statement))
