"""Today's date in one place, so tests can move the clock."""

from datetime import date


def today() -> date:
    """Return today's date."""
    return date.today()
