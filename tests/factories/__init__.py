"""Factories that put rows in the test database: one module per domain, shared by every test.

Each function takes the session and keyword arguments, fills in sensible
defaults, flushes, and returns the row. They write outside actions on purpose:
they set the scene, they are not what is under test. ``scene()`` lets them do
so with STRICT_ACTIONS=1, which refuses any other write outside an action.
"""

from contextlib import contextmanager

from flask import current_app


@contextmanager
def scene():
    """Let the test's set-up write outside actions, then hold the app to the rule again."""
    strict = current_app.config["STRICT_ACTIONS"]
    current_app.config["STRICT_ACTIONS"] = False
    try:
        yield
    finally:
        current_app.config["STRICT_ACTIONS"] = strict
