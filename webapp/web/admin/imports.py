"""Importing half-year results from a CSV file: upload, preview, confirm."""

from pathlib import PurePath

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_datetime, ngettext
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from webapp.core.activelocale import gettext as _
from webapp.core.clock import today
from webapp.core.db import get_session
from webapp.core.errors import render_error
from webapp.results.actions import ImportNotSaved, confirm_import
from webapp.results.importing.columns import (
    COLUMN_DESCRIPTIONS,
    COLUMNS,
    FIELD_LABELS,
    VALUE_FIELDS,
    build_template,
    example_line,
)
from webapp.results.importing.queries import CheckedImport, check_import, list_service_codes
from webapp.results.importing.upload import (
    DEFAULT_MAX_BYTES,
    Problem,
    content_digest,
    decode_upload,
    normalize_newlines,
    size_label,
    too_large_problem,
)
from webapp.staff.permissions import can, permission_required
from webapp.web.admin import bp
from webapp.web.admin.import_forms import ImportConfirmForm, ResultsUploadForm

# A page lists this many problems or preview rows; the rest are counted.
MAX_LISTED = 500
CONFIRM_ENDPOINTS = ("admin.imports", "admin.import_confirm")


def max_upload_bytes() -> int:
    """Return the largest file the import accepts, in bytes."""
    return current_app.config.get("RESULTS_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def show_form(form: ResultsUploadForm, problems=(), *, status: int = 200):
    """Render the upload form with the format explained and any problems in the file."""
    if problems:
        # The field names the trouble too, so the error summary leads to it.
        form.file.errors = [
            *form.file.errors,
            ngettext(
                "Filen har %(num)s fel. Ingenting sparades.",
                "Filen har %(num)s fel. Ingenting sparades.",
                len(problems),
            ),
        ]
    page = render_template(
        "admin/imports/index.html",
        form=form,
        problems=problems[:MAX_LISTED],
        problem_count=len(problems),
        columns=COLUMNS,
        descriptions=COLUMN_DESCRIPTIONS,
        example=example_line(),
        service_codes=list_service_codes(get_session()),
        max_size=size_label(max_upload_bytes()),
    )
    return page, status


def fields_in(plan) -> list[str]:
    """Return the value columns the added results carry, so an older file's preview stays narrow."""
    present = {name for planned in plan.added for name in planned.row.values}
    return [name for name in VALUE_FIELDS if name in present]


def show_preview(text: str, filename: str, checked: CheckedImport, *, changed_meanwhile=False):
    """Render what confirming would add and change, with the form that confirms it."""
    form = ImportConfirmForm(
        formdata=None,
        content=text,
        digest=content_digest(text),
        plan=checked.plan.fingerprint(),
        filename=filename,
    )
    return render_template(
        "admin/imports/preview.html",
        form=form,
        filename=filename,
        plan=checked.plan,
        changed_meanwhile=changed_meanwhile,
        impact=checked.impact,
        value_fields=fields_in(checked.plan),
        labels=FIELD_LABELS,
        max_listed=MAX_LISTED,
    )


@bp.route("/results/import", methods=["GET", "POST"])
@permission_required("import_results")
def imports():
    """Show the import form; read an uploaded file and preview it, or list its problems."""
    form = ResultsUploadForm()
    if not form.validate_on_submit():
        return show_form(form)
    upload = form.file.data
    limit = max_upload_bytes()
    # One byte over the limit is enough to know the file is too large.
    text, problems = decode_upload(upload.read(limit + 1), max_bytes=limit)
    if problems:
        return show_form(form, problems)
    checked = check_import(get_session(), text=text, today=today())
    if checked.problems:
        return show_form(form, checked.problems)
    return show_preview(text, PurePath(upload.filename or "").name[:200], checked)


@bp.post("/results/import/confirm")
@permission_required("import_results")
def import_confirm():
    """Check the previewed file again and save all of it in one transaction, or nothing."""
    form = ImportConfirmForm()
    upload_form = ResultsUploadForm(formdata=None)
    if not form.validate_on_submit():
        problem = Problem(None, None, _("Förhandsgranskningen kom inte med. Läs in filen igen."))
        return show_form(upload_form, [problem])
    text = normalize_newlines(form.content.data)
    if content_digest(text) != form.digest.data:
        message = _(
            "Filen ändrades mellan förhandsgranskningen och bekräftelsen. Läs in filen igen."
        )
        return show_form(upload_form, [Problem(None, None, message)])
    text, problems = decode_upload(text.encode("utf-8"), max_bytes=max_upload_bytes())
    if problems:
        return show_form(upload_form, problems)
    filename = (form.filename.data or "")[:200]
    try:
        # Checked again inside a lock: the stored data may have changed since the preview.
        outcome = confirm_import(
            get_session(),
            text=text,
            confirmation=form.confirmation.data,
            preview_plan=form.plan.data,
            filename=filename,
            today=today(),
            actor=current_user._get_current_object(),
        )
    except ImportNotSaved:
        current_app.logger.exception("Results import failed; nothing was saved")
        message = _(
            "Resultaten kunde inte sparas på grund av ett fel i databasen. Ingenting "
            "sparades. Försök igen om en stund."
        )
        return show_form(upload_form, [Problem(None, None, message)])
    if outcome.status == "problems":
        return show_form(upload_form, outcome.problems)
    if outcome.status == "changed":
        plan = outcome.checked.plan
        return show_preview(text, filename, outcome.checked, changed_meanwhile=plan.has_changes)
    record = outcome.record
    if outcome.status == "already_saved":
        message = _(
            "Den här filen är redan sparad (%(time)s): %(added)s nya och %(changed)s ändrade "
            "resultat. Inget sparades en gång till.",
            # The admin's other times read the same; "short" puts English in US order.
            time=format_datetime(record.imported_at, "yyyy-MM-dd HH:mm"),
            added=record.added,
            changed=record.changed,
        )
    else:
        message = _(
            "Inläsningen är klar: %(added)s nya och %(changed)s ändrade resultat sparades.",
            added=record.added,
            changed=record.changed,
        )
    flash(message, "success")
    return redirect(url_for("admin.imports"))


@bp.get("/results/template.csv")
@permission_required("import_results")
def import_template():
    """Download a CSV template: the Swedish header and an example row, as Excel saves it."""
    return Response(
        build_template(),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=resultat-mall.csv"},
    )


@bp.errorhandler(RequestEntityTooLarge)
def upload_too_large(error):
    """Explain a file larger than the server reads at all, on the import page itself."""
    if request.endpoint not in CONFIRM_ENDPOINTS or not can(current_user, "import_results"):
        return render_error(error)
    form = ResultsUploadForm(formdata=None)
    return show_form(form, [too_large_problem(max_upload_bytes())], status=413)
