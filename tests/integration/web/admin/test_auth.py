"""Logging in, locking, throttling, CSRF, sessions and passwords."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from sqlmodel import select

from tests.conftest import (
    STAFF_PASSWORD,
    StaffClient,
    build_app,
    isolated_database_url,
    login_refused,
)
from tests.factories.staff import staff_account
from webapp.core.db import get_session
from webapp.staff.models import AuditEvent, StaffUser


def audit_actions(app, connection=None) -> list[str]:
    """Return the audit log's actions, oldest first."""
    with app.app_context():
        return list(get_session().exec(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_admin_pages_send_anonymous_visitors_to_login(client):
    response = client.get("/admin/providers")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/login?next=/admin/providers")


def test_login_page_is_not_cached_or_indexed(client):
    response = client.get("/admin/login")
    assert response.headers["Cache-Control"] == "no-store"
    assert "noindex" in response.headers["X-Robots-Tag"]


def test_login_and_logout_are_audited(app, staff, staff_client):
    client = staff_client(None)
    response = client.login(staff["editor"])
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    client.post("/admin/logout")
    assert client.get("/admin/").status_code == 302
    assert audit_actions(app)[-2:] == ["auth.login", "auth.logout"]


def test_login_goes_to_the_page_asked_for_but_never_off_site(staff, staff_client):
    client = staff_client(None)
    response = client.post(
        "/admin/login",
        {"email": staff["editor"], "password": STAFF_PASSWORD, "next": "/admin/providers"},
    )
    assert response.headers["Location"] == "/admin/providers"
    other = staff_client(None)
    response = other.post(
        "/admin/login",
        {"email": staff["editor"], "password": STAFF_PASSWORD, "next": "https://evil.example/"},
    )
    assert response.headers["Location"] == "/admin/"


def test_wrong_password_gives_one_message_for_every_reason(app, staff, staff_client):
    client = staff_client(None)
    wrong = client.login(staff["editor"], "not the password at all")
    unknown = client.login("nobody@kommun.example", "not the password at all")
    assert login_refused(wrong) and login_refused(unknown)
    message = [
        BeautifulSoup(r.get_data(as_text=True), "html5lib").select_one("[role=alert]").get_text()
        for r in (wrong, unknown)
    ]
    assert message[0] == message[1]
    page = BeautifulSoup(wrong.get_data(as_text=True), "html5lib")
    assert page.find(id="email")["value"] == staff["editor"]  # what was typed is kept
    assert audit_actions(app)[-2:] == ["auth.login_failed", "auth.login_failed"]


def test_account_locks_after_repeated_failures(app, staff, staff_client):
    client = staff_client(None)
    for _ in range(app.config["LOGIN_LOCK_AFTER"]):
        client.login(staff["caseworker"], "wrong password, again")
    # Now even the right password is refused until the lock runs out.
    assert login_refused(client.login(staff["caseworker"]))
    with app.app_context():
        user = get_session().exec(select(StaffUser).where(StaffUser.role == "caseworker")).one()
        assert user.locked_until is not None


def test_lock_expires(app, staff, staff_client, time_machine):
    client = staff_client(None)
    for _ in range(app.config["LOGIN_LOCK_AFTER"]):
        client.login(staff["caseworker"], "wrong password, again")
    time_machine.move_to(timedelta(minutes=app.config["LOGIN_LOCK_MINUTES"] + 1))
    assert client.login(staff["caseworker"]).status_code == 302


@pytest.fixture
def throttled_app(tmp_path_factory):
    """An app with low login limits and a database of its own."""
    app = build_app(
        isolated_database_url(tmp_path_factory, "throttle"),
        LOGIN_RATE_LIMIT_IP="4 per minute",
        LOGIN_RATE_LIMIT_ACCOUNT="3 per minute",
        LOGIN_LOCK_AFTER=100,
    )
    with app.app_context():
        staff_account(get_session(), email="a@kommun.example", role="admin")
        get_session().commit()
    yield app
    app.extensions["db_engine"].dispose()


def test_login_is_throttled_per_account_and_per_address(throttled_app):
    client = StaffClient(throttled_app.test_client())
    statuses = [
        client.login("a@kommun.example", "wrong password, again").status_code for _ in range(4)
    ]
    assert statuses == [200, 200, 200, 429]  # refused three times, then the account's limit
    # Another account from the same address: allowed once more, then the address's
    # limit of 4 counted attempts is reached (the refused one above did not count).
    assert login_refused(client.login("b@kommun.example", "wrong password, again"))
    assert client.login("b@kommun.example", "wrong password, again").status_code == 429


def test_posts_without_csrf_token_are_refused(staff, staff_client):
    client = staff_client("editor")
    response = client.client.post("/admin/logout")
    assert response.status_code == 400
    assert "Formuläret kunde inte skickas" in response.get_data(as_text=True)
    assert client.get("/admin/").status_code == 200  # still logged in


def test_login_without_csrf_token_is_refused(client, staff):
    response = client.post(
        "/admin/login", data={"email": staff["admin"], "password": STAFF_PASSWORD}
    )
    assert response.status_code == 400


def test_session_cookie_is_httponly_and_lax(staff, staff_client):
    client = staff_client(None)
    response = client.login(staff["admin"])
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_session_expires_after_inactivity(app, staff, staff_client, time_machine):
    client = staff_client("editor")
    assert client.get("/admin/").status_code == 200
    time_machine.move_to(app.config["PERMANENT_SESSION_LIFETIME"] + timedelta(minutes=1))
    assert client.get("/admin/").status_code == 302


def test_change_password(app, staff, staff_client):
    client = staff_client("editor")
    new_password = "ett helt nytt och långt lösenord"
    too_short = client.post(
        "/admin/password", {"current": STAFF_PASSWORD, "new": "kort", "confirm": "kort"}
    )
    assert "minst 12" in too_short.get_data(as_text=True)
    wrong_current = client.post(
        "/admin/password",
        {"current": "inte rätt lösenord", "new": new_password, "confirm": new_password},
    )
    assert "stämmer inte" in wrong_current.get_data(as_text=True)
    done = client.post(
        "/admin/password", {"current": STAFF_PASSWORD, "new": new_password, "confirm": new_password}
    )
    assert "Ditt lösenord är bytt" in done.get_data(as_text=True)
    fresh = staff_client(None)
    assert login_refused(fresh.login(staff["editor"]))
    assert fresh.login(staff["editor"], new_password).status_code == 302
    assert "auth.password_change" in audit_actions(app)


def test_admin_language_can_be_english(staff, staff_client):
    client = staff_client("editor")
    client.post("/admin/language", {"lang": "en", "next": "/admin/"})
    page = BeautifulSoup(client.get("/admin/").get_data(as_text=True), "html5lib")
    assert page.html["lang"] == "en"


def test_audit_rows_cannot_be_changed_or_deleted(app, staff, rollback):
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    with app.app_context():  # one row at least, for the refusal to have something to refuse
        get_session().add(AuditEvent(action="auth.login", entity_type="staff"))
        get_session().commit()
    assert rollback.execute(text("SELECT count(*) FROM audit_event")).scalar() > 0
    with pytest.raises(DBAPIError), rollback.begin_nested():
        rollback.execute(text("DELETE FROM audit_event"))
    with pytest.raises(DBAPIError), rollback.begin_nested():
        rollback.execute(text("UPDATE audit_event SET action = 'x'"))
