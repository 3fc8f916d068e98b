"""A copied staff cookie dies with logout, a new password, a new role or deactivation.

Each test logs in, copies the session cookie into a second browser (as a thief
would), does what should end the account's sessions in the first, and replays
the copy: it must land on the login page.
"""

from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import StaffClient
from tests.factories.staff import STAFF_PASSWORD, staff_account
from webapp.core.db import get_session

NEW_PASSWORD = "sju blå elefanter dansar tango i Kiruna"


def copy_of(app, staff: StaffClient) -> StaffClient:
    """Return a second browser holding a copy of staff's session cookie."""
    cookie = staff.client.get_cookie("session", domain="127.0.0.1")
    assert cookie is not None, "no session cookie to copy"
    thief = app.test_client()
    thief.set_cookie("session", cookie.value, domain="127.0.0.1")
    return StaffClient(thief)


def sent_to_login(response) -> bool:
    """Tell whether an admin page answered by sending the visitor to the login page."""
    return response.status_code == 302 and "/admin/login" in response.headers["Location"]


@pytest.fixture
def account(app, rollback):
    """An editor's account of its own, so ending its sessions touches no other test."""
    with app.app_context():
        session = get_session()
        user = staff_account(session, role="editor")
        session.commit()
        return user.email


@pytest.fixture
def logged_in(app, account, staff_client) -> tuple[StaffClient, StaffClient]:
    """The editor logged in, and a thief with a copy of the cookie that works for now."""
    staff_client(None)  # resets the rate limits
    editor = StaffClient(app.test_client())
    assert editor.login(account).status_code == 302
    thief = copy_of(app, editor)
    assert thief.get("/admin/").status_code == 200, "the copy should work before the change"
    return editor, thief


def test_a_copied_cookie_is_dead_after_logout(logged_in):
    editor, thief = logged_in

    editor.post("/admin/logout")

    assert sent_to_login(thief.get("/admin/"))
    assert sent_to_login(editor.get("/admin/"))


def test_a_copied_cookie_is_dead_after_a_password_change_but_the_changer_goes_on(logged_in):
    editor, thief = logged_in

    response = editor.post(
        "/admin/password",
        {"current": STAFF_PASSWORD, "new": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert sent_to_login(thief.get("/admin/"))
    assert editor.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    "change",
    [
        {"role": "caseworker", "is_active": "y"},
        {"role": "editor"},  # the box unticked: deactivated
        {"role": "editor", "is_active": "y", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    ],
    ids=["new role", "deactivated", "new password"],
)
def test_an_admins_change_ends_the_accounts_sessions(app, logged_in, staff_client, change):
    editor, thief = logged_in
    admin = staff_client("admin")
    with app.app_context():
        from webapp.staff.queries import find_user_by_email

        user = find_user_by_email(get_session(), editor_email(editor))

    response = admin.post(f"/admin/staff/{user.id}/edit", {"name": user.name, **change})

    assert response.status_code == 302
    assert sent_to_login(thief.get("/admin/"))
    assert sent_to_login(editor.get("/admin/"))


def test_renaming_an_account_keeps_its_sessions(app, logged_in, staff_client):
    editor, thief = logged_in
    admin = staff_client("admin")
    with app.app_context():
        from webapp.staff.queries import find_user_by_email

        user = find_user_by_email(get_session(), editor_email(editor))

    admin.post(
        f"/admin/staff/{user.id}/edit", {"name": "Nytt Namn", "role": "editor", "is_active": "y"}
    )

    assert editor.get("/admin/").status_code == 200
    assert thief.get("/admin/").status_code == 200


def test_an_active_session_still_ends_at_its_absolute_lifetime(
    app, logged_in, monkeypatch, time_machine
):
    editor, thief = logged_in
    monkeypatch.setitem(app.config, "ADMIN_SESSION_MAX_AGE", timedelta(hours=1))
    time_machine.move_to(datetime.now(UTC), tick=False)
    for _ in range(2):  # active every 25 minutes: the idle timeout (30) never strikes
        time_machine.shift(timedelta(minutes=25))
        assert editor.get("/admin/").status_code == 200

    time_machine.shift(timedelta(minutes=11))  # an hour after the login

    assert sent_to_login(editor.get("/admin/"))
    assert sent_to_login(thief.get("/admin/"))


def test_an_admins_own_new_password_keeps_the_admin_logged_in(app, staff, staff_client):
    admin = staff_client("admin")
    thief = copy_of(app, admin)
    with app.app_context():
        from webapp.staff.queries import find_user_by_email

        user = find_user_by_email(get_session(), staff["admin"])

    response = admin.post(
        f"/admin/staff/{user.id}/edit",
        {
            "name": user.name,
            "role": "admin",
            "is_active": "y",
            "password": NEW_PASSWORD,
            "confirm": NEW_PASSWORD,
        },
    )

    assert response.status_code == 302
    assert admin.get("/admin/").status_code == 200
    assert sent_to_login(thief.get("/admin/"))


def editor_email(editor: StaffClient) -> str:
    """Return the e-mail of the account a client is logged in as, from its page."""
    with editor.client.session_transaction() as browser_session:
        user_id = browser_session["_user_id"]
    from webapp.staff.models import StaffUser

    return get_session().get(StaffUser, int(user_id)).email
