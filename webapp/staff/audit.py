"""Write the audit log: who did what, when, with the values before and after."""

from datetime import date, datetime

from flask import has_request_context
from flask_login import current_user
from sqlmodel import Session, SQLModel

from webapp.core.actions import note_audit
from webapp.staff.models import AuditEvent


def snapshot(row: SQLModel, fields=None) -> dict:
    """Return a row's columns as JSON-friendly values."""
    values = row.model_dump(include=set(fields) if fields else None)
    return {key: _plain(value) for key, value in values.items()}


def _plain(value):
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def changed_fields(before: dict, after: dict) -> dict:
    """Return the fields whose value differs, as {name: (old, new)}."""
    return {
        key: (before.get(key), after.get(key))
        for key in sorted(before.keys() | after.keys())
        if before.get(key) != after.get(key)
    }


def record_event(
    session: Session,
    action: str,
    *,
    entity_type: str = "",
    entity_id: int | None = None,
    summary: str = "",
    before: dict | None = None,
    after: dict | None = None,
    actor=None,
) -> AuditEvent:
    """Add an audit event to the session; it commits with the change it records."""
    if actor is None and has_request_context():
        actor = current_user
    known = bool(getattr(actor, "is_authenticated", False))
    event = AuditEvent(
        actor_id=actor.id if known else None,
        actor_email=actor.email if known else "",
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        summary=summary,
        before=before,
        after=after,
    )
    session.add(event)
    note_audit(action)
    return event
