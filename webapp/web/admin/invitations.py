"""Caseworkers' pages for one invitation: create it, see it, and act on it.

Each POST reads the form, calls one action from ``webapp.choices.actions`` and
answers; the request commits once on success. Showing a page changes nothing.
"""

import secrets
from datetime import timedelta

from flask import abort, current_app, flash, redirect, render_template, session, url_for
from flask_login import current_user

from webapp.catalog.queries import index_services, list_schemes
from webapp.choices.actions import cancel, decide_switch, invite, record, reopen
from webapp.choices.code_actions import reissue_code, unlock_code
from webapp.choices.code_entry import lock_in_force
from webapp.choices.queries import (
    get_invitation,
    get_service,
    get_switch_request,
    list_providers_for_service,
    read_invitation_page,
)
from webapp.choices.rules import ChoiceRefused, Refusal
from webapp.core import clock
from webapp.core.activelocale import gettext as _
from webapp.core.clock import utc_now
from webapp.core.db import get_session
from webapp.staff.permissions import permission_required
from webapp.web.admin import bp
from webapp.web.admin.choice_forms import (
    InvitationForm,
    NewCodeForm,
    RecordChoiceForm,
    ReopenForm,
    SwitchDecisionForm,
)
from webapp.web.admin.choice_letter import render_letter
from webapp.web.admin.choices import FLASH, FLASH_REFUSED
from webapp.web.admin.forms import ActionForm

# Forms sent twice (a reload of the page showing the code) create one invitation.
SUBMISSIONS_KEPT = 10


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
    try:
        invitation, code = invite(
            db,
            service=service,
            decision_date=form.decision_date.data,
            deadline=form.deadline.data,
            letter_lang=form.letter_lang.data,
            case_reference=form.case_reference.data or "",
            key=current_app.config["CHOICE_CODE_KEY"],
            created_by=current_user.id,
            today=today,
        )
    except ChoiceRefused as refused:
        form.show_refusal(refused.reason)
        return render_template("admin/choices/new.html", form=form)
    remember_submission(form.submission.data, invitation.id)
    return show_code(invitation, service, code)


def show_code(invitation, service, code: str, *, new_code: bool = False):
    """Show a code and its letter, once, from the POST that made it."""
    # Shown from the POST itself: the code is neither stored nor reachable by a link.
    return render_template(
        "admin/choices/created.html",
        invitation=invitation,
        service=service,
        code_groups=code.split("-"),
        letter=render_letter(invitation, service, code, caseworker=current_user),
        new_code=new_code,
    )


def show_invitation(invitation, **forms):
    """Render an invitation's page, with forms that came back with errors if any."""
    today = clock.today()
    page = read_invitation_page(get_session(), invitation=invitation, today=today)
    record_form = forms.get("record_form") or RecordChoiceForm(formdata=None)
    record_form.offer(page.providers)
    reopen_form = forms.get("reopen_form") or ReopenForm(
        formdata=None,
        open_until=today + timedelta(days=current_app.config["CHOICE_DEADLINE_DAYS"]),
    )
    return render_template(
        "admin/choices/detail.html",
        page=page,
        invitation=page.invitation,
        status=page.status,
        record_form=record_form,
        reopen_form=reopen_form,
        switch_form=forms.get("switch_form") or SwitchDecisionForm(formdata=None),
        code_form=NewCodeForm(formdata=None, submission=submission_token()),
        code_locked_until=lock_in_force(page.invitation, utc_now()),
        flash=FLASH,
    )


def load_invitation(invitation_id: int):
    """Return the invitation or answer 404."""
    return get_invitation(get_session(), invitation_id=invitation_id) or abort(404)


def back_to(invitation, message: str, *, refused: bool = False):
    """Flash a message and go back to the invitation's page."""
    flash(message, FLASH_REFUSED if refused else FLASH)
    return redirect(url_for("admin.choice", invitation_id=invitation.id))


@bp.get("/choices/<int:invitation_id>")
@permission_required("manage_choices")
def choice(invitation_id: int):
    """Show an invitation: its state, the choices made, switch requests and actions."""
    return show_invitation(load_invitation(invitation_id))


@bp.post("/choices/<int:invitation_id>/cancel")
@permission_required("manage_choices")
def choice_cancel(invitation_id: int):
    """Cancel an invitation: its code stops working; recorded choices stay in the history."""
    invitation = load_invitation(invitation_id)
    if ActionForm().validate_on_submit():
        cancel(get_session(), invitation, today=clock.today())
    return back_to(invitation, _("Inbjudan är makulerad."))


@bp.post("/choices/<int:invitation_id>/reopen")
@permission_required("manage_choices")
def choice_reopen(invitation_id: int):
    """Let the client choose again until a day, and unlock the code."""
    invitation = load_invitation(invitation_id)
    if invitation.cancelled_at is not None:
        # The page offers no actions once cancelled: this came from a page left open.
        return back_to(invitation, _("En makulerad inbjudan kan inte öppnas igen."), refused=True)
    form = ReopenForm()
    if form.validate_on_submit():
        try:
            reopen(get_session(), invitation, open_until=form.open_until.data, today=clock.today())
        except ChoiceRefused as refused:
            form.show_refusal(refused.reason)
        else:
            return back_to(invitation, _("Valet är öppet igen."))
    return show_invitation(invitation, reopen_form=form)


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
        try:
            record(
                db,
                invitation,
                provider_id=int(form.provider_id.data),
                today=today,
                recorded_by=current_user.id,
            )
        except ChoiceRefused as refused:
            form.provider_id.errors.append(record_refusal(refused.reason))
        else:
            return back_to(invitation, _("Valet är registrerat."))
    return show_invitation(invitation, record_form=form)


def record_refusal(reason: Refusal) -> str:
    """Say why a choice could not be recorded."""
    if reason is Refusal.ALREADY_CURRENT:
        return _("Anordnaren är redan det gällande valet.")
    if reason is Refusal.NOT_AUTHORIZED:
        return _("Anordnaren är inte auktoriserad för insatsen i dag.")
    return _("Ett annat val registrerades samtidigt. Se historiken och försök igen.")


def switch_refusal(reason: Refusal) -> str:
    """Say why a switch decision could not be recorded."""
    if reason is Refusal.DECIDED:
        return _("Begäran om byte är redan avgjord.")
    if reason is Refusal.CANCELLED:
        return _("Inbjudan är makulerad. Bytet kan bara avslås.")
    if reason is Refusal.NOT_AUTHORIZED:
        return _(
            "Anordnaren som personen vill byta till är inte längre auktoriserad för insatsen."
            " Avslå begäran och skriv varför."
        )
    return _("Ett annat val registrerades samtidigt. Se historiken och försök igen.")


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
        try:
            decide_switch(
                get_session(),
                invitation,
                switch,
                approve=approve,
                reason=form.decision_reason.data or "",
                today=clock.today(),
                decided_by=current_user.id,
            )
        except ChoiceRefused as refused:
            form.decision.errors.append(switch_refusal(refused.reason))
        else:
            return back_to(
                invitation, _("Bytet är godkänt.") if approve else _("Bytet är avslaget.")
            )
    return show_invitation(invitation, switch_form=form)


@bp.post("/choices/<int:invitation_id>/unlock")
@permission_required("manage_choices")
def choice_unlock(invitation_id: int):
    """Let the client enter the code again at once, and count wrong entries afresh."""
    invitation = load_invitation(invitation_id)
    if not ActionForm().validate_on_submit():
        return back_to(invitation, _("Formuläret kunde inte skickas. Försök igen."), refused=True)
    try:
        unlock_code(get_session(), invitation, today=clock.today())
    except ChoiceRefused:
        return back_to(invitation, _("En makulerad inbjudan har ingen kod."), refused=True)
    return back_to(invitation, _("Koden är upplåst. Klienten kan skriva den igen."))


@bp.post("/choices/<int:invitation_id>/new-code")
@permission_required("manage_choices")
def choice_new_code(invitation_id: int):
    """Give the invitation a new code and show its letter, once; the old code stops working."""
    db = get_session()
    invitation = load_invitation(invitation_id)
    form = NewCodeForm()
    if not form.validate_on_submit():
        return back_to(invitation, _("Formuläret kunde inte skickas. Försök igen."), refused=True)
    if earlier_submission(form.submission.data) is not None:
        # The page showing the new code was reloaded: one new code, shown once.
        return back_to(
            invitation,
            _(
                "Den nya koden är redan skapad och visas bara en gång."
                " Skapa en ny kod igen om den inte kom fram."
            ),
            refused=True,
        )
    try:
        code = reissue_code(
            db, invitation, key=current_app.config["CHOICE_CODE_KEY"], today=clock.today()
        )
    except ChoiceRefused:
        return back_to(invitation, _("En makulerad inbjudan har ingen kod."), refused=True)
    remember_submission(form.submission.data, invitation.id)
    return show_code(
        invitation, get_service(db, service_id=invitation.service_id), code, new_code=True
    )
