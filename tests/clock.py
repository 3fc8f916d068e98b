"""Stopping the clock in tests."""

from datetime import date, datetime


def freeze(time_machine, day: date) -> None:
    """Stop the clock at midday on day."""
    time_machine.move_to(datetime(day.year, day.month, day.day, 12, 0), tick=False)
