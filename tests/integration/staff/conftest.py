"""A session on the shared database inside a transaction that is rolled back."""

import pytest
from sqlmodel import func, select

from webapp.core.db import get_session
from webapp.staff.models import AuditEvent


@pytest.fixture
def session(app, rollback):
    """The app's session, outside any request, on the rolled-back test transaction."""
    with app.app_context():
        yield get_session()


@pytest.fixture
def events(session):
    """Return a function that lists the audit events of one kind written during the test."""
    before = session.exec(select(func.max(AuditEvent.id))).one() or 0

    def written(action: str) -> list[AuditEvent]:
        statement = select(AuditEvent).where(AuditEvent.action == action, AuditEvent.id > before)
        return list(session.exec(statement.order_by(AuditEvent.id)))

    return written
