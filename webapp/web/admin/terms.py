"""Authorization terms in the admin: every scheme's versions, one version, a new or changed one."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from webapp.core import clock
from webapp.core.activelocale import gettext as _
from webapp.core.db import get_session
from webapp.followups.actions import TermsRefused, save_terms_version
from webapp.followups.queries import list_scheme_terms
from webapp.followups.terms import version_in_force
from webapp.staff.permissions import permission_required
from webapp.web.admin import bp
from webapp.web.admin.terms_forms import TermsForm

# Flash category read only by the terms pages.
FLASH = "terms"


def find_scheme(code: str):
    """Return the scheme's overview row by scheme code, or answer 404."""
    for entry in list_scheme_terms(get_session(), today=clock.today()):
        if entry.scheme.code == code:
            return entry
    abort(404)


def find_version(version_id: int):
    """Return (scheme overview, version row) for a version id, or answer 404."""
    for entry in list_scheme_terms(get_session(), today=clock.today()):
        for row in entry.versions:
            if row.version.id == version_id:
                return entry, row
    abort(404)


@bp.get("/terms")
@permission_required("manage_follow_ups")
def terms():
    """List every scheme's authorization terms, version by version."""
    return render_template(
        "admin/terms/list.html",
        schemes=list_scheme_terms(get_session(), today=clock.today()),
        flash_category=FLASH,
    )


@bp.get("/terms/<int:version_id>")
@permission_required("manage_follow_ups")
def terms_version(version_id):
    """Show one version of a scheme's terms."""
    entry, row = find_version(version_id)
    return render_template("admin/terms/version.html", entry=entry, row=row, flash_category=FLASH)


def save(form: TermsForm, scheme_id: int, version_id: int | None) -> bool:
    """Save the form's version with the action; explain a refusal next to its field."""
    try:
        saved = save_terms_version(
            get_session(),
            scheme_id=scheme_id,
            draft=form.to_draft(),
            version_id=version_id,
            actor_id=current_user.id,
        )
    except TermsRefused as refused:
        form.explain(refused.refusal, refused.last_held)
        return False
    flash(_("Villkoren är sparade."), FLASH)
    form.saved_id = saved.id
    return True


def edit_page(form: TermsForm, entry, row=None):
    """Save the form if it was sent to be saved; otherwise show it (with more rows if asked)."""
    if form.is_submitted() and form.more.data:
        form.add_rows()
    elif form.validate_on_submit() and save(form, entry.scheme.id, row.version.id if row else None):
        return redirect(url_for("admin.terms_version", version_id=form.saved_id))
    return render_template("admin/terms/edit.html", entry=entry, row=row, form=form)


@bp.route("/schemes/<scheme_code>/terms/new", methods=["GET", "POST"])
@permission_required("manage_terms")
def new_terms_version(scheme_code):
    """Add a version of a scheme's terms from a day, starting from the version in force."""
    entry = find_scheme(scheme_code)
    form = TermsForm()
    if not form.is_submitted():
        versions = [row.version for row in entry.versions]
        form.fill_from(version_in_force(versions, clock.today()) or next(iter(versions), None))
    return edit_page(form, entry)


@bp.route("/terms/<int:version_id>/edit", methods=["GET", "POST"])
@permission_required("manage_terms")
def edit_terms_version(version_id):
    """Change a version no follow-up has used yet."""
    entry, row = find_version(version_id)
    form = TermsForm()
    if not form.is_submitted():
        form.valid_from.data = row.version.valid_from
        form.fill_from(row.version)
    return edit_page(form, entry, row)
