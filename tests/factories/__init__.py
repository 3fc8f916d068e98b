"""Factories that put rows in the test database: one module per domain, shared by every test.

Each function takes the session and keyword arguments, fills in sensible
defaults, flushes, and returns the row. They write outside actions on purpose:
they set the scene, they are not what is under test. ``scene()`` lets them do
so with STRICT_ACTIONS=1, which refuses any other write outside an action.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app
from sqlmodel import Session


@contextmanager
def scene(session: Session | None = None) -> Iterator[Session | None]:
    """Let a test's set-up write outside actions, then hold the app to the rule again.

    Given a session, it yields a second session on the same connection and
    transaction, in a savepoint released at the end, so the caller's session can
    read what it wrote and the caller's commit or rollback decides about it.
    """
    config = current_app.config
    strict = config["STRICT_ACTIONS"]
    config["STRICT_ACTIONS"] = False
    try:
        if session is None:
            yield None
            return
        with Session(bind=session.connection(), join_transaction_mode="create_savepoint") as writer:
            yield writer
            writer.commit()
    finally:
        config["STRICT_ACTIONS"] = strict
