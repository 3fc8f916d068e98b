"""The rules of staff accounts: passwords, e-mail addresses, locking, keeping an admin."""

from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher

from webapp.staff.accounts import (
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    admin_change_problems,
    after_failed_login,
    hash_password,
    is_locked,
    needs_rehash,
    normalize_email,
    password_matches,
    password_problem,
)

NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("length", "message"),
    [
        (0, "minst 12 tecken"),
        (MIN_PASSWORD_LENGTH - 1, "minst 12 tecken"),
        (MIN_PASSWORD_LENGTH, None),
        (MAX_PASSWORD_LENGTH, None),
        (MAX_PASSWORD_LENGTH + 1, "högst 256 tecken"),
    ],
)
def test_password_length_rule(length, message):
    problem = password_problem(("k7Rq!wZ2&pM9" * 30)[:length])
    if message is None:
        assert problem is None
    else:
        assert message in problem


@pytest.mark.parametrize(
    "password",
    [
        "aaaaaaaaaaaa",
        "password1234",
        "123456789012",
        "qwertyuiop12",
        "Lösenord123!",
        "abcdefghijklmnop",
    ],
)
def test_easily_guessed_passwords_are_refused(password):
    assert "för lätt att gissa" in password_problem(password)


@pytest.mark.parametrize(
    "password",
    ["korrekt häst batteri häftklammer", "sju blå elefanter dansar tango i Kiruna"],
)
def test_long_unrelated_words_are_accepted(password):
    assert password_problem(password) is None


def test_a_password_holding_personal_words_is_refused():
    personal = ["anna.svensson@kommun.example", "anna.svensson", "svensson", "Exempelkommun"]
    for password in ("Svensson badar i havet 77", "exempelkommun har ett långt namn"):
        problem = password_problem(password, personal=personal)
        assert "får inte innehålla din e-postadress" in problem


def test_a_hash_matches_only_its_password():
    hashed = hash_password("korrekt häst batteri")
    assert hashed.startswith("$argon2id$")
    assert "korrekt" not in hashed
    assert password_matches(hashed, "korrekt häst batteri")
    assert not password_matches(hashed, "korrekt häst batterI")


def test_a_malformed_hash_matches_nothing():
    assert not password_matches("not a hash", "not a hash")


def test_hashes_made_with_other_settings_than_todays_need_rehashing():
    assert not needs_rehash(hash_password("ett långt lösenord"))
    assert needs_rehash(PasswordHasher(time_cost=2, memory_cost=16, parallelism=1).hash("x"))


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Anna.Berg@Kommun.Example", "anna.berg@kommun.example"),
        ("  anna@kommun.example\t", "anna@kommun.example"),
        ("STRASSE@KOMMUN.EXAMPLE", "strasse@kommun.example"),
    ],
)
def test_email_is_stored_trimmed_and_case_folded(typed, stored):
    assert normalize_email(typed) == stored


@pytest.mark.parametrize(
    ("locked_until", "locked"),
    [
        (None, False),
        (NOW - timedelta(seconds=1), False),
        (NOW, False),
        (NOW + timedelta(seconds=1), True),
        # SQLite hands back UTC times without their zone.
        ((NOW + timedelta(minutes=5)).replace(tzinfo=None), True),
        ((NOW - timedelta(minutes=5)).replace(tzinfo=None), False),
    ],
)
def test_lock_holds_until_its_time(locked_until, locked):
    assert is_locked(locked_until, NOW) is locked


def test_failures_below_the_limit_are_counted_without_a_lock():
    count = after_failed_login(2, NOW, lock_after=5, lock_minutes=15)
    assert (count.failed_logins, count.locked_until) == (3, None)


def test_the_failure_that_reaches_the_limit_locks_and_starts_again():
    count = after_failed_login(4, NOW, lock_after=5, lock_minutes=15)
    assert count.failed_logins == 0
    assert count.locked_until == NOW + timedelta(minutes=15)
    assert is_locked(count.locked_until, NOW + timedelta(minutes=14, seconds=59))
    assert not is_locked(count.locked_until, NOW + timedelta(minutes=15))


@pytest.mark.parametrize("lock_after", [1, 3, 5])
def test_exactly_lock_after_failures_in_a_row_lock(lock_after):
    failed, locked_until, attempts = 0, None, 0
    while locked_until is None:
        count = after_failed_login(failed, NOW, lock_after=lock_after, lock_minutes=1)
        failed, locked_until, attempts = count.failed_logins, count.locked_until, attempts + 1
    assert attempts == lock_after


def change(**overrides) -> dict:
    """Return an admin's change of another active admin that keeps everything."""
    arguments = {
        "own_account": False,
        "was_active_admin": True,
        "role": "admin",
        "is_active": True,
        "other_active_admins": 1,
    }
    return admin_change_problems(**{**arguments, **overrides})


def test_a_change_that_keeps_an_admin_is_allowed():
    assert change() == {}
    assert change(role="editor") == {}  # another admin remains
    assert change(own_account=True) == {}


def test_nobody_removes_their_own_admin_role_or_account():
    assert change(own_account=True, role="editor") == {
        "role": ["Du kan inte ta bort administratörsrollen från ditt eget konto."]
    }
    assert change(own_account=True, is_active=False) == {
        "is_active": ["Du kan inte inaktivera ditt eget konto."]
    }


def test_the_last_active_admin_stays():
    last = "Det måste finnas minst en aktiv administratör."
    assert change(other_active_admins=0, role="editor") == {"role": [last]}
    assert change(other_active_admins=0, is_active=False) == {"is_active": [last]}
    both = change(own_account=True, other_active_admins=0, role="editor", is_active=False)
    assert both["role"][-1] == last
    assert both["is_active"] == ["Du kan inte inaktivera ditt eget konto."]


def test_changing_an_account_that_is_no_active_admin_needs_no_other_admin():
    assert change(was_active_admin=False, other_active_admins=0, role="editor") == {}
