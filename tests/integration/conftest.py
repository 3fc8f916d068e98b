"""Fixtures for integration tests that call queries and actions directly."""

import pytest

from webapp.core.db import get_session


@pytest.fixture
def db_session(app, rollback):
    """The session a request would use, inside the test's rolled-back transaction."""
    with app.test_request_context():
        yield get_session()
