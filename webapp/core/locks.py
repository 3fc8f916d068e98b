"""Serialise one kind of write across requests, processes and instances: a database lock.

On PostgreSQL a transaction-level advisory lock: a second request waits until
the first commits or rolls back, then reads what the first stored. SQLite lets
one connection write at a time and fails a writer whose reads went stale, so it
needs nothing more.
"""

import zlib

from sqlalchemy import text
from sqlalchemy.orm import Session


def lock_key(name: str) -> int:
    """Return the advisory lock number of a name (stable across processes)."""
    return zlib.crc32(name.encode("utf-8"))


def hold_lock(session: Session, name: str) -> None:
    """Wait for the named lock and hold it until the session's transaction ends.

    Objects loaded before the lock are expired, so what the caller reads next is
    what is stored now, not what another request has since changed.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": lock_key(name)})
    session.expire_all()
