"""A session inside a request on the seeded database, rolled back after each test."""

import pytest

from webapp.core.db import get_session


@pytest.fixture
def session(app, rollback):
    """The request's session, as a view gets it; nothing it writes outlives the test."""
    with app.test_request_context():
        yield get_session()
