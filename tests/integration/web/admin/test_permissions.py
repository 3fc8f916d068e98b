"""Every admin route, tried as anonymous, caseworker, editor and admin."""

import pytest
from sqlmodel import select

from webapp.core.db import get_session
from webapp.providers.models import Provider
from webapp.staff.models import StaffUser
from webapp.staff.permissions import PERMISSIONS

# Routes that need a login but no particular permission.
ANY_STAFF = {"admin.logout", "admin.change_password", "admin.extend_session"}
OPEN = {"admin.login", "admin.set_language", "admin.session_timed_out", "admin.signed_out"}
# Routes that refuse a visitor who is not logged in themselves (a script asks), not by redirect.
REFUSE_ANONYMOUS = {"admin.extend_session"}
# Routes that end the session the rest of the matrix needs.
LOGGING_OUT = {"admin.logout", "admin.session_timed_out"}
ROLES = (None, "caseworker", "editor", "admin")


def admin_rules(app):
    """Return (endpoint, rule) for every admin route."""
    return sorted(
        (rule.endpoint, rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("admin.")
    )


def test_every_admin_view_declares_its_permission(app):
    undeclared = [
        endpoint
        for endpoint, _rule in admin_rules(app)
        if endpoint not in ANY_STAFF | OPEN
        and getattr(app.view_functions[endpoint], "permission", None) not in PERMISSIONS
    ]
    assert not undeclared, f"admin views without permission_required: {undeclared}"


def fill_url(app, rule) -> str:
    """Build a URL for a rule, with ids of real rows."""
    with app.app_context():
        session = get_session()
        values = {
            "provider_id": session.exec(
                select(Provider.id).where(Provider.slug == "jobbtorget")
            ).one(),
            "user_id": session.exec(select(StaffUser.id)).first(),
        }
    # Other ids need no real row: refusals come before the lookup, and a 404 for a
    # permitted role still shows the route let the role in.
    arguments = {name: values.get(name, 1) for name in rule.arguments}
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **arguments)


def expected_status(app, endpoint: str, role: str | None) -> int:
    """What a role should get: the login page, a refusal, or the page."""
    if endpoint in OPEN:
        return 0  # anything but a server error
    if role is None:
        return 403 if endpoint in REFUSE_ANONYMOUS else 302
    if endpoint in ANY_STAFF:
        return 0
    permission = app.view_functions[endpoint].permission
    return 0 if role in PERMISSIONS[permission] else 403


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r or "anonymous")
def test_permission_matrix(app, staff_client, role):
    client = staff_client(role)
    problems = []
    for endpoint, rule in admin_rules(app):
        url = fill_url(app, rule)
        methods = sorted(rule.methods & {"GET", "POST"})
        if endpoint in LOGGING_OUT:
            continue  # would end the session the rest of the loop needs
        for method in methods:
            response = client.get(url) if method == "GET" else client.post(url, {})
            expected = expected_status(app, endpoint, role)
            got = response.status_code
            if expected == 302:
                ok = got == 302 and "/admin/login" in response.headers["Location"]
            elif expected == 403:
                ok = got == 403
            else:
                ok = got < 500 and got not in (401, 403)
            if not ok:
                problems.append(
                    f"{method} {url} as {role or 'anonymous'}: {got}, expected {expected}"
                )
    assert not problems, "\n".join(problems)
