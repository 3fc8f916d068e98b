"""Queries for staff accounts and the audit log."""

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import Session, func, select

from webapp.staff.accounts import is_locked, normalize_email
from webapp.staff.models import AuditEvent, StaffUser


@dataclass(frozen=True)
class StaffList:
    """Every staff account, ordered by e-mail address, and which of them are locked."""

    users: list[StaffUser]
    locked: set[int]


def list_staff_users(session: Session, *, now: datetime) -> StaffList:
    """Return every staff account, ordered by e-mail address, with the ones locked now."""
    users = list(session.exec(select(StaffUser).order_by(StaffUser.email)))
    return StaffList(users, {user.id for user in users if is_locked(user.locked_until, now)})


def get_staff_user(session: Session, *, user_id: int) -> StaffUser | None:
    """Return one staff account, or None."""
    return session.get(StaffUser, user_id)


def find_user_by_email(session: Session, email: str) -> StaffUser | None:
    """Return the account with this e-mail address, in any case, or None."""
    statement = select(StaffUser).where(func.lower(StaffUser.email) == normalize_email(email))
    return session.exec(statement).first()


def count_active_admins(session: Session, *, excluding_id: int | None = None) -> int:
    """Count active admin accounts, leaving out one account if asked."""
    statement = select(func.count(StaffUser.id)).where(
        StaffUser.role == "admin", StaffUser.is_active.is_(True)
    )
    if excluding_id is not None:
        statement = statement.where(StaffUser.id != excluding_id)
    return session.exec(statement).one()


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
