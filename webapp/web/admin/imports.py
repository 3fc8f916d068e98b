"""Importing half-year results from a CSV file: upload, preview, confirm."""

from dataclasses import dataclass, field
from pathlib import PurePath

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import RequestEntityTooLarge

from webapp.core.clock import today
from webapp.core.db import get_session
from webapp.core.errors import render_error
from webapp.results.import_store import (
    find_results_by_key,
    list_service_codes,
    load_import_references,
    save_import,
)
from webapp.results.importing import (
    COLUMNS,
    DEFAULT_MAX_BYTES,
    VALUE_FIELDS,
    ImportPlan,
    Problem,
    build_template,
    check_references,
    content_digest,
    decode_upload,
    headline_periods_after,
    normalize_newlines,
    plan_import,
    read_results,
    size_label,
    sort_problems,
    too_large_problem,
)
from webapp.results.queries import find_headline_periods
from webapp.staff.audit import record_event
from webapp.staff.permissions import can, permission_required
from webapp.web.admin import bp
from webapp.web.admin.import_forms import ImportConfirmForm, ResultsUploadForm

# A page lists this many problems or preview rows; the rest are counted.
MAX_LISTED = 500

FIELD_LABELS = {
    "completed": _l("Avslutade"),
    "in_work": _l("I arbete"),
    "in_studies": _l("I studier"),
    "average_days": _l("Dagar i snitt"),
    "survey_respondents": _l("Svarade på enkäten"),
    "survey_satisfied": _l("Nöjda"),
}
COLUMN_DESCRIPTIONS = {
    "org_number": _l("Anordnarens organisationsnummer, NNNNNN-NNNN."),
    "service": _l("Insatsens kod."),
    "period": _l(
        "Halvåret då deltagarna avslutade insatsen: året och H1 (januari–juni) eller "
        "H2 (juli–december), till exempel 2025H1. Halvåret måste ha tagit slut, och "
        "anordnaren måste ha varit auktoriserad för insatsen under någon del av det."
    ),
    "completed": _l("Antal deltagare som avslutade insatsen under halvåret."),
    "in_work": _l("Hur många av dem som var i arbete sex månader efter insatsen."),
    "in_studies": _l(
        "Hur många av dem som studerade sex månader efter insatsen. I arbete och i studier "
        "får tillsammans vara högst lika många som avslutade."
    ),
    "average_days": _l(
        "Genomsnittlig tid i insatsen, i dagar. Decimaler med komma eller punkt avrundas "
        "till hela dagar."
    ),
    "survey_respondents": _l("Antal deltagare som svarade på enkäten."),
    "survey_satisfied": _l("Hur många av dem som var nöjda. Fylls i tillsammans med svaren."),
}
CONFIRM_ENDPOINTS = ("admin.imports", "admin.import_confirm")


@dataclass
class CheckedImport:
    """A file checked against the stored data: its problems, or the writes it plans."""

    problems: list[Problem]
    plan: ImportPlan | None = None
    existing: dict = field(default_factory=dict)


def max_upload_bytes() -> int:
    """Return the largest file the import accepts, in bytes."""
    return current_app.config.get("RESULTS_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def check_import(text: str) -> CheckedImport:
    """Check every row of the file against the stored data; plan the writes if all is well."""
    db = get_session()
    parsed = read_results(text, today=today())
    references = load_import_references(db)
    problems = parsed.problems + check_references(parsed, references)
    if problems:
        return CheckedImport(problems=sort_problems(problems))
    existing = find_results_by_key(db, periods={row.period for row in parsed.rows})
    return CheckedImport(
        problems=[], plan=plan_import(parsed.rows, references, existing), existing=existing
    )


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
        service_codes=list_service_codes(get_session()),
        max_size=size_label(max_upload_bytes()),
    )
    return page, status


def show_preview(text: str, filename: str, plan: ImportPlan, *, changed_meanwhile=False):
    """Render what confirming would add and change, with the form that confirms it."""
    form = ImportConfirmForm(
        formdata=None,
        content=text,
        digest=content_digest(text),
        plan=plan.fingerprint(),
        filename=filename,
    )
    headline_now = find_headline_periods(get_session())
    return render_template(
        "admin/imports/preview.html",
        form=form,
        filename=filename,
        plan=plan,
        changed_meanwhile=changed_meanwhile,
        headline_now=headline_now,
        headline_after=headline_periods_after(headline_now, plan),
        value_fields=VALUE_FIELDS,
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
    checked = check_import(text)
    if checked.problems:
        return show_form(form, checked.problems)
    return show_preview(text, PurePath(upload.filename or "").name[:200], checked.plan)


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
    # The stored data may have changed since the preview: check everything again.
    checked = check_import(text) if not problems else CheckedImport(problems=problems)
    if checked.problems:
        return show_form(upload_form, checked.problems)
    plan, filename = checked.plan, (form.filename.data or "")[:200]
    if not plan.has_changes or plan.fingerprint() != form.plan.data:
        return show_preview(text, filename, plan, changed_meanwhile=plan.has_changes)
    if not save_checked_import(checked, filename):
        message = _(
            "Resultaten kunde inte sparas på grund av ett fel i databasen. Ingenting "
            "sparades. Försök igen om en stund."
        )
        return show_form(upload_form, [Problem(None, None, message)])
    flash(
        _(
            "Inläsningen är klar: %(added)s nya och %(changed)s ändrade resultat sparades.",
            added=len(plan.added),
            changed=len(plan.changed),
        ),
        "success",
    )
    return redirect(url_for("admin.imports"))


def save_checked_import(checked: CheckedImport, filename: str) -> bool:
    """Save every planned row and the audit event in one transaction; False if refused."""
    db, plan = get_session(), checked.plan
    before, after = plan.audit_values()
    try:
        save_import(db, plan=plan, existing=checked.existing)
        record_event(
            db,
            "results.import",
            entity_type="result",
            summary=f"{filename}: {len(plan.added)} added, {len(plan.changed)} changed",
            before=before,
            after=after,
        )
        db.commit()
    except SQLAlchemyError:
        # Nothing of the file is kept: the rows written so far go with the transaction.
        db.rollback()
        current_app.logger.exception("Results import failed; nothing was saved")
        return False
    return True


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
