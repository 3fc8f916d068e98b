"""Staff accounts, for admins: the list, new accounts, and changes to an account."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.core.clock import utc_now
from webapp.core.db import get_session
from webapp.staff.accounts import find_user_by_email, hash_password, is_locked, normalize_email
from webapp.staff.audit import changed_fields, record_event, snapshot
from webapp.staff.models import StaffUser
from webapp.staff.permissions import permission_required
from webapp.staff.queries import count_active_admins, get_staff_user, list_staff_users
from webapp.web.admin import bp
from webapp.web.admin.staff_forms import EditStaffForm, NewStaffForm

# What the audit log keeps of an account: never the password hash.
AUDITED_FIELDS = ("email", "name", "role", "is_active", "failed_logins", "locked_until")
# Flash category read only by the staff pages.
FLASH = "staff"


@bp.get("/staff")
@permission_required("manage_staff")
def staff():
    """List staff accounts."""
    users = list_staff_users(get_session())
    now = utc_now()
    locked = {user.id for user in users if is_locked(user, now)}
    return render_template(
        "admin/staff/list.html", users=users, locked=locked, flash_category=FLASH
    )


@bp.route("/staff/new", methods=["GET", "POST"])
@permission_required("manage_staff")
def staff_new():
    """Create a staff account with a first password."""
    form = NewStaffForm()
    if form.validate_on_submit():
        db = get_session()
        if find_user_by_email(db, form.email.data) is not None:
            form.email.errors.append(_("Det finns redan ett konto med den e-postadressen."))
        else:
            user = StaffUser(
                email=normalize_email(form.email.data),
                name=form.name.data.strip(),
                role=form.role.data,
                password_hash=hash_password(form.password.data),
            )
            db.add(user)
            db.flush()  # gives the account its id for the audit event
            record_event(
                db,
                "staff.create",
                entity_type="staff",
                entity_id=user.id,
                summary=user.email,
                after=snapshot(user, AUDITED_FIELDS),
            )
            db.commit()
            flash(_("Kontot för %(email)s är skapat.", email=user.email), FLASH)
            return redirect(url_for("admin.staff"))
    return render_template("admin/staff/new.html", form=form)


@bp.route("/staff/<int:user_id>/edit", methods=["GET", "POST"])
@permission_required("manage_staff")
def staff_edit(user_id: int):
    """Change an account's name, role, status or password, or unlock it."""
    db = get_session()
    user = get_staff_user(db, user_id=user_id)
    if user is None:
        abort(404)
    form = EditStaffForm(obj=user)
    if form.validate_on_submit() and not refuse_losing_admins(form, user):
        before = snapshot(user, AUDITED_FIELDS)
        user.name = form.name.data.strip()
        user.role = form.role.data
        user.is_active = form.is_active.data
        if form.unlock.data:
            user.locked_until = None
            user.failed_logins = 0
        after = snapshot(user, AUDITED_FIELDS)
        if form.password.data:
            user.password_hash = hash_password(form.password.data)
            # Only the fact of the change is logged, never the password or its hash.
            after["password"] = "changed"  # noqa: S105
        if changed_fields(before, after):
            db.add(user)
            record_event(
                db,
                "staff.update",
                entity_type="staff",
                entity_id=user.id,
                summary=user.email,
                before=before,
                after=after,
            )
            db.commit()
            flash(_("Ändringarna för %(email)s är sparade.", email=user.email), FLASH)
        else:
            flash(_("Inget ändrades för %(email)s.", email=user.email), FLASH)
        return redirect(url_for("admin.staff"))
    locked = is_locked(user, utc_now())
    return render_template("admin/staff/edit.html", form=form, user=user, locked=locked)


def refuse_losing_admins(form: EditStaffForm, user: StaffUser) -> bool:
    """Add errors if the change demotes or deactivates oneself or the last active admin."""
    demoted = form.role.data != "admin"
    deactivated = not form.is_active.data
    refused = False
    if user.id == current_user.id:
        if demoted:
            form.role.errors.append(
                _("Du kan inte ta bort administratörsrollen från ditt eget konto.")
            )
            refused = True
        if deactivated:
            form.is_active.errors.append(_("Du kan inte inaktivera ditt eget konto."))
            refused = True
    was_active_admin = user.role == "admin" and user.is_active
    if (
        was_active_admin
        and (demoted or deactivated)
        and count_active_admins(get_session(), excluding_id=user.id) == 0
    ):
        target = form.role if demoted else form.is_active
        target.errors.append(_("Det måste finnas minst en aktiv administratör."))
        refused = True
    return refused
