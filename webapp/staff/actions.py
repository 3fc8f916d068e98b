"""What staff do to accounts: create and change them, log in and out, change a password.

Each action applies the rules in ``webapp.staff.accounts``, writes its audit event
and never commits: the request, or the command, does.
"""

import re
from dataclasses import dataclass

from flask import current_app, has_app_context
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from webapp.core.actions import action
from webapp.core.activelocale import gettext as _
from webapp.core.clock import utc_now
from webapp.core.validation import email_problem
from webapp.staff.accounts import (
    admin_change_problems,
    after_failed_login,
    hash_password,
    is_locked,
    needs_rehash,
    normalize_email,
    password_matches,
    password_problem,
    spend_time_as_if_checking,
)
from webapp.staff.audit import changed_fields, record_event, snapshot
from webapp.staff.models import StaffUser
from webapp.staff.permissions import ROLES
from webapp.staff.queries import count_active_admins, find_user_by_email
from webapp.staff.sessions import ends_sessions

# What the audit log keeps of an account: never the password hash.
AUDITED_FIELDS = ("email", "name", "role", "is_active", "failed_logins", "locked_until")


def personal_words(email: str, name: str = "") -> list[str]:
    """Return what a password must not contain: the address, its parts, names, the municipality."""
    local, _at, domain = normalize_email(email).partition("@")
    words = [normalize_email(email), local, *re.split(r"[._+-]", local), *name.split()]
    if domain:
        words.append(domain.split(".")[0])
    if has_app_context():
        words.append(current_app.config["MUNICIPALITY_NAME"])
    return [word for word in words if word]


class AccountRefused(Exception):
    """The rules refuse a change to an account; problems lists the reasons by form field."""

    def __init__(self, problems: dict[str, list[str]]):
        super().__init__(problems)
        self.problems = problems


@action("staff.create")
def create_account(
    session: Session,
    *,
    email: str,
    name: str,
    password: str,
    role: str,
    actor: StaffUser | None,
    summary: str = "",
) -> StaffUser:
    """Create an account with a first password; summary says where it came from.

    Raises AccountRefused for an unusable address or password, or an address
    that already has an account.
    """
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    email = normalize_email(email)
    problems = {
        field: [problem]
        for field, problem in (
            ("email", email_problem(email) if email else _("Skriv en e-postadress.")),
            ("password", password_problem(password, personal=personal_words(email, name))),
        )
        if problem
    }
    if problems:
        raise AccountRefused(problems)
    taken = AccountRefused({"email": [_("Det finns redan ett konto med den e-postadressen.")]})
    if find_user_by_email(session, email) is not None:
        raise taken
    user = StaffUser(
        email=email, name=name.strip(), password_hash=hash_password(password), role=role
    )
    try:
        # Another admin may create the same address at the same moment.
        with session.begin_nested():
            session.add(user)
    except IntegrityError:
        raise taken from None
    record_event(
        session,
        "staff.create",
        entity_type="staff",
        entity_id=user.id,
        summary=summary or user.email,
        after=snapshot(user, AUDITED_FIELDS),
        actor=actor,
    )
    return user


@action("staff.update")
def update_account(
    session: Session,
    user: StaffUser,
    *,
    actor: StaffUser,
    name: str,
    role: str,
    is_active: bool,
    unlock: bool = False,
    password: str = "",
) -> bool:
    """Change an account's name, role, status or password, or unlock it; tell if it changed.

    A new role, a deactivation or a new password ends every session of the account.

    Raises AccountRefused if the change would take the admin role or the account
    from its own user, or leave no active admin, or if the password is unusable.
    """
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    problems = admin_change_problems(
        own_account=user.id == actor.id,
        was_active_admin=user.role == "admin" and user.is_active,
        role=role,
        is_active=is_active,
        other_active_admins=count_active_admins(session, excluding_id=user.id),
    )
    personal = personal_words(user.email, name or user.name)
    problem = password_problem(password, personal=personal) if password else None
    if problem:
        problems["password"] = [problem]
    if problems:
        raise AccountRefused(problems)
    before = snapshot(user, AUDITED_FIELDS)
    user.name, user.role, user.is_active = name.strip(), role, is_active
    if unlock:
        user.locked_until, user.failed_logins = None, 0
    after = snapshot(user, AUDITED_FIELDS)
    if password:
        user.password_hash = hash_password(password)
        # Only the fact of the change is logged, never the password or its hash.
        after["password"] = "changed"  # noqa: S105
    if not changed_fields(before, after):
        return False
    if ends_sessions(before, after, password_changed=bool(password)):
        end_sessions(user)
        after["sessions"] = "ended"
    session.add(user)
    record_event(
        session,
        "staff.update",
        entity_type="staff",
        entity_id=user.id,
        summary=user.email,
        before=before,
        after=after,
        actor=actor,
    )
    return True


@action("auth.password_change")
def change_password(session: Session, user: StaffUser, *, current: str, new: str) -> None:
    """Change one's own password, given the current one; every other session ends.

    The session that changed it goes on only if the caller starts it afresh.

    Raises AccountRefused if the current password is wrong or the new one unusable.
    """
    if not password_matches(user.password_hash, current):
        raise AccountRefused({"current": [_("Det nuvarande lösenordet stämmer inte.")]})
    problem = password_problem(new, personal=personal_words(user.email, user.name))
    if problem:
        raise AccountRefused({"new": [problem]})
    user.password_hash = hash_password(new)
    end_sessions(user)
    session.add(user)
    record_event(
        session,
        "auth.password_change",
        entity_type="staff",
        entity_id=user.id,
        summary="other sessions ended",
        actor=user,
    )


@dataclass(frozen=True)
class LoginAttempt:
    """How a login went: "ok", "unknown", "wrong_password", "locked" or "inactive"."""

    outcome: str
    user: StaffUser | None

    @property
    def succeeded(self) -> bool:
        """Tell whether the person may be logged in as user."""
        return self.outcome == "ok"


@action("auth.login", "auth.login_failed")
def log_in(
    session: Session, *, email: str, password: str, lock_after: int, lock_minutes: int
) -> LoginAttempt:
    """Check an e-mail address and password, count a failure, and log the attempt.

    A wrong password counts against the account, which locks for lock_minutes
    after lock_after failures in a row. The counting is stored with the failure's
    audit event, so the request that answers a failed login still commits.
    """
    now = utc_now()
    user = find_user_by_email(session, email)
    if user is None:
        spend_time_as_if_checking(password)
        outcome = "unknown"
    elif is_locked(user.locked_until, now):
        outcome = "locked"
    elif not password_matches(user.password_hash, password):
        count = after_failed_login(
            user.failed_logins, now, lock_after=lock_after, lock_minutes=lock_minutes
        )
        user.failed_logins, user.locked_until = count.failed_logins, count.locked_until
        outcome = "wrong_password"
    elif not user.is_active:
        outcome = "inactive"
    else:
        user.failed_logins, user.locked_until, user.last_login_at = 0, None, now
        if needs_rehash(user.password_hash):
            user.password_hash = hash_password(password)
        outcome = "ok"
    if outcome == "ok":
        record_event(session, "auth.login", entity_type="staff", entity_id=user.id, actor=user)
    else:
        record_event(
            session,
            "auth.login_failed",
            entity_type="staff",
            entity_id=user.id if user else None,
            # The typed address, shortened: enough to spot an attack, never a password.
            summary=f"{normalize_email(email)[:80]} ({outcome})",
            actor=user if outcome == "locked" else None,
        )
    return LoginAttempt(outcome, user)


@action("auth.logout")
def log_out(session: Session, user: StaffUser) -> None:
    """Log a staff member out everywhere: every session of the account ends, and say so."""
    end_sessions(user)
    session.add(user)
    record_event(session, "auth.logout", entity_type="staff", entity_id=user.id, actor=user)


def end_sessions(user: StaffUser) -> None:
    """End every session of the account: sessions that remember an older version are void."""
    user.session_version = (user.session_version or 0) + 1
