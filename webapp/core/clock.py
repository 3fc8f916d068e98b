"""Today's date and the current time in one place, so tests can move the clock."""

from datetime import UTC, date, datetime


def today() -> date:
    """Return today's date."""
    return date.today()


def utc_now() -> datetime:
    """Return the current time in UTC."""
    return datetime.now(UTC)
