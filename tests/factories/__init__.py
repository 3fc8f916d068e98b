"""Factories that put rows in the test database: one module per domain, shared by every test.

Each function takes the session and keyword arguments, fills in sensible
defaults, flushes, and returns the row. They write outside actions on purpose:
they set the scene, they are not what is under test.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app
from sqlmodel import Session


@contextmanager
def scene(session: Session) -> Iterator[Session]:
    """Yield a session on the same connection and transaction, unseen by the write guard.

    It works in a savepoint it releases at the end, so the caller's session can
    read what it wrote, and the caller's commit or rollback decides about it.
    """
    connection = session.connection()
    with Session(bind=connection, join_transaction_mode="create_savepoint") as writer:
        yield writer
        writer.commit()

@contextmanager
def setting_the_scene() -> Iterator[None]:
    """Let a factory or a test's set-up write outside an action, even with STRICT_ACTIONS=1."""
    config = current_app.config
    strict = config["STRICT_ACTIONS"]
    config["STRICT_ACTIONS"] = False
    try:
        yield
    finally:
        config["STRICT_ACTIONS"] = strict
