"""Scenarios for the staff actions: accounts, logins, passwords."""

from tests.factories.staff import STAFF_PASSWORD, staff_account
from webapp.staff import actions

NEW_PASSWORD = "ett annat långt lösenord"
LOCKING = {"lock_after": 5, "lock_minutes": 15}


def create_account(session):
    """An admin creates an editor's account."""
    admin = staff_account(session, role="admin")
    actions.create_account(
        session,
        email="ny.redaktor@scenario.example",
        name="Ny Redaktör",
        password=NEW_PASSWORD,
        role="editor",
        actor=admin,
    )


def update_account(session):
    """An admin makes an editor a caseworker."""
    admin, editor = staff_account(session, role="admin"), staff_account(session, role="editor")
    actions.update_account(
        session, editor, actor=admin, name=editor.name, role="caseworker", is_active=True
    )


def change_password(session):
    """A caseworker changes their own password."""
    user = staff_account(session, role="caseworker")
    actions.change_password(session, user, current=STAFF_PASSWORD, new=NEW_PASSWORD)


def log_in(session):
    """An editor logs in with the right password."""
    user = staff_account(session, role="editor")
    actions.log_in(session, email=user.email, password=STAFF_PASSWORD, **LOCKING)


def log_in_with_a_wrong_password(session):
    """An editor types a wrong password."""
    user = staff_account(session, role="editor")
    actions.log_in(session, email=user.email, password=NEW_PASSWORD, **LOCKING)


def log_out(session):
    """An editor logs out."""
    actions.log_out(session, staff_account(session, role="editor"))


NAME = "webapp.staff.actions."
SCENARIOS = {
    (NAME + "create_account", "staff.create"): create_account,
    (NAME + "update_account", "staff.update"): update_account,
    (NAME + "change_password", "auth.password_change"): change_password,
    (NAME + "log_in", "auth.login"): log_in,
    (NAME + "log_in", "auth.login_failed"): log_in_with_a_wrong_password,
    (NAME + "log_out", "auth.logout"): log_out,
}
