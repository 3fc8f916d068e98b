"""The version of what public pages show: the newest audit event of a change to public data.

Every change to stored data writes an audit event in the same transaction
(``webapp.core.actions``), so the newest event of a public-data kind names the
data public pages were made from. Logins, clients' choices and staff accounts
change nothing public pages show: they do not move the version, so they empty
no cache. Each process asks the database at most once per ``check_seconds``;
several instances agree within that time without sharing memory.
"""

import threading
import time
from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from webapp.staff.models import AuditEvent

# Audit events of actions that change what public pages and the API show. Every
# action is in this set or in PRIVATE_EVENTS; a test checks that none is in neither.
PUBLIC_DATA_EVENTS = frozenset(
    {
        "provider.create",
        "provider.update",
        "authorization.grant",
        "authorization.revoke",
        "results.import",
        "results.case_mix_import",
        "results.publish",
        "results.withdraw",
        "follow_up.record",
        "follow_up.publish",
        "follow_up.withdraw",
        "follow_up.close",
        "terms.create",
        "terms.update",
    }
)
# Events no public page depends on: staff sign-ins and accounts, clients' choices.
PRIVATE_PREFIXES = ("auth.", "staff.", "choice.")


def read_public_version(engine) -> Callable[[], int]:
    """Return a function that reads the newest public-data audit event's id."""
    statement = select(func.max(AuditEvent.id)).where(AuditEvent.action.in_(PUBLIC_DATA_EVENTS))

    def read() -> int:
        with engine.connect() as connection:
            return connection.execute(statement).scalar() or 0

    return read


class DataVersion:
    """The data version as this process knows it, re-read at most every check_seconds."""

    def __init__(self, read: Callable[[], int], check_seconds: float):
        self.read = read
        self.check_seconds = check_seconds
        self.lock = threading.Lock()
        self.value: int | None = None
        self.changed_at = float("-inf")
        self.checked_at = float("-inf")

    def current(self) -> int | None:
        """Return the version, or None when the database cannot tell (nothing is then reused)."""
        now = time.monotonic()
        if now - self.checked_at >= self.check_seconds:
            try:
                value = self.read()
            except SQLAlchemyError:
                value = None
            with self.lock:
                if value != self.value:
                    self.changed_at = now
                self.value, self.checked_at = value, now
        return self.value

    def seconds_since_change(self) -> float:
        """Return how long ago this process saw the version change."""
        return time.monotonic() - self.changed_at
