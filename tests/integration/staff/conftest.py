"""A session on the shared database inside a transaction that is rolled back."""

import pytest

from webapp.core.db import get_session


@pytest.fixture
def session(app, rollback):
    """The app's session, outside any request, on the rolled-back test transaction."""
    with app.app_context():
        yield get_session()
