"""Staff accounts: the list, creating and changing accounts, and who may do it."""

import json

import pytest
from sqlmodel import select

from tests import htmlcheck
from tests.conftest import STAFF_PASSWORD, login_refused, parse_page
from webapp.core.db import get_session
from webapp.core.extensions import limiter
from webapp.staff.models import AuditEvent, StaffUser
from webapp.staff.queries import count_active_admins, find_user_by_email

NEW_PASSWORD = "ett långt och hemligt lösenord"


@pytest.fixture(autouse=True)
def fresh_login_limits(app):
    """Start each test with no login attempts counted: these tests log in often."""
    limiter.reset()


def account(app, email: str) -> StaffUser | None:
    """Return the account with this e-mail address, as the database holds it now."""
    with app.app_context():
        return find_user_by_email(get_session(), email)


def staff_events(app) -> list[AuditEvent]:
    """Return the audit log's staff.* events, oldest first."""
    with app.app_context():
        statement = (
            select(AuditEvent).where(AuditEvent.action.startswith("staff.")).order_by(AuditEvent.id)
        )
        return list(get_session().exec(statement))


def error_text(page, field_id: str) -> str:
    """Return the error message shown next to a field, or an empty string."""
    message = page.find(id=f"{field_id}-error")
    return message.get_text(" ", strip=True) if message else ""


def summary_text(page) -> str:
    """Return the text of the form's error summary, or an empty string."""
    summary = page.select_one(".error-summary")
    return summary.get_text(" ", strip=True) if summary else ""


def new_account(**changes) -> dict:
    """Return a valid new-account form, with some fields changed."""
    return {
        "email": "Ny.Kollega@Kommun.Example",
        "name": "Ny Kollega",
        "role": "editor",
        "password": NEW_PASSWORD,
        "confirm": NEW_PASSWORD,
        **changes,
    }


def edit_form(user: StaffUser, **changes) -> dict:
    """Return the edit form as the page fills it in for user, with some fields changed."""
    data = {"name": user.name, "role": user.role, "password": "", "confirm": ""}
    if user.is_active:
        data["is_active"] = "y"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_list_shows_every_account(app, staff, staff_client):
    page = parse_page(staff_client("admin").get("/admin/staff"))
    table = page.select_one("main table")
    rows = {row.th.get_text(strip=True): row for row in table.tbody.find_all("tr")}
    assert set(staff.values()) <= set(rows)
    editor_cells = [cell.get_text(" ", strip=True) for cell in rows[staff["editor"]].find_all("td")]
    assert editor_cells[1] == "Redaktör"
    assert editor_cells[2] == "Aktivt"
    editor = account(app, staff["editor"])
    assert rows[staff["editor"]].find("a")["href"] == f"/admin/staff/{editor.id}/edit"
    assert page.find("a", string="Nytt konto")["href"] == "/admin/staff/new"
    assert [th["scope"] for th in table.thead.find_all("th")] == ["col"] * 7


def test_create_account(app, staff, staff_client):
    client = staff_client("admin")
    response = client.post("/admin/staff/new", new_account())
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/staff"
    created = account(app, "ny.kollega@kommun.example")
    assert created.email == "ny.kollega@kommun.example"  # stored in lower case
    assert (created.name, created.role, created.is_active) == ("Ny Kollega", "editor", True)
    listing = parse_page(client.get("/admin/staff"))
    assert "ny.kollega@kommun.example" in listing.select_one("[role=status]").get_text()

    event = staff_events(app)[-1]
    assert event.action == "staff.create"
    assert event.entity_id == created.id
    assert event.actor_email == staff["admin"]
    assert event.after["email"] == "ny.kollega@kommun.example"
    assert event.after["role"] == "editor"
    assert "password_hash" not in event.after
    assert created.password_hash not in json.dumps(event.after)

    assert staff_client(None).login("ny.kollega@kommun.example", NEW_PASSWORD).status_code == 302


@pytest.mark.parametrize(
    ("changes", "field_id", "message"),
    [
        ({"email": "inte-en-adress"}, "email", "Skriv en giltig e-postadress"),
        ({"email": ""}, "email", "Skriv en e-postadress."),
        ({"email": "EDITOR@Kommun.Example"}, "email", "Det finns redan ett konto med den"),
        ({"name": ""}, "name", "Skriv personens namn."),
        ({"password": "kort", "confirm": "kort"}, "password", "minst 12 tecken"),
        ({"password": "", "confirm": ""}, "password", "Skriv ett lösenord."),
        ({"confirm": "ett annat långt lösenord"}, "confirm", "Lösenorden är inte lika."),
    ],
)
def test_new_account_errors(app, staff, staff_client, changes, field_id, message):
    events_before = len(staff_events(app))
    response = staff_client("admin").post("/admin/staff/new", new_account(**changes))
    assert response.status_code == 200
    page = parse_page(response)
    assert message in error_text(page, field_id)
    assert message in summary_text(page)
    assert page.find(id=field_id)["aria-invalid"] == "true"
    assert page.find(id="name")["value"] == new_account(**changes)["name"]  # typed text kept
    assert account(app, "ny.kollega@kommun.example") is None
    assert len(staff_events(app)) == events_before


def test_edit_account_records_before_and_after_without_hashes(app, staff, staff_client):
    editor = account(app, staff["editor"])
    client = staff_client("admin")
    page = parse_page(client.get(f"/admin/staff/{editor.id}/edit"))
    assert page.find(id="name")["value"] == editor.name
    assert page.find(id="role").find("option", selected=True)["value"] == "editor"
    assert page.find(id="is_active").has_attr("checked")

    response = client.post(
        f"/admin/staff/{editor.id}/edit",
        edit_form(
            editor,
            name="Omdöpt Redaktör",
            role="caseworker",
            password=NEW_PASSWORD,
            confirm=NEW_PASSWORD,
        ),
    )
    assert response.status_code == 302
    changed = account(app, staff["editor"])
    assert (changed.name, changed.role) == ("Omdöpt Redaktör", "caseworker")

    event = staff_events(app)[-1]
    assert (event.action, event.entity_id) == ("staff.update", editor.id)
    assert event.before["role"] == "editor"
    assert event.after["role"] == "caseworker"
    assert event.after["name"] == "Omdöpt Redaktör"
    assert event.after["password"] == "changed"
    assert "password" not in event.before
    logged = json.dumps([event.before, event.after])
    assert "password_hash" not in logged
    assert "$argon2" not in logged

    fresh = staff_client(None)
    assert login_refused(fresh.login(staff["editor"]))  # the old password is gone
    assert fresh.login(staff["editor"], NEW_PASSWORD).status_code == 302


def test_saving_without_changes_records_nothing(app, staff, staff_client):
    editor = account(app, staff["editor"])
    events_before = len(staff_events(app))
    client = staff_client("admin")
    response = client.post(f"/admin/staff/{editor.id}/edit", edit_form(editor))
    assert response.status_code == 302
    assert len(staff_events(app)) == events_before
    listing = parse_page(client.get("/admin/staff"))
    assert "Inget ändrades" in listing.select_one("[role=status]").get_text()


@pytest.mark.parametrize(
    ("changes", "field_id", "message"),
    [
        ({"password": "kort", "confirm": "kort"}, "password", "minst 12 tecken"),
        (
            {"password": NEW_PASSWORD, "confirm": "något annat"},
            "confirm",
            "Lösenorden är inte lika.",
        ),
        ({"name": ""}, "name", "Skriv personens namn."),
    ],
)
def test_edit_account_errors(app, staff, staff_client, changes, field_id, message):
    editor = account(app, staff["editor"])
    events_before = len(staff_events(app))
    response = staff_client("admin").post(
        f"/admin/staff/{editor.id}/edit", edit_form(editor, role="caseworker", **changes)
    )
    assert response.status_code == 200
    page = parse_page(response)
    assert message in error_text(page, field_id)
    assert message in summary_text(page)
    assert page.find(id="role").find("option", selected=True)["value"] == "caseworker"  # kept
    assert account(app, staff["editor"]).role == "editor"
    assert len(staff_events(app)) == events_before


def test_unlock_account(app, staff, staff_client):
    for _ in range(app.config["LOGIN_LOCK_AFTER"]):
        staff_client(None).login(staff["caseworker"], "fel lösenord igen")
    caseworker = account(app, staff["caseworker"])
    assert caseworker.locked_until is not None
    client = staff_client("admin")
    page = parse_page(client.get(f"/admin/staff/{caseworker.id}/edit"))
    assert "låst till" in page.find(id="unlock-hint").get_text()

    client.post(f"/admin/staff/{caseworker.id}/edit", edit_form(caseworker, unlock="y"))
    unlocked = account(app, staff["caseworker"])
    assert unlocked.locked_until is None
    assert unlocked.failed_logins == 0
    event = staff_events(app)[-1]
    assert event.before["locked_until"] is not None
    assert event.after["locked_until"] is None
    assert staff_client(None).login(staff["caseworker"]).status_code == 302


def test_unlock_is_offered_only_for_locked_accounts(app, staff, staff_client):
    editor = account(app, staff["editor"])
    page = parse_page(staff_client("admin").get(f"/admin/staff/{editor.id}/edit"))
    assert page.find(id="unlock") is None


def add_second_admin(staff_client):
    """Create another active admin through the form."""
    response = staff_client("admin").post(
        "/admin/staff/new", new_account(email="andra.admin@kommun.example", role="admin")
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("changes", "field_id", "message"),
    [
        (
            {"role": "editor"},
            "role",
            "Du kan inte ta bort administratörsrollen från ditt eget konto.",
        ),
        ({"is_active": None}, "is_active", "Du kan inte inaktivera ditt eget konto."),
    ],
)
def test_admin_cannot_demote_or_deactivate_themselves(
    app, staff, staff_client, changes, field_id, message
):
    add_second_admin(staff_client)
    me = account(app, staff["admin"])
    events_before = len(staff_events(app))
    response = staff_client("admin").post(f"/admin/staff/{me.id}/edit", edit_form(me, **changes))
    assert response.status_code == 200
    page = parse_page(response)
    assert error_text(page, field_id) == f"Fel: {message}"
    assert "minst en aktiv administratör" not in summary_text(page)  # another admin exists
    unchanged = account(app, staff["admin"])
    assert (unchanged.role, unchanged.is_active) == ("admin", True)
    assert len(staff_events(app)) == events_before


def test_the_last_active_admin_stays(app, staff, staff_client):
    me = account(app, staff["admin"])
    with app.app_context():
        assert count_active_admins(get_session()) == 1
    response = staff_client("admin").post(
        f"/admin/staff/{me.id}/edit", edit_form(me, role="caseworker", is_active=None)
    )
    assert response.status_code == 200
    page = parse_page(response)
    assert "Det måste finnas minst en aktiv administratör." in error_text(page, "role")
    assert "Det måste finnas minst en aktiv administratör." in summary_text(page)
    assert account(app, staff["admin"]).role == "admin"


def test_admin_may_demote_another_admin(app, staff, staff_client):
    add_second_admin(staff_client)
    other = account(app, "andra.admin@kommun.example")
    response = staff_client("admin").post(
        f"/admin/staff/{other.id}/edit", edit_form(other, role="editor")
    )
    assert response.status_code == 302
    assert account(app, "andra.admin@kommun.example").role == "editor"


def test_deactivated_account_is_logged_out_and_cannot_log_in(app, staff, staff_client):
    editor_client = staff_client("editor")
    assert editor_client.get("/admin/").status_code == 200
    editor = account(app, staff["editor"])
    response = staff_client("admin").post(
        f"/admin/staff/{editor.id}/edit", edit_form(editor, is_active=None)
    )
    assert response.status_code == 302
    assert staff_events(app)[-1].after["is_active"] is False

    response = editor_client.get("/admin/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/login")
    assert login_refused(staff_client(None).login(staff["editor"]))


def test_unknown_account_is_404(staff_client):
    assert staff_client("admin").get("/admin/staff/999999/edit").status_code == 404


@pytest.mark.parametrize("role", ["caseworker", "editor"])
def test_only_admins_manage_staff(app, staff, staff_client, role):
    client = staff_client(role)
    editor = account(app, staff["editor"])
    edit_url = f"/admin/staff/{editor.id}/edit"
    for url in ("/admin/staff", "/admin/staff/new", edit_url):
        assert client.get(url).status_code == 403, url
    assert client.post("/admin/staff/new", new_account()).status_code == 403
    assert client.post(edit_url, edit_form(editor, role="admin")).status_code == 403
    assert account(app, "ny.kollega@kommun.example") is None
    assert account(app, staff["editor"]).role == "editor"


def test_staff_menu_only_for_admins(staff_client):
    admin_menu = parse_page(staff_client("admin").get("/admin/")).select_one("nav.main-nav")
    editor_menu = parse_page(staff_client("editor").get("/admin/")).select_one("nav.main-nav")
    assert admin_menu.find("a", href="/admin/staff")
    assert not editor_menu.find("a", href="/admin/staff")


def test_staff_pages_are_valid_html(app, staff, staff_client):
    client = staff_client("admin")
    editor = account(app, staff["editor"])
    pages = {
        "/admin/staff": client.get("/admin/staff").data,
        "/admin/staff/new": client.get("/admin/staff/new").data,
        "/admin/staff/new (errors)": client.post(
            "/admin/staff/new", new_account(email="x", password="kort")
        ).data,
        "/admin/staff/edit (errors)": client.post(
            f"/admin/staff/{editor.id}/edit", edit_form(editor, name="", password="kort")
        ).data,
    }
    errors = htmlcheck.validate(pages)
    assert not errors, "\n".join(errors)


def test_create_account_keeps_password_out_of_the_whole_log(app, staff, staff_client):
    staff_client("admin").post("/admin/staff/new", new_account())
    with app.app_context():
        events = get_session().exec(select(AuditEvent)).all()
    logged = json.dumps([[event.summary, event.before, event.after] for event in events])
    assert NEW_PASSWORD not in logged
    assert STAFF_PASSWORD not in logged
    assert "$argon2" not in logged
