"""The authorization pages' tests run on a frozen day."""

import pytest

from tests.clock import freeze
from tests.integration.web.admin.authorizations.pages import TODAY


@pytest.fixture
def today(time_machine):
    """Freeze the clock at midday on TODAY, before anyone logs in."""
    freeze(time_machine, TODAY)
    return TODAY
