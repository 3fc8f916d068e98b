"""``flask create-admin``: the same action as the admin's form, committed by the command."""

from sqlmodel import select

from webapp.core.db import get_session
from webapp.staff.accounts import password_matches
from webapp.staff.models import AuditEvent
from webapp.staff.queries import find_user_by_email

PASSWORD = "ett långt lösenord för den nya chefen"


def run(app, email: str, password: str = PASSWORD):
    """Run the command as `flask` does (in an app context of its own), answering its prompts."""
    answers = f"{email}\nFörsta Admin\n{password}\n{password}\n"
    with app.app_context():
        return app.test_cli_runner().invoke(args=["create-admin"], input=answers)


def test_creates_an_admin_and_logs_it(app, rollback):
    result = run(app, "Forsta.Admin@Kommun.Example")
    assert result.exit_code == 0, result.output
    assert "Created admin account forsta.admin@kommun.example." in result.output
    with app.app_context():
        session = get_session()
        user = find_user_by_email(session, "forsta.admin@kommun.example")
        assert (user.role, user.name) == ("admin", "Första Admin")
        assert password_matches(user.password_hash, PASSWORD)
        event = session.exec(select(AuditEvent).where(AuditEvent.entity_id == user.id)).one()
    assert (event.action, event.summary) == ("staff.create", "flask create-admin")


def test_refuses_a_short_password_and_a_taken_address(app, staff, rollback):
    short = run(app, "ny.admin@kommun.example", "kort")
    assert short.exit_code == 1
    assert "minst 12 tecken" in short.output
    taken = run(app, staff["editor"].upper())
    assert taken.exit_code == 1
    assert "Det finns redan ett konto med den e-postadressen." in taken.output
    with app.app_context():
        assert find_user_by_email(get_session(), "ny.admin@kommun.example") is None
