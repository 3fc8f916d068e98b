"""Importing case-mix counts from a CSV file: upload, preview, confirm (as the results import)."""

from pathlib import PurePath

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_datetime, ngettext
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from webapp.core.activelocale import gettext as _
from webapp.core.clock import today
from webapp.core.db import get_session
from webapp.results.casemix.actions import CaseMixNotSaved, confirm_case_mix_import
from webapp.results.casemix.importing.columns import COLUMN_DESCRIPTIONS, COLUMNS, build_template
from webapp.results.casemix.importing.queries import CheckedCaseMix, check_case_mix
from webapp.results.casemix.strata import AGE_BANDS, ASSISTANCE_BANDS, LEVELS
from webapp.results.importing.queries import list_service_codes
from webapp.results.importing.upload import (
    Problem,
    content_digest,
    decode_upload,
    normalize_newlines,
    size_label,
    too_large_problem,
)
from webapp.staff.permissions import can, permission_required
from webapp.web.admin import bp
from webapp.web.admin import imports as results_imports
from webapp.web.admin.case_mix_forms import CaseMixUploadForm
from webapp.web.admin.choice_forms import looks_like_personal_number
from webapp.web.admin.import_forms import ImportConfirmForm
from webapp.web.admin.imports import MAX_LISTED, max_upload_bytes

CASE_MIX_ENDPOINTS = ("admin.case_mix_import", "admin.case_mix_confirm")


def stored_filename(name: str | None) -> str:
    """Return the upload's name as kept: cut short, and never a personal identity number."""
    name = PurePath(name or "").name[:200]
    return "" if looks_like_personal_number(name) else name


def show_form(form: CaseMixUploadForm, problems=(), *, status: int = 200):
    """Render the upload form with the format explained and any problems in the file."""
    if problems:
        form.file.errors = [
            *form.file.errors,
            ngettext(
                "Filen har %(num)s fel. Ingenting sparades.",
                "Filen har %(num)s fel. Ingenting sparades.",
                len(problems),
            ),
        ]
    page = render_template(
        "admin/case_mix/index.html",
        form=form,
        problems=problems[:MAX_LISTED],
        problem_count=len(problems),
        columns=COLUMNS,
        descriptions=COLUMN_DESCRIPTIONS,
        service_codes=list_service_codes(get_session()),
        age_bands=AGE_BANDS,
        assistance_bands=ASSISTANCE_BANDS,
        levels=LEVELS,
        max_size=size_label(max_upload_bytes()),
    )
    return page, status


def show_preview(text: str, filename: str, checked: CheckedCaseMix, *, changed_meanwhile=False):
    """Render which half-year groups confirming would add and replace, with the confirm form."""
    form = ImportConfirmForm(
        formdata=None,
        content=text,
        digest=content_digest(text),
        plan=checked.plan.fingerprint(),
        filename=filename,
    )
    return render_template(
        "admin/case_mix/preview.html",
        form=form,
        filename=filename,
        plan=checked.plan,
        changed_meanwhile=changed_meanwhile,
        impact=checked.impact,
        max_listed=MAX_LISTED,
    )


@bp.route("/results/case-mix/import", methods=["GET", "POST"])
@permission_required("import_results")
def case_mix_import():
    """Show the case-mix form; read an uploaded file and preview it, or list its problems."""
    form = CaseMixUploadForm()
    if not form.validate_on_submit():
        return show_form(form)
    upload = form.file.data
    limit = max_upload_bytes()
    text, problems = decode_upload(upload.read(limit + 1), max_bytes=limit)
    if problems:
        return show_form(form, problems)
    checked = check_case_mix(get_session(), text=text, today=today())
    if checked.problems:
        return show_form(form, checked.problems)
    return show_preview(text, stored_filename(upload.filename), checked)


@bp.post("/results/case-mix/import/confirm")
@permission_required("import_results")
def case_mix_confirm():
    """Check the previewed file again and save all of it in one transaction, or nothing."""
    form = ImportConfirmForm()
    upload_form = CaseMixUploadForm(formdata=None)
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
    filename = stored_filename(form.filename.data)
    try:
        outcome = confirm_case_mix_import(
            get_session(),
            text=text,
            confirmation=form.confirmation.data,
            preview_plan=form.plan.data,
            filename=filename,
            today=today(),
            actor=current_user._get_current_object(),
        )
    except CaseMixNotSaved:
        current_app.logger.exception("Case-mix import failed; nothing was saved")
        message = _(
            "Deltagargrupperna kunde inte sparas på grund av ett fel i databasen. Ingenting "
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
            "Den här filen är redan sparad (%(time)s): deltagargrupper för %(num)s halvår "
            "hos anordnare. Inget sparades en gång till.",
            time=format_datetime(record.imported_at, "short"),
            num=record.cells,
        )
    else:
        message = _(
            "Inläsningen är klar: deltagargrupper för %(num)s halvår hos anordnare sparades.",
            num=record.cells,
        )
    flash(message, "success")
    return redirect(url_for("admin.case_mix_import"))


@bp.get("/results/case-mix/template.csv")
@permission_required("import_results")
def case_mix_template():
    """Download a CSV template for case-mix counts: the Swedish header and example rows."""
    return Response(
        build_template(),
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=deltagargrupper-mall.csv"},
    )


@bp.errorhandler(RequestEntityTooLarge)
def upload_too_large(error):
    """Explain a file larger than the server reads at all, on the import page it was sent to.

    A blueprint keeps one handler per error, so this one answers for the case-mix
    pages and hands every other page to the results import's handler.
    """
    if request.endpoint not in CASE_MIX_ENDPOINTS or not can(current_user, "import_results"):
        return results_imports.upload_too_large(error)
    form = CaseMixUploadForm(formdata=None)
    return show_form(form, [too_large_problem(max_upload_bytes())], status=413)
