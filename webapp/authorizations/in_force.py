"""When an authorization is in force: the rule in Python and the same rule in SQL, side by side."""

from datetime import date

from sqlalchemy import and_, or_

from webapp.authorizations.models import Authorization


def is_in_force(period: Authorization, day: date) -> bool:
    """Tell whether an authorization period is in force on a day (valid_until is exclusive)."""
    return period.valid_from <= day and (period.valid_until is None or day < period.valid_until)


def authorized_on(day: date):
    """Return the SQL condition for an authorization in force on day; twin of is_in_force."""
    return and_(
        Authorization.valid_from <= day,
        or_(Authorization.valid_until.is_(None), Authorization.valid_until > day),
    )


def overlaps(period: Authorization, first: date, last: date) -> bool:
    """Tell whether a period is in force on any day from first to last, both included."""
    return period.valid_from <= last and (period.valid_until is None or period.valid_until > first)


def overlapping(first: date, last: date):
    """Return the SQL condition for a period in force on a day from first to last (see overlaps)."""
    return and_(
        Authorization.valid_from <= last,
        or_(Authorization.valid_until.is_(None), Authorization.valid_until > first),
    )
