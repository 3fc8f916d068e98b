"""Logging in and out, changing one's password, and the admin's language."""

from urllib.parse import urlsplit

from flask import current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from webapp.core.db import get_session
from webapp.core.extensions import limiter
from webapp.staff.accounts import (
    check_login,
    hash_password,
    normalize_email,
    password_problem,
    verify_password,
)
from webapp.staff.audit import record_event
from webapp.web.admin import bp
from webapp.web.admin.forms import ActionForm, ChangePasswordForm, LanguageForm, LoginForm


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
        db = get_session()
        config = current_app.config
        user, outcome = check_login(
            db,
            form.email.data,
            form.password.data,
            lock_after=config["LOGIN_LOCK_AFTER"],
            lock_minutes=config["LOGIN_LOCK_MINUTES"],
        )
        if outcome == "ok":
            record_event(db, "auth.login", entity_type="staff", entity_id=user.id, actor=user)
            db.commit()
            session.clear()  # a fresh session for the logged-in account
            session.permanent = True
            login_user(user)
            return redirect(safe_next(form.next.data))
        record_event(
            db,
            "auth.login_failed",
            entity_type="staff",
            entity_id=user.id if user else None,
            # The typed address, shortened: enough to spot an attack, never a password.
            summary=f"{normalize_email(form.email.data)[:80]} ({outcome})",
            actor=user if outcome == "locked" else None,
        )
        db.commit()
        failed = True
    status = 401 if failed else 200
    return render_template("admin/login.html", form=form, failed=failed), status


@bp.post("/logout")
def logout():
    """Log out and return to the login page."""
    form = ActionForm()
    if form.validate_on_submit():
        db = get_session()
        record_event(db, "auth.logout", entity_type="staff", entity_id=current_user.id)
        db.commit()
        logout_user()
        session.clear()
    return redirect(url_for("admin.login"))


@bp.route("/password", methods=["GET", "POST"])
def change_password():
    """Let a logged-in staff member change their own password."""
    form = ChangePasswordForm()
    done = False
    if form.validate_on_submit():
        db = get_session()
        user = current_user._get_current_object()
        problem = password_problem(form.new.data)
        if not verify_password(user, form.current.data):
            form.current.errors.append(_("Det nuvarande lösenordet stämmer inte."))
        elif problem:
            form.new.errors.append(problem)
        else:
            user.password_hash = hash_password(form.new.data)
            db.add(user)
            record_event(db, "auth.password_change", entity_type="staff", entity_id=user.id)
            db.commit()
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
