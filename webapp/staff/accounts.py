"""Staff accounts: passwords, logging in, and locking after repeated failures."""

from datetime import datetime, timedelta

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import gettext as _
from sqlmodel import Session, func, select

from webapp.core.clock import utc_now
from webapp.core.db import get_session
from webapp.core.validation import email_problem
from webapp.staff.audit import record_event, snapshot
from webapp.staff.models import StaffUser

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256
# Verifying against this hash when no account matches keeps the answer time the
# same, so response times do not reveal which e-mail addresses have accounts.
_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not-a-real-password-just-for-timing")


def use_cheap_hashing() -> None:
    """Make hashing fast for tests; argon2's defaults stay in force everywhere else."""
    global _hasher
    _hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)


def hash_password(password: str) -> str:
    """Hash a password with argon2id."""
    return _hasher.hash(password)


def password_problem(password: str) -> str | None:
    """Return why a new password is not acceptable, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("Lösenordet måste ha minst %(num)s tecken.", num=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        return _("Lösenordet får ha högst %(num)s tecken.", num=MAX_PASSWORD_LENGTH)
    return None


def normalize_email(email: str) -> str:
    """Return the e-mail address as accounts store it."""
    return email.strip().casefold()


def find_user_by_email(session: Session, email: str) -> StaffUser | None:
    """Return the account with this e-mail address, or None."""
    statement = select(StaffUser).where(func.lower(StaffUser.email) == normalize_email(email))
    return session.exec(statement).first()


def is_locked(user: StaffUser, now: datetime) -> bool:
    """Tell whether the account is temporarily locked."""
    locked_until = user.locked_until
    if locked_until is not None and locked_until.tzinfo is None:
        # SQLite returns naive datetimes; they were stored in UTC.
        locked_until = locked_until.replace(tzinfo=now.tzinfo)
    return locked_until is not None and locked_until > now


def check_login(
    session: Session, email: str, password: str, *, lock_after: int, lock_minutes: int
) -> tuple[StaffUser | None, str]:
    """Check credentials; return the user (or None) and an outcome code.

    Outcome codes: "ok", "unknown", "wrong_password", "locked", "inactive".
    Failed attempts are counted on the account, which is locked for a while after
    ``lock_after`` failures in a row. The caller commits.
    """
    now = utc_now()
    user = find_user_by_email(session, email)
    if user is None:
        _verify(_DUMMY_HASH, password)
        return None, "unknown"
    if is_locked(user, now):
        return user, "locked"
    if not _verify(user.password_hash, password):
        user.failed_logins += 1
        if user.failed_logins >= lock_after:
            user.locked_until = now + timedelta(minutes=lock_minutes)
            user.failed_logins = 0
        session.add(user)
        return user, "wrong_password"
    if not user.is_active:
        return user, "inactive"
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    session.add(user)
    return user, "ok"


def verify_password(user: StaffUser, password: str) -> bool:
    """Tell whether password is the account's current password."""
    return _verify(user.password_hash, password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def create_staff_user(*, email: str, name: str, password: str, role: str) -> StaffUser:
    """Create an account and record it in the audit log, in one transaction."""
    problem = email_problem(normalize_email(email)) or password_problem(password)
    if not email.strip() or problem:
        raise ValueError(problem or "An e-mail address is required.")
    session = get_session()
    if find_user_by_email(session, email) is not None:
        raise ValueError(f"An account for {normalize_email(email)} already exists.")
    user = StaffUser(
        email=normalize_email(email),
        name=name.strip(),
        password_hash=hash_password(password),
        role=role,
    )
    session.add(user)
    session.flush()
    after = snapshot(user, ["email", "name", "role", "is_active"])
    record_event(
        session,
        "staff.create",
        entity_type="staff",
        entity_id=user.id,
        summary="flask create-admin",
        after=after,
    )
    session.commit()
    return user
