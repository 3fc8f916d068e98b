"""Staff accounts, for admins: the list, new accounts, and changes to an account."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from webapp.core.activelocale import gettext as _
from webapp.core.clock import utc_now
from webapp.core.db import get_session
from webapp.staff.accounts import is_locked
from webapp.staff.actions import AccountRefused, create_account, update_account
from webapp.staff.permissions import permission_required
from webapp.staff.queries import get_staff_user, list_staff_users
from webapp.web.admin import bp
from webapp.web.admin.auth import start_staff_session
from webapp.web.admin.forms import show_problems
from webapp.web.admin.staff_forms import EditStaffForm, NewStaffForm

# Flash category read only by the staff pages.
FLASH = "staff"


@bp.get("/staff")
@permission_required("manage_staff")
def staff():
    """List staff accounts."""
    listing = list_staff_users(get_session(), now=utc_now())
    return render_template(
        "admin/staff/list.html", users=listing.users, locked=listing.locked, flash_category=FLASH
    )


@bp.route("/staff/new", methods=["GET", "POST"])
@permission_required("manage_staff")
def staff_new():
    """Create a staff account with a first password."""
    form = NewStaffForm()
    if form.validate_on_submit():
        try:
            user = create_account(
                get_session(),
                email=form.email.data,
                name=form.name.data,
                password=form.password.data,
                role=form.role.data,
                actor=current_user._get_current_object(),
            )
        except AccountRefused as refused:
            show_problems(form, refused.problems)
        else:
            flash(_("Kontot för %(email)s är skapat.", email=user.email), FLASH)
            return redirect(url_for("admin.staff"))
    return render_template("admin/staff/new.html", form=form)


@bp.route("/staff/<int:user_id>/edit", methods=["GET", "POST"])
@permission_required("manage_staff")
def staff_edit(user_id: int):
    """Change an account's name, role, status or password, or unlock it."""
    user = get_staff_user(get_session(), user_id=user_id) or abort(404)
    form = EditStaffForm(obj=user)
    if form.validate_on_submit():
        try:
            changed = update_account(
                get_session(),
                user,
                actor=current_user._get_current_object(),
                name=form.name.data,
                role=form.role.data,
                is_active=form.is_active.data,
                unlock=form.unlock.data,
                password=form.password.data or "",
            )
        except AccountRefused as refused:
            show_problems(form, refused.problems)
        else:
            if changed and user.id == current_user.id:
                # A new password ended the account's sessions; this one starts afresh.
                start_staff_session(user)
            message = (
                _("Ändringarna för %(email)s är sparade.", email=user.email)
                if changed
                else _("Inget ändrades för %(email)s.", email=user.email)
            )
            flash(message, FLASH)
            return redirect(url_for("admin.staff"))
    locked = is_locked(user.locked_until, utc_now())
    return render_template("admin/staff/edit.html", form=form, user=user, locked=locked)
