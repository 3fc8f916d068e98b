"""The staff actions on a real database: what each changes, refuses and logs."""

from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from sqlmodel import select

from tests.factories.staff import STAFF_PASSWORD, staff_account
from webapp.core.clock import utc_now
from webapp.staff.accounts import is_locked, password_matches
from webapp.staff.actions import (
    AccountRefused,
    change_password,
    create_account,
    log_in,
    log_out,
    update_account,
)
from webapp.staff.models import StaffUser
from webapp.staff.queries import find_user_by_email

NEW_PASSWORD = "ett helt nytt och långt lösenord"
LOCKING = {"lock_after": 3, "lock_minutes": 15}


def new_account(session, **changes) -> StaffUser:
    """Create an editor's account through the action, with some arguments changed."""
    arguments = {
        "email": "Ny.Kollega@Kommun.Example",
        "name": "  Ny Kollega ",
        "password": NEW_PASSWORD,
        "role": "editor",
        "actor": None,
    }
    return create_account(session, **{**arguments, **changes})


def test_create_account_stores_a_normalised_address_and_a_hash(session, events):
    admin = staff_account(session, role="admin")
    user = new_account(session, actor=admin)
    stored = find_user_by_email(session, "ny.kollega@kommun.example")
    assert stored.id == user.id
    assert (stored.email, stored.name, stored.role, stored.is_active) == (
        "ny.kollega@kommun.example",
        "Ny Kollega",
        "editor",
        True,
    )
    assert password_matches(stored.password_hash, NEW_PASSWORD)
    [event] = events("staff.create")
    assert (event.entity_type, event.entity_id, event.actor_email) == (
        "staff",
        user.id,
        admin.email,
    )
    assert event.summary == "ny.kollega@kommun.example"
    assert event.after["role"] == "editor"
    assert "password_hash" not in event.after


def test_the_command_names_itself_in_the_log(session, events):
    new_account(session, summary="flask create-admin", role="admin")
    [event] = events("staff.create")
    assert (event.summary, event.actor_id, event.actor_email) == ("flask create-admin", None, "")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"email": ""}, "email", "Skriv en e-postadress."),
        ({"email": "inte en adress"}, "email", "Skriv en giltig e-postadress"),
        ({"password": "kort"}, "password", "minst 12 tecken"),
        ({"email": "EDITOR@kommun.example"}, "email", "Det finns redan ett konto"),
    ],
)
def test_create_account_refusals_change_nothing(session, events, staff, changes, field, message):
    accounts = len(session.exec(select(StaffUser)).all())
    with pytest.raises(AccountRefused) as refused:
        new_account(session, **changes)
    assert message in " ".join(refused.value.problems[field])
    assert len(session.exec(select(StaffUser)).all()) == accounts
    assert events("staff.create") == []


def test_update_account_logs_before_and_after_without_the_password(session, events):
    admin, editor = staff_account(session, role="admin"), staff_account(session, role="editor")
    changed = update_account(
        session,
        editor,
        actor=admin,
        name="Omdöpt",
        role="caseworker",
        is_active=False,
        password=NEW_PASSWORD,
    )
    assert changed is True
    session.refresh(editor)
    assert (editor.name, editor.role, editor.is_active) == ("Omdöpt", "caseworker", False)
    assert password_matches(editor.password_hash, NEW_PASSWORD)
    [event] = events("staff.update")
    assert event.actor_id == admin.id
    assert (event.before["role"], event.after["role"]) == ("editor", "caseworker")
    assert (event.before["is_active"], event.after["is_active"]) == (True, False)
    assert event.after["password"] == "changed"
    assert NEW_PASSWORD not in str(event.after)
    assert "$argon2" not in str([event.before, event.after])


def test_update_without_changes_logs_nothing(session, events):
    admin, editor = staff_account(session, role="admin"), staff_account(session, role="editor")
    assert not update_account(
        session, editor, actor=admin, name=editor.name, role="editor", is_active=True
    )
    assert events("staff.update") == []


def test_unlocking_clears_the_lock_and_the_count(session, events):
    admin = staff_account(session, role="admin")
    locked = staff_account(session, failed_logins=2, locked_until=utc_now() + timedelta(minutes=10))
    update_account(
        session,
        locked,
        actor=admin,
        name=locked.name,
        role=locked.role,
        is_active=True,
        unlock=True,
    )
    session.refresh(locked)
    assert (locked.failed_logins, locked.locked_until) == (0, None)
    [event] = events("staff.update")
    assert event.before["locked_until"] is not None
    assert event.after["locked_until"] is None


@pytest.mark.parametrize(
    ("target", "changes", "field"),
    [
        ("self", {"role": "editor"}, "role"),
        ("self", {"is_active": False}, "is_active"),
        ("other", {"password": "kort"}, "password"),
    ],
)
def test_update_refusals_change_nothing(session, events, target, changes, field):
    admin = staff_account(session, role="admin")
    other = staff_account(session, role="admin")
    user = admin if target == "self" else other
    name = user.name
    arguments = {"name": "Nytt namn", "role": "admin", "is_active": True, **changes}
    with pytest.raises(AccountRefused) as refused:
        update_account(session, user, actor=admin, **arguments)
    assert list(refused.value.problems) == [field]
    session.refresh(user)
    assert (user.name, user.role, user.is_active) == (name, "admin", True)
    assert events("staff.update") == []


def test_the_last_active_admin_cannot_be_demoted_by_another_account(session):
    # Only in a database with no other admin: the shared one may hold some, so deactivate them.
    for other in session.exec(select(StaffUser).where(StaffUser.role == "admin")):
        other.is_active = False
        session.add(other)
    last = staff_account(session, role="admin")
    editor = staff_account(session, role="editor")
    with pytest.raises(AccountRefused) as refused:
        update_account(session, last, actor=editor, name=last.name, role="editor", is_active=True)
    assert refused.value.problems == {"role": ["Det måste finnas minst en aktiv administratör."]}


def test_change_password(session, events):
    user = staff_account(session, role="caseworker")
    change_password(session, user, current=STAFF_PASSWORD, new=NEW_PASSWORD)
    session.refresh(user)
    assert password_matches(user.password_hash, NEW_PASSWORD)
    assert not password_matches(user.password_hash, STAFF_PASSWORD)
    [event] = events("auth.password_change")
    assert (event.entity_id, event.actor_id) == (user.id, user.id)


@pytest.mark.parametrize(
    ("current", "new", "field"),
    [("inte rätt lösenord", NEW_PASSWORD, "current"), (STAFF_PASSWORD, "kort", "new")],
)
def test_change_password_refusals_keep_the_old_one(session, events, current, new, field):
    user = staff_account(session, role="caseworker")
    with pytest.raises(AccountRefused) as refused:
        change_password(session, user, current=current, new=new)
    assert list(refused.value.problems) == [field]
    session.refresh(user)
    assert password_matches(user.password_hash, STAFF_PASSWORD)
    assert events("auth.password_change") == []


def test_log_in_succeeds_and_clears_earlier_failures(session, events):
    user = staff_account(session, failed_logins=2)
    attempt = log_in(session, email=user.email.upper(), password=STAFF_PASSWORD, **LOCKING)
    assert attempt.succeeded and attempt.user.id == user.id
    session.refresh(user)
    assert user.failed_logins == 0 and user.last_login_at is not None
    [event] = events("auth.login")
    assert (event.entity_id, event.actor_id) == (user.id, user.id)


def test_wrong_passwords_are_counted_and_lock_the_account(session, events):
    user = staff_account(session)
    outcomes = [
        log_in(session, email=user.email, password="fel lösenord igen", **LOCKING).outcome
        for _ in range(LOCKING["lock_after"])
    ]
    assert outcomes == ["wrong_password"] * LOCKING["lock_after"]
    session.refresh(user)
    assert is_locked(user.locked_until, utc_now())
    assert user.failed_logins == 0
    attempt = log_in(session, email=user.email, password=STAFF_PASSWORD, **LOCKING)
    assert (attempt.outcome, attempt.succeeded) == ("locked", False)
    failed = events("auth.login_failed")
    assert [event.summary for event in failed][-2:] == [
        f"{user.email} (wrong_password)",
        f"{user.email} (locked)",
    ]
    assert failed[-1].actor_id == user.id  # a locked account is known
    assert failed[0].actor_id is None  # a wrong password proves nothing about who typed it


def test_unknown_addresses_and_inactive_accounts_are_refused(session, events):
    inactive = staff_account(session, is_active=False)
    unknown = log_in(session, email="ingen@kommun.example", password=STAFF_PASSWORD, **LOCKING)
    refused = log_in(session, email=inactive.email, password=STAFF_PASSWORD, **LOCKING)
    assert (unknown.outcome, unknown.user) == ("unknown", None)
    assert refused.outcome == "inactive" and not refused.succeeded
    summaries = [event.summary for event in events("auth.login_failed")]
    assert summaries == ["ingen@kommun.example (unknown)", f"{inactive.email} (inactive)"]
    assert events("auth.login") == []


def test_log_in_rehashes_a_password_hashed_with_other_settings(session):
    old_hash = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1).hash(STAFF_PASSWORD)
    user = staff_account(session)
    user.password_hash = old_hash
    session.flush()
    assert log_in(session, email=user.email, password=STAFF_PASSWORD, **LOCKING).succeeded
    session.refresh(user)
    assert user.password_hash != old_hash
    assert password_matches(user.password_hash, STAFF_PASSWORD)


def test_log_out_is_logged(session, events):
    user = staff_account(session)
    log_out(session, user)
    [event] = events("auth.logout")
    assert (event.entity_id, event.actor_id, event.actor_email) == (user.id, user.id, user.email)
