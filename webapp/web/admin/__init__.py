"""The staff admin under /admin/: every view needs a logged-in account with the right role."""

from flask import Blueprint, current_app, redirect, request, session, url_for
from flask_login import current_user

from webapp.core.activelocale import lazy_gettext as _l
from webapp.core.clock import utc_now
from webapp.core.db import get_session
from webapp.core.extensions import login_manager
from webapp.core.i18n import endonym
from webapp.staff.models import StaffUser
from webapp.staff.permissions import ROLES, can
from webapp.staff.sessions import SINCE_KEY, VERSION_KEY, session_is_current

bp = Blueprint("admin", __name__, url_prefix="/admin")

# Views anyone may reach: logging in, choosing the admin's language, and the end of a
# login that timed out (going on answers for itself when nobody is logged in).
OPEN_ENDPOINTS = {
    "admin.login",
    "admin.set_language",
    "admin.extend_session",
    "admin.session_timed_out",
    "admin.signed_out",
}


@bp.before_request
def require_login():
    """Send visitors who are not logged in to the login page."""
    if request.endpoint in OPEN_ENDPOINTS or current_user.is_authenticated:
        return None
    return redirect(url_for("admin.login", next=request.full_path.rstrip("?")))


@bp.after_request
def keep_out_of_caches_and_search(response):
    """Admin pages hold internal data: never cache them, never index them."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


# The admin's sections: endpoint, label, and the permission that shows it.
MENU = (
    ("admin.dashboard", _l("Översikt"), "view_providers"),
    ("admin.providers", _l("Anordnare"), "view_providers"),
    ("admin.choices", _l("Val"), "manage_choices"),
    ("admin.follow_ups", _l("Uppföljning"), "manage_follow_ups"),
    ("admin.imports", _l("Resultat"), "import_results"),
    ("admin.audit", _l("Granskningslogg"), "view_audit"),
    ("admin.staff", _l("Personal"), "manage_staff"),
)


@bp.context_processor
def admin_context():
    """Give admin templates the menu for this user, role names and permission checks."""
    return {
        "admin_menu": lambda: [item for item in MENU if can(current_user, item[2])],
        "role_labels": ROLES,
        "can": lambda permission: can(current_user, permission),
        "language_endonym": endonym,
    }


@login_manager.user_loader
def load_user(user_id: str) -> StaffUser | None:
    """Return the active account behind a session that still counts, or None to log it out."""
    if not user_id.isdigit() or int(user_id) >= 2**31:
        return None
    user = get_session().get(StaffUser, int(user_id))
    if user is None or not user.is_active:
        return None
    current = session_is_current(
        remembered_version=session.get(VERSION_KEY),
        account_version=user.session_version,
        logged_in_at=session.get(SINCE_KEY),
        now=utc_now().timestamp(),
        max_age=current_app.config["ADMIN_SESSION_MAX_AGE"],
    )
    return user if current else None


def init_app(app):
    """Register the admin views and the login manager."""
    login_manager.init_app(app)
    login_manager.login_view = "admin.login"
    # Messages are shown on the login page itself; no flash needed.
    login_manager.login_message = None
    # The modules below add their routes to bp; importing them registers the views.
    from webapp.web.admin import (  # noqa: F401
        audit_log,
        auth,
        authorizations,
        case_mix_imports,
        choices,
        dashboard,
        displacements,
        expected,
        follow_ups,
        imports,
        invitations,
        providers,
        publishing,
        staff,
        terms,
        timeout,
    )

    app.register_blueprint(bp)
