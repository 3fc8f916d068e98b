"""Caseworkers' pages for clients' choices: invitations, their state, and acting on them."""

import secrets
from datetime import timedelta
from math import ceil

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import force_locale, format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy.exc import IntegrityError

from webapp.catalog.queries import index_services, list_schemes
from webapp.choices.jobs import apply_default_and_commit, apply_due_defaults_lazily
from webapp.choices.queries import (
    count_current_choices_by_provider,
    count_invitations,
    get_invitation,
    get_service,
    get_staff_email,
    get_switch_request,
    list_choice_history,
    list_invitation_rows,
    list_provider_names,
    list_providers_for_service,
    list_switch_requests,
)
from webapp.choices.rules import (
    ChoiceRefused,
    ChoiceState,
    create_invitation,
    read_status,
    record_choice,
)
from webapp.core import clock
from webapp.core.clock import utc_now
from webapp.core.db import get_session
from webapp.core.i18n import text_direction
from webapp.core.spreadsheets import csv_download, excel_csv
from webapp.staff.audit import record_event, snapshot
from webapp.staff.permissions import permission_required
from webapp.web.admin import bp
from webapp.web.admin.choice_forms import (
    ChoiceFilterForm,
    InvitationForm,
    RecordChoiceForm,
    ReopenForm,
    SwitchDecisionForm,
)
from webapp.web.admin.forms import ActionForm

PER_PAGE = 50
# Flash categories read only by the choice pages: done, and refused.
FLASH = "choices"
FLASH_REFUSED = "choices-refused"
# What the audit log keeps of an invitation: never the code or its hash.
AUDITED_FIELDS = (
    "service_id",
    "decision_date",
    "deadline",
    "letter_lang",
    "case_reference",
    "cancelled_at",
    "reopened_until",
    "locked",
    "code_attempts",
)
# Forms sent twice (a reload of the page showing the code) create one invitation.
SUBMISSIONS_KEPT = 10

STATE_LABELS = {
    # I18N: State of an invitation: the client has not chosen a provider yet.
    ChoiceState.WAITING: _l("Väntar på val"),
    # I18N: State of an invitation: the client (or a caseworker for them) chose a provider.
    ChoiceState.CHOSEN: _l("Vald"),
    # I18N: State of an invitation: no choice in time, so the municipality's own provider.
    ChoiceState.DEFAULT_APPLIED: _l("Ickevalsalternativ"),
    # I18N: State of an invitation: the client asked to switch provider; a decision is due.
    ChoiceState.SWITCH_REQUESTED: _l("Byte begärt"),
    # I18N: State of an invitation: withdrawn by a caseworker; the code no longer works.
    ChoiceState.CANCELLED: _l("Makulerad"),
}
KIND_LABELS = {
    # I18N: How a choice was made: by the client (on the site or through a caseworker).
    "client": _l("Klientens val"),
    # I18N: How a choice was made: the default provider after the deadline.
    "default": _l("Ickevalsalternativ"),
    # I18N: How a choice was made: an approved switch of provider.
    "switch": _l("Byte"),
}


@bp.context_processor
def choice_labels():
    """Give the choice templates the names of states and kinds of choice."""
    return {"choice_state_labels": STATE_LABELS, "choice_kind_labels": KIND_LABELS}


@bp.get("/choices")
@permission_required("manage_choices")
def choices():
    """List invitations, newest first, with their state, filtered and a page at a time."""
    db, today = get_session(), clock.today()
    # Defaults due since the daily job last ran count before states are shown.
    apply_due_defaults_lazily(db, today=today)
    schemes = list_schemes(db)
    form = ChoiceFilterForm(formdata=request.args)
    form.offer(schemes, list_provider_names(db), STATE_LABELS)
    rows, counts, total, page = [], [], 0, 1
    if form.validate():
        filters = form.filters(schemes)
        total = count_invitations(db, filters=filters, today=today)
        # Out-of-range page numbers show the nearest page that exists.
        page = min(max(request.args.get("page", 1, type=int), 1), max(ceil(total / PER_PAGE), 1))
        rows = list_invitation_rows(
            db, filters=filters, today=today, limit=PER_PAGE, offset=(page - 1) * PER_PAGE
        )
        counts = count_current_choices_by_provider(db, filters=filters, today=today)
    filter_args = {key: value for key, value in request.args.items(multi=True) if key != "page"}
    return render_template(
        "admin/choices/list.html",
        form=form,
        rows=rows,
        counts=counts,
        total=total,
        page=page,
        pages=max(ceil(total / PER_PAGE), 1),
        today=today,
        csv_url=url_for("admin.choices_csv", **filter_args),
        services={service.id: service for service in index_services(schemes).values()},
        flash=FLASH,
    )


@bp.get("/choices.csv")
@permission_required("manage_choices")
def choices_csv():
    """Export every invitation matching the filters as a CSV file for Swedish Excel."""
    db, today = get_session(), clock.today()
    apply_due_defaults_lazily(db, today=today)
    schemes = list_schemes(db)
    form = ChoiceFilterForm(formdata=request.args)
    form.offer(schemes, list_provider_names(db), STATE_LABELS)
    if not form.validate():
        # The list page shows what is wrong with the filters.
        return redirect(url_for("admin.choices", **request.args.to_dict(flat=False)))
    rows = list_invitation_rows(db, filters=form.filters(schemes), today=today)
    filename = f"val-av-anordnare-{today.isoformat()}.csv"
    return csv_download(choices_csv_text(rows), filename)


def choices_csv_text(rows) -> str:
    """Write invitations as CSV for Swedish Excel."""
    header = [
        # I18N: Column headings of the choices export; short, lower case.
        _("id"),
        _("ärendenummer"),
        _("insats"),
        _("beslutsdatum"),
        _("sista dag"),
        _("status"),
        _("organisationsnummer"),
        _("anordnare"),
        _("vald"),
        _("sätt"),
    ]
    return excel_csv(header, (invitation_row(row) for row in rows))


def invitation_row(row) -> tuple:
    """Return one invitation's cells for the export."""
    current = row.status.current
    return (
        row.invitation.id,
        row.invitation.case_reference,
        row.service_code,
        row.invitation.decision_date.isoformat(),
        row.invitation.deadline.isoformat(),
        STATE_LABELS[row.status.state],
        row.provider.org_number if row.provider else "",
        row.provider.name if row.provider else "",
        format_datetime(current.chosen_at, "yyyy-MM-dd HH:mm") if current else "",
        KIND_LABELS.get(current.kind, current.kind) if current else "",
    )


def submission_token() -> str:
    """Return a fresh token identifying one filled-in invitation form."""
    return secrets.token_urlsafe(16)


def earlier_submission(token: str) -> int | None:
    """Return the invitation a form with this token already created, if any."""
    return session.get("choice_submissions", {}).get(token or "")


def remember_submission(token: str, invitation_id: int) -> None:
    """Remember which invitation a form created; only ids, never a code."""
    kept = list(session.get("choice_submissions", {}).items())[-(SUBMISSIONS_KEPT - 1) :]
    session["choice_submissions"] = dict([*kept, (token, invitation_id)])


def render_letter(invitation, service, code: str) -> Markup:
    """Render the printable letter in its own language (the template engine builds the HTML)."""
    lang = invitation.letter_lang
    with force_locale(lang):
        # Safe: the autoescaping template engine built this HTML, not string formatting.
        return Markup(  # noqa: S704
            render_template(
                "letters/choice_letter.html",
                invitation=invitation,
                service=service,
                code_groups=code.split("-"),
                letter_lang=lang,
                letter_dir=text_direction(lang),
                choose_url=url_for("public.choose", lang=lang, _external=True),
            )
        )


@bp.route("/choices/new", methods=["GET", "POST"])
@permission_required("manage_choices")
def choice_new():
    """Create an invitation and show its code and letter, once."""
    db, today = get_session(), clock.today()
    schemes = list_schemes(db)
    form = InvitationForm(
        decision_date=today,
        deadline=today + timedelta(days=current_app.config["CHOICE_DEADLINE_DAYS"]),
        letter_lang="sv",
        submission=submission_token(),
    )
    form.offer(schemes, current_app.config["LANGUAGES"])
    if not form.validate_on_submit():
        return render_template("admin/choices/new.html", form=form)
    earlier = earlier_submission(form.submission.data)
    if earlier is not None:
        flash(_("Inbjudan var redan skapad. Koden visas bara en gång."), FLASH)
        return redirect(url_for("admin.choice", invitation_id=earlier))
    service = index_services(schemes)[form.service.data]
    invitation, code = create_invitation(
        db,
        service_id=service.id,
        decision_date=form.decision_date.data,
        deadline=form.deadline.data,
        letter_lang=form.letter_lang.data,
        case_reference=form.case_reference.data or "",
        key=current_app.config["CHOICE_CODE_KEY"],
        created_by=current_user.id,
    )
    record_event(
        db,
        "choice.invite",
        entity_type="choice_invitation",
        entity_id=invitation.id,
        summary=service.code,
        after=snapshot(invitation, AUDITED_FIELDS),
    )
    db.commit()
    remember_submission(form.submission.data, invitation.id)
    # Shown from the POST itself: the code is neither stored nor reachable by a link.
    return render_template(
        "admin/choices/created.html",
        invitation=invitation,
        service=service,
        code_groups=code.split("-"),
        letter=render_letter(invitation, service, code),
    )


def show_invitation(invitation_id: int, **forms):
    """Render an invitation's page, with forms that came back with errors if any."""
    db, today = get_session(), clock.today()
    invitation = get_invitation(db, invitation_id=invitation_id) or abort(404)
    apply_default_and_commit(db, invitation, today)
    status = read_status(db, invitation, today)
    providers = list_providers_for_service(db, service_id=invitation.service_id, day=today)
    record_form = forms.get("record_form") or RecordChoiceForm(formdata=None)
    record_form.offer(providers)
    reopen_form = forms.get("reopen_form") or ReopenForm(
        formdata=None,
        open_until=today + timedelta(days=current_app.config["CHOICE_DEADLINE_DAYS"]),
    )
    return render_template(
        "admin/choices/detail.html",
        invitation=invitation,
        status=status,
        today=today,
        service=get_service(db, service_id=invitation.service_id),
        created_by=get_staff_email(db, user_id=invitation.created_by),
        history=list_choice_history(db, invitation_id=invitation.id),
        switches=list_switch_requests(db, invitation_id=invitation.id),
        record_form=record_form,
        reopen_form=reopen_form,
        switch_form=forms.get("switch_form") or SwitchDecisionForm(formdata=None),
        flash=FLASH,
    )


@bp.get("/choices/<int:invitation_id>")
@permission_required("manage_choices")
def choice(invitation_id: int):
    """Show an invitation: its state, the choices made, switch requests and actions."""
    return show_invitation(invitation_id)


def load_invitation(invitation_id: int):
    """Return the invitation or answer 404."""
    return get_invitation(get_session(), invitation_id=invitation_id) or abort(404)


def back_to(invitation, message: str, *, refused: bool = False):
    """Flash a message and go back to the invitation's page."""
    flash(message, FLASH_REFUSED if refused else FLASH)
    return redirect(url_for("admin.choice", invitation_id=invitation.id))


@bp.post("/choices/<int:invitation_id>/cancel")
@permission_required("manage_choices")
def choice_cancel(invitation_id: int):
    """Cancel an invitation: its code stops working; recorded choices stay in the history."""
    db, invitation = get_session(), load_invitation(invitation_id)
    if ActionForm().validate_on_submit() and invitation.cancelled_at is None:
        before = snapshot(invitation, AUDITED_FIELDS)
        invitation.cancelled_at = utc_now()
        db.add(invitation)
        record_event(
            db,
            "choice.cancel",
            entity_type="choice_invitation",
            entity_id=invitation.id,
            before=before,
            after=snapshot(invitation, AUDITED_FIELDS),
        )
        db.commit()
    return back_to(invitation, _("Inbjudan är makulerad."))


@bp.post("/choices/<int:invitation_id>/reopen")
@permission_required("manage_choices")
def choice_reopen(invitation_id: int):
    """Let the client choose again until a day, and unlock the code."""
    db, invitation = get_session(), load_invitation(invitation_id)
    if invitation.cancelled_at is not None:
        # The page offers no actions once cancelled: this came from a page left open.
        return back_to(invitation, _("En makulerad inbjudan kan inte öppnas igen."), refused=True)
    form = ReopenForm()
    if not form.validate_on_submit():
        return show_invitation(invitation_id, reopen_form=form)
    before = snapshot(invitation, AUDITED_FIELDS)
    invitation.reopened_until = form.open_until.data
    invitation.locked = False
    invitation.code_attempts = 0
    db.add(invitation)
    record_event(
        db,
        "choice.reopen",
        entity_type="choice_invitation",
        entity_id=invitation.id,
        before=before,
        after=snapshot(invitation, AUDITED_FIELDS),
    )
    db.commit()
    return back_to(invitation, _("Valet är öppet igen."))


@bp.post("/choices/<int:invitation_id>/record")
@permission_required("manage_choices")
def choice_record(invitation_id: int):
    """Record a choice the client made by phone or in person."""
    db, today = get_session(), clock.today()
    invitation = load_invitation(invitation_id)
    if invitation.cancelled_at is not None:
        return back_to(
            invitation, _("Inbjudan är makulerad. Inget val kan registreras."), refused=True
        )
    form = RecordChoiceForm()
    form.offer(list_providers_for_service(db, service_id=invitation.service_id, day=today))
    if form.validate_on_submit():
        problem = record_for_client(invitation, int(form.provider_id.data))
        if problem is None:
            return back_to(invitation, _("Valet är registrerat."))
        form.provider_id.errors.append(problem)
    return show_invitation(invitation_id, record_form=form)


def record_for_client(invitation, provider_id: int) -> str | None:
    """Record and commit the client's choice with its audit event; return a problem or None."""
    db, today = get_session(), clock.today()
    # A default that fell due is recorded (and audited) first, so the history is true.
    apply_default_and_commit(db, invitation, today)
    status = read_status(db, invitation, today)
    if status.current is not None and status.current.provider_id == provider_id:
        return _("Anordnaren är redan det gällande valet.")
    try:
        choice = record_choice(
            db,
            invitation,
            provider_id=provider_id,
            kind="client",
            today=today,
            recorded_by=current_user.id,
        )
        record_event(
            db,
            "choice.record",
            entity_type="choice_invitation",
            entity_id=invitation.id,
            summary=f"provider {provider_id}",
            after={"choice_id": choice.id, "provider_id": provider_id, "kind": choice.kind},
        )
        db.commit()
    except ChoiceRefused:
        return _("Anordnaren är inte auktoriserad för insatsen i dag.")
    except IntegrityError:
        db.rollback()
        return _("Ett annat val registrerades samtidigt. Se historiken och försök igen.")
    return None


@bp.post("/switches/<int:request_id>")
@permission_required("manage_choices")
def switch_decide(request_id: int):
    """Approve a switch request (recording the new choice) or reject it with a reason."""
    switch = get_switch_request(get_session(), request_id=request_id) or abort(404)
    invitation = load_invitation(switch.invitation_id)
    if switch.status != "pending":
        # Decided already, perhaps by a colleague, since this page was opened.
        return back_to(invitation, _("Begäran om byte är redan avgjord."), refused=True)
    form = SwitchDecisionForm()
    if form.validate_on_submit():
        approve = form.decision.data == "approve"
        problem = decide_switch(invitation, switch, form)
        if problem is None:
            done = _("Bytet är godkänt.") if approve else _("Bytet är avslaget.")
            return back_to(invitation, done)
        form.decision.errors.append(problem)
    return show_invitation(invitation.id, switch_form=form)


def decide_switch(invitation, switch, form: SwitchDecisionForm) -> str | None:
    """Record and commit the decision on a switch request; return a problem or None."""
    db, today = get_session(), clock.today()
    approve = form.decision.data == "approve"
    if approve and invitation.cancelled_at is not None:
        return _("Inbjudan är makulerad. Bytet kan bara avslås.")
    before = snapshot(switch, ("status", "decision_reason"))
    try:
        if approve:
            record_choice(
                db,
                invitation,
                provider_id=switch.provider_id,
                kind="switch",
                today=today,
                recorded_by=current_user.id,
            )
        switch.status = "approved" if approve else "rejected"
        switch.decided_at = utc_now()
        switch.decided_by = current_user.id
        switch.decision_reason = (form.decision_reason.data or "").strip()
        db.add(switch)
        record_event(
            db,
            "choice.switch_approve" if approve else "choice.switch_reject",
            entity_type="switch_request",
            entity_id=switch.id,
            summary=f"invitation {invitation.id}, provider {switch.provider_id}",
            before=before,
            after=snapshot(switch, ("status", "decision_reason")),
        )
        db.commit()
    except ChoiceRefused:
        return _(
            "Anordnaren som personen vill byta till är inte längre auktoriserad för insatsen."
            " Avslå begäran och skriv varför."
        )
    except IntegrityError:
        db.rollback()
        return _("Ett annat val registrerades samtidigt. Se historiken och försök igen.")
    return None
