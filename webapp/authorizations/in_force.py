"""When an authorization is in force: each rule in Python and, where it runs in SQL, its twin.

A period is in force from valid_from (included) until valid_until (excluded; None
while open-ended). Every rule here is made of two facts about a day: whether the
period has started by then, and whether it still lasts on it.
"""

from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy import and_, or_

from webapp.authorizations.models import Authorization


class Phase(StrEnum):
    """Where a period stands on a day."""

    COMING = "coming"
    CURRENT = "current"
    ENDED = "ended"


def _has_started(period: Authorization, day: date) -> bool:
    return period.valid_from <= day


def _lasts_on(period: Authorization, day: date) -> bool:
    return period.valid_until is None or day < period.valid_until


def _has_started_sql(day: date):
    return Authorization.valid_from <= day


def _lasts_on_sql(day: date):
    return or_(Authorization.valid_until.is_(None), Authorization.valid_until > day)


def is_in_force(period: Authorization, day: date) -> bool:
    """Tell whether an authorization period is in force on a day (valid_until is exclusive)."""
    return _has_started(period, day) and _lasts_on(period, day)


def authorized_on(day: date):
    """Return the SQL condition for an authorization in force on day; twin of is_in_force."""
    return and_(_has_started_sql(day), _lasts_on_sql(day))


def overlaps(period: Authorization, first: date, last: date) -> bool:
    """Tell whether a period is in force on any day from first to last, both included."""
    return _has_started(period, last) and _lasts_on(period, first)


def overlapping(first: date, last: date):
    """Return the SQL condition for a period in force on a day from first to last (see overlaps)."""
    return and_(_has_started_sql(last), _lasts_on_sql(first))


def in_force_from(period: Authorization, day: date) -> bool:
    """Tell whether a period is in force on the day or on any day after it."""
    return _lasts_on(period, day)


def still_to_come(period: Authorization, day: date) -> bool:
    """Tell whether a period starts only after the day."""
    return not _has_started(period, day)


def coming_after(day: date):
    """Return the SQL condition for a period that starts after day; twin of still_to_come."""
    return ~_has_started_sql(day)


def phase_on(period: Authorization, day: date) -> Phase:
    """Tell whether a period is still to come, in force or over on a day."""
    if still_to_come(period, day):
        return Phase.COMING
    return Phase.CURRENT if _lasts_on(period, day) else Phase.ENDED


def last_day(period: Authorization) -> date | None:
    """Return the last day a period is in force, or None while it is open-ended."""
    return None if period.valid_until is None else period.valid_until - timedelta(days=1)
