"""Logging in and out, changing one's password, and the admin's language."""

from urllib.parse import urlsplit

from flask import current_app, redirect, render_template, request, session, url_for
from flask_babel import ngettext
from flask_login import current_user, login_user, logout_user

from webapp.core.clock import utc_now
from webapp.core.db import get_session
from webapp.core.extensions import limiter
from webapp.staff.accounts import normalize_email
from webapp.staff.actions import AccountRefused, log_in, log_out
from webapp.staff.actions import change_password as change_own_password
from webapp.staff.models import StaffUser
from webapp.staff.sessions import SINCE_KEY, VERSION_KEY
from webapp.web.admin import bp
from webapp.web.admin.forms import (
    ActionForm,
    ChangePasswordForm,
    LanguageForm,
    LoginForm,
    show_problems,
)
from webapp.web.session_timeout import idle_minutes


def login_limit_per_ip() -> str:
    """Return the per-address login limit from the config."""
    return current_app.config["LOGIN_RATE_LIMIT_IP"]


def login_limit_per_account() -> str:
    """Return the per-account login limit from the config."""
    return current_app.config["LOGIN_RATE_LIMIT_ACCOUNT"]


def account_key() -> str:
    """Key the per-account limit on the e-mail address typed."""
    return "login-account:" + normalize_email(request.form.get("email", ""))[:254]


def safe_next(target: str | None) -> str:
    """Return target if it is an admin address on this site, else the dashboard."""
    parts = urlsplit(target or "")
    if not parts.scheme and not parts.netloc and parts.path.startswith("/admin/"):
        return target
    return url_for("admin.dashboard")


def start_staff_session(user: StaffUser) -> None:
    """Give the account a fresh session (a new cookie), tied to its current session version.

    Called at login and whenever the account's sessions were just ended by the
    person's own change (a new password), so this session goes on and copies do not.
    """
    session.clear()
    session.permanent = True
    login_user(user)
    session[VERSION_KEY] = user.session_version
    session[SINCE_KEY] = utc_now().timestamp()


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(login_limit_per_ip, methods=["POST"])
@limiter.limit(login_limit_per_account, key_func=account_key, methods=["POST"])
def login():
    """Show the login form and log staff in."""
    if current_user.is_authenticated:
        return redirect(url_for("admin.dashboard"))
    form = LoginForm(next=request.args.get("next", ""))
    failed = False
    if form.validate_on_submit():
        attempt = log_in(
            get_session(),
            email=form.email.data,
            password=form.password.data,
            lock_after=current_app.config["LOGIN_LOCK_AFTER"],
            lock_minutes=current_app.config["LOGIN_LOCK_MINUTES"],
        )
        if attempt.succeeded:
            start_staff_session(attempt.user)
            return redirect(safe_next(form.next.data))
        # A success answer, so the failure and its counting are stored.
        failed = True
    return render_template(
        "admin/login.html", form=form, failed=failed, sent_back=sent_back_explained()
    )


def sent_back_explained() -> str | None:
    """Say why an admin page asked for a login: maybe the last one ended (None if none asked)."""
    if not request.args.get("next"):
        return None
    return ngettext(
        "Logga in för att fortsätta. Om du var inloggad har du loggats ut, eftersom du inte"
        " hade gjort något på %(num)s minut.",
        "Logga in för att fortsätta. Om du var inloggad har du loggats ut, eftersom du inte"
        " hade gjort något på %(num)s minuter.",
        idle_minutes(),
    )


@bp.post("/logout")
def logout():
    """Log out and return to the login page."""
    form = ActionForm()
    if form.validate_on_submit():
        log_out(get_session(), current_user._get_current_object())
        logout_user()
        session.clear()
    return redirect(url_for("admin.login"))


@bp.route("/password", methods=["GET", "POST"])
def change_password():
    """Let a logged-in staff member change their own password."""
    form = ChangePasswordForm()
    done = False
    if form.validate_on_submit():
        try:
            change_own_password(
                get_session(),
                current_user._get_current_object(),
                current=form.current.data,
                new=form.new.data,
            )
        except AccountRefused as refused:
            show_problems(form, refused.problems)
        else:
            # Every session of the account ended with the change; this one starts afresh.
            start_staff_session(current_user._get_current_object())
            done = True
            form = ChangePasswordForm(formdata=None)
    return render_template("admin/password.html", form=form, done=done)


@bp.post("/language")
def set_language():
    """Remember which admin language the staff member wants."""
    form = LanguageForm()
    if form.validate_on_submit() and form.lang.data in current_app.config["ADMIN_LANGUAGES"]:
        session["admin_lang"] = form.lang.data
    return redirect(
        safe_next(form.next.data) if current_user.is_authenticated else url_for("admin.login")
    )
