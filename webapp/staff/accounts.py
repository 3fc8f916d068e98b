"""The rules of staff accounts: passwords, e-mail addresses, locking, keeping an admin.

Pure functions: they read what they are given and change nothing stored. The
actions in ``webapp.staff.actions`` apply them.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

from webapp.core.activelocale import gettext as _

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256
# zxcvbn's scores run from 0 (too guessable) to 4; 3 resists an offline attack on a hash.
MIN_PASSWORD_SCORE = 3
ZXCVBN_MAX_LENGTH = 72
# Words Swedish passwords are often built on, which zxcvbn's English lists lack.
SWEDISH_WORDS = (
    "lösenord", "losenord", "hemligt", "välkommen", "valkommen", "sommar", "vinter",
    "hösten", "hosten", "våren", "varen", "januari", "augusti", "december", "sverige",
    "svenska", "stockholm", "göteborg", "goteborg", "malmö", "malmo", "uppsala", "kommun",
    "kundval", "anordnare", "arbete", "jobbet", "hejsan", "hejhej", "kärlek", "karlek",
    "fotboll", "hammarby", "djurgården", "aik", "qwertyuiop", "asdfghjkl",
)  # fmt: skip
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


def password_matches(password_hash: str, password: str) -> bool:
    """Tell whether password is the one hashed; a malformed hash matches nothing."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def spend_time_as_if_checking(password: str) -> None:
    """Take as long as checking a password does, for an address that has no account."""
    password_matches(_DUMMY_HASH, password)


def needs_rehash(password_hash: str) -> bool:
    """Tell whether a hash was made with other settings than today's."""
    return _hasher.check_needs_rehash(password_hash)


def password_problem(password: str, *, personal: Sequence[str] = ()) -> str | None:
    """Return why a new password is not acceptable, or None (OWASP ASVS level 2).

    Besides the length, the password must not hold any of the personal words
    (the e-mail address, its name part, the municipality's name), and zxcvbn must
    judge it safe against guessing (score 3 or more). zxcvbn knows English words,
    names and patterns; the common Swedish ones are added here.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("Lösenordet måste ha minst %(num)s tecken.", num=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        return _("Lösenordet får ha högst %(num)s tecken.", num=MAX_PASSWORD_LENGTH)
    folded = password.casefold()
    words = [word.casefold() for word in personal if len(word) >= 4]
    if any(word in folded for word in words):
        return _("Lösenordet får inte innehålla din e-postadress, ditt namn eller kommunens namn.")
    # zxcvbn reads at most 72 characters; a longer password is at least as strong.
    score = zxcvbn(password[:ZXCVBN_MAX_LENGTH], user_inputs=[*words, *SWEDISH_WORDS])["score"]
    if score < MIN_PASSWORD_SCORE:
        return _(
            "Lösenordet är för lätt att gissa. Välj till exempel fyra eller fler ord som inte "
            "hör ihop, med mellanslag emellan."
        )
    return None


def normalize_email(email: str) -> str:
    """Return the e-mail address as accounts store it."""
    return email.strip().casefold()


def _as_utc(moment: datetime | None, now: datetime) -> datetime | None:
    if moment is not None and moment.tzinfo is None:
        # SQLite returns naive datetimes; they were stored in UTC.
        return moment.replace(tzinfo=now.tzinfo)
    return moment


def is_locked(locked_until: datetime | None, now: datetime) -> bool:
    """Tell whether an account locked until then is still locked now."""
    locked_until = _as_utc(locked_until, now)
    return locked_until is not None and locked_until > now


@dataclass(frozen=True)
class FailureCount:
    """An account's failed logins in a row, and until when it is locked."""

    failed_logins: int
    locked_until: datetime | None


def after_failed_login(
    failed_logins: int, now: datetime, *, lock_after: int, lock_minutes: int
) -> FailureCount:
    """Count one more failed login; the lock_after-th in a row locks for lock_minutes.

    Locking starts the count again, so the next lock needs as many new failures.
    """
    failed_logins += 1
    if failed_logins >= lock_after:
        return FailureCount(0, now + timedelta(minutes=lock_minutes))
    return FailureCount(failed_logins, None)


def admin_change_problems(
    *,
    own_account: bool,
    was_active_admin: bool,
    role: str,
    is_active: bool,
    other_active_admins: int,
) -> dict[str, list[str]]:
    """Return why a change of role or status is refused, by field ("role", "is_active").

    Nobody removes their own admin role or deactivates their own account, and the
    last active admin stays one.
    """
    demoted, deactivated = role != "admin", not is_active
    problems: dict[str, list[str]] = {}
    if own_account and demoted:
        problems.setdefault("role", []).append(
            _("Du kan inte ta bort administratörsrollen från ditt eget konto.")
        )
    if own_account and deactivated:
        problems.setdefault("is_active", []).append(_("Du kan inte inaktivera ditt eget konto."))
    if was_active_admin and (demoted or deactivated) and other_active_admins == 0:
        problems.setdefault("role" if demoted else "is_active", []).append(
            _("Det måste finnas minst en aktiv administratör.")
        )
    return problems
