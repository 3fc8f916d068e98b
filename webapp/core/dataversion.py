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

from sqlalchemy import func, select, text
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
# PostgreSQL advisory lock (any fixed number) that public changes take in turn.
PUBLIC_ORDER_LOCK = 7_120_026


def order_public_change(session) -> None:
    """Hold the public-change lock until the transaction ends, so public events commit in id order.

    The versions below take the newest public event id as "everything up to here".
    On PostgreSQL two transactions can draw ids 100 and 101 and commit 101 first; a
    process reading between the commits would take 101 as newest and never look for
    100, keeping pages without that change. With this lock the second change waits
    for the first to commit before it draws an id. SQLite has one writer at a time.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PUBLIC_ORDER_LOCK})


# More new changes than this at once (an import in many steps) are not told
# apart: they count as one change that reaches everything.
MAX_CHANGES_TOLD_APART = 200

# A change as the versions need it: its event id, and the provider whose own
# pages alone it reaches (None: it can reach any page).
Change = tuple[int, int | None]
Confine = Callable[[str, str, int | None, object, object], int | None]


def read_public_changes(engine, confine: Confine) -> Callable[[int | None], tuple[int, list]]:
    """Return a function that reads the newest public change's id and the changes after one."""
    public = AuditEvent.action.in_(PUBLIC_DATA_EVENTS)
    newest = select(func.max(AuditEvent.id)).where(public)
    columns = (
        AuditEvent.id,
        AuditEvent.action,
        AuditEvent.entity_type,
        AuditEvent.entity_id,
        AuditEvent.before,
        AuditEvent.after,
    )

    def read(after: int | None) -> tuple[int, list[Change]]:
        with engine.connect() as connection:
            top = connection.execute(newest).scalar() or 0
            if after is None or top <= after:
                return top, []
            statement = (
                select(*columns)
                .where(public, AuditEvent.id > after, AuditEvent.id <= top)
                .order_by(AuditEvent.id)
                .limit(MAX_CHANGES_TOLD_APART + 1)
            )
            rows = connection.execute(statement).all()
        if len(rows) > MAX_CHANGES_TOLD_APART:
            return top, [(top, None)]
        return top, [(row[0], confine(*row[1:])) for row in rows]

    return read


class DataVersion:
    """The data versions as this process knows them, re-read at most every check_seconds.

    Three numbers, all audit event ids: ``current()``, the newest public change;
    ``wide``, the newest that can reach any page; and per provider, the newest
    that reaches only that provider's own pages (``webapp.providers.reach``). A
    page made at version v that shows the own pages' parts of providers P is up
    to date while v >= ``needed_for(P)``: editing one provider's description
    leaves every page that does not show it valid.
    """

    def __init__(self, read: Callable[[int | None], tuple[int, list[Change]]], check_seconds):
        self.read = read
        self.check_seconds = check_seconds
        self.lock = threading.Lock()
        self.value: int | None = None  # None: the database cannot tell; nothing is reused
        self.known: int | None = None  # the newest change read, kept through a failed read
        self.wide = 0
        self.own: dict[int, int] = {}  # only changes newer than wide
        self.changed_at = float("-inf")
        self.checked_at = float("-inf")

    def current(self) -> int | None:
        """Return the newest public change's id, or None when the database cannot tell."""
        now = time.monotonic()
        if now - self.checked_at >= self.check_seconds:
            try:
                top, changes = self.read(self.known)
            except SQLAlchemyError:
                with self.lock:
                    self.value, self.checked_at = None, now
                return None
            with self.lock:
                self.take(top, changes, now)
        return self.value

    def take(self, top: int, changes: list[Change], now: float) -> None:
        """Move the versions on by the changes read."""
        if top != self.value:
            self.changed_at = now
        if self.known is None or top < self.known:
            # What happened before this process looked counts as reaching every page.
            self.wide, self.own = top, {}
        for event_id, provider_id in changes:
            if provider_id is None:
                self.wide = max(self.wide, event_id)
            else:
                self.own[provider_id] = max(self.own.get(provider_id, 0), event_id)
        self.own = {key: value for key, value in self.own.items() if value > self.wide}
        self.known = self.value = top
        self.checked_at = now

    def wide_version(self) -> int | None:
        """Return the newest change that can reach any page (after current() has checked)."""
        return None if self.value is None else self.wide

    def needed_for(self, providers: frozenset[int] | None) -> int | None:
        """Return the oldest version a page may be made from, showing these providers' own parts.

        None for providers means the page may show anything: it needs the newest.
        """
        if self.value is None:
            return None
        if providers is None:
            return self.value
        own = self.own
        return max(self.wide, max((own[p] for p in providers if p in own), default=0))

    def seconds_since_change(self) -> float:
        """Return how long ago this process saw the version change."""
        return time.monotonic() - self.changed_at
