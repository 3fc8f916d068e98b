"""Staff accounts for tests: one account with a known password, added straight to the session."""

from itertools import count

from sqlmodel import Session

from webapp.staff.accounts import hash_password, normalize_email
from webapp.staff.models import StaffUser

STAFF_PASSWORD = "korrekt häst batteri häftklammer"
ROLES = ("caseworker", "editor", "admin")
_numbers = count(1)


def staff_account(
    session: Session,
    *,
    role: str = "editor",
    email: str | None = None,
    name: str | None = None,
    password: str = STAFF_PASSWORD,
    **fields,
) -> StaffUser:
    """Add an account with the role and password (and any other column given); flush it."""
    number = next(_numbers)
    user = StaffUser(
        email=normalize_email(email or f"{role}-{number}@factory.example"),
        name=name if name is not None else f"{role.title()} {number}",
        password_hash=hash_password(password),
        role=role,
        **fields,
    )
    session.add(user)
    session.flush()
    return user
