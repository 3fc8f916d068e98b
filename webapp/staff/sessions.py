"""When a staff member's login session still counts: the account's version and an age limit.

A session remembers the account's ``session_version`` when it began and the time
of the login. Logging out, a new password, a new role and deactivation raise the
version (``webapp.staff.actions``), which ends every session of the account at
once, copies of the cookie included. However active a session is, it ends
``ADMIN_SESSION_MAX_AGE`` after the login; the idle timeout is Flask's
``PERMANENT_SESSION_LIFETIME``.
"""

from datetime import UTC, datetime, timedelta

# Keys in Flask's session, beside Flask-Login's own.
VERSION_KEY = "staff_session_version"
SINCE_KEY = "staff_logged_in_at"


def session_is_current(
    *,
    remembered_version: object,
    account_version: int,
    logged_in_at: object,
    now: float,
    max_age: timedelta,
) -> bool:
    """Tell whether a session that began at logged_in_at (a timestamp) may go on now."""
    if not isinstance(remembered_version, int) or remembered_version != account_version:
        return False
    ends = session_ends_at(logged_in_at, max_age)
    return ends is not None and logged_in_at <= now <= ends.timestamp()


def session_ends_at(logged_in_at: object, max_age: timedelta) -> datetime | None:
    """Return when a session that began at logged_in_at (a timestamp) ends, however active."""
    if not isinstance(logged_in_at, (int, float)) or isinstance(logged_in_at, bool):
        return None
    return datetime.fromtimestamp(logged_in_at, UTC) + max_age


def ends_sessions(before: dict, after: dict, *, password_changed: bool) -> bool:
    """Tell whether a change to an account ends its sessions: role, deactivation, password."""
    deactivated = before.get("is_active") and not after.get("is_active")
    return bool(password_changed or deactivated or before.get("role") != after.get("role"))
