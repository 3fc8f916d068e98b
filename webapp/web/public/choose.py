"""The client's choice pages after the code: compare and choose, confirm, receipt, switch.

The pages hang off the public blueprint, so they live under /<lang>/ like the rest
of the public site. Entering the code is in ``choose_code``, what the browser
keeps in ``choose_session`` and the "choose this provider" button on the public
pages in ``choose_offer``, the warning before the code is forgotten in
``choose_timeout``. Reading these pages changes nothing stored; confirming
a choice and asking to switch are the only writes here, each one action.
"""

import secrets
from dataclasses import replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import current_app, flash, redirect, render_template, request, session, url_for

from webapp.choices.actions import confirm, request_switch
from webapp.choices.queries import find_choosable_provider, read_choice_page
from webapp.choices.rules import ChoiceRefused, Refusal, reference_number
from webapp.core import clock
from webapp.core.activelocale import gettext as _
from webapp.core.db import get_session
from webapp.core.extensions import csrf
from webapp.providers.queries import ProviderFilters, list_authorized_providers
from webapp.results.listing import list_providers_with_results, sort_providers
from webapp.results.queries import Headline, summarize_headline
from webapp.web.public import (  # noqa: F401  (their routes and hooks)
    choose_code,
    choose_offer,
    choose_timeout,
)
from webapp.web.public.choose_forms import MAX_REASON_LENGTH, ConfirmForm, SwitchForm
from webapp.web.public.choose_session import invitation_required
from webapp.web.public.filters import read_filters
from webapp.web.public.views import bp

CHOOSE_ENDPOINTS = {
    "public.choose",
    "public.choose_providers",
    "public.choose_confirm",
    "public.choose_receipt",
    "public.choose_switch",
    "public.choose_leave",
    "public.choose_notices",
    "public.choose_notices_erase",
    "public.choose_extend",
    "public.choose_timed_out",
    "public.choose_ended",
}
# Times are stored in UTC; the receipt shows the municipality's clock.
MUNICIPAL_TIME_ZONE = ZoneInfo("Europe/Stockholm")


@bp.after_request
def keep_choice_pages_private(response):
    """Choice pages belong to one person: never cache them, never index them."""
    if request.endpoint in CHOOSE_ENDPOINTS:
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def load_headline(service_id: int) -> Headline:
    """Return the headline results of every provider for one service."""
    return summarize_headline(
        get_session(), service_id=service_id, minimum=current_app.config["MIN_GROUP_SIZE"]
    )


def list_choosable(service_id: int, today, headline: Headline, sort: str):
    """Return the providers authorized for the service today, sorted as asked."""
    found = list_authorized_providers(
        get_session(), today=today, filters=ProviderFilters(service_id=service_id)
    )
    return sort_providers(found, headline, sort)


def municipal_time(moment: datetime) -> datetime:
    """Return a stored moment on the municipality's clock (SQLite gives it back without zone)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(MUNICIPAL_TIME_ZONE)


@bp.get("/choose/providers")
@invitation_required
def choose_providers(invitation):
    """Show the choice as it stands and, while it is open, the providers to choose from.

    The list takes the public list's filters and sort; the service is always the
    invitation's, whatever the address says.
    """
    db, today = get_session(), clock.today()
    page = read_choice_page(db, invitation=invitation, today=today)
    listing = None
    if page.status.can_choose:
        asked = replace(read_filters(request.args), service=page.service.code, selected=[])
        listing = list_providers_with_results(
            db, asked=asked, today=today, minimum=current_app.config["MIN_GROUP_SIZE"]
        )
    return render_template(
        "public/choose/providers.html", page=page, listing=listing, filtered=bool(request.args)
    )


def confirm_form_for(provider, message: str | None = None) -> ConfirmForm:
    """Return a fresh confirm form for a provider, with a message above it if one is given."""
    form = ConfirmForm(formdata=None, provider=provider.slug, token=secrets.token_urlsafe(16))
    if message:
        form.form_errors.append(message)
    return form


@bp.route("/choose/confirm", methods=["GET", "POST"])
@invitation_required
def choose_confirm(invitation):
    """Show a summary of the provider picked and record the choice once confirmed."""
    db, today = get_session(), clock.today()
    page = read_choice_page(db, invitation=invitation, today=today)
    posted = request.method == "POST"
    if not page.status.can_choose:
        if posted:
            flash(_("Valet kunde inte sparas. Här ser du hur ditt val står nu."))
        return redirect(url_for("public.choose_providers"), 303)
    form = ConfirmForm()
    slug = form.provider.data if posted else request.args.get("provider")
    # Whatever the request says, only a provider authorized for the service today.
    provider = find_choosable_provider(
        db, slug=slug or "", service_id=invitation.service_id, day=today
    )
    if provider is None:
        return render_template("public/choose/refused.html", page=page), 422
    status, message = 200, None
    if form.validate_on_submit():
        try:
            confirm(db, invitation, provider_id=provider.id, token=form.token.data, today=today)
        except ChoiceRefused as refused:
            if refused.reason is Refusal.NOT_AUTHORIZED:
                return render_template("public/choose/refused.html", page=page), 422
            if refused.reason is Refusal.CONFLICT:
                flash(_("Ett val registrerades samtidigt. Här ser du valet som gäller."))
            if refused.reason in (Refusal.CONFLICT, Refusal.SENT_TWICE):
                return redirect(url_for("public.choose_receipt"), 303)
            flash(_("Valet kunde inte sparas. Här ser du hur ditt val står nu."))
            return redirect(url_for("public.choose_providers"), 303)
        return redirect(url_for("public.choose_receipt"), 303)
    if posted:
        # A form that came back without its token, or with a garbled one: ask once more.
        status = 422
        message = _("Vi kunde inte ta emot din bekräftelse. Kontrollera valet och bekräfta igen.")
    return render_template(
        "public/choose/confirm.html",
        page=page,
        provider=provider,
        outcome=load_headline(invitation.service_id).outcome_for(provider.id),
        form=confirm_form_for(provider, message),
    ), status


@bp.get("/choose/receipt")
@invitation_required
def choose_receipt(invitation):
    """Show the choice that stands, with its reference number and what happens next."""
    page = read_choice_page(get_session(), invitation=invitation, today=clock.today())
    if page.status.provider_id is None:
        return redirect(url_for("public.choose_providers"))
    recorded = page.status.current
    chosen_at = recorded and municipal_time(recorded.chosen_at)
    return render_template(
        "public/choose/receipt.html",
        page=page,
        reference=recorded and reference_number(recorded),
        chosen_at=chosen_at,
    )


@bp.route("/choose/switch", methods=["GET", "POST"])
@invitation_required
def choose_switch(invitation):
    """Let a client whose choice is fixed ask the caseworker to switch provider."""
    db, today = get_session(), clock.today()
    page = read_choice_page(db, invitation=invitation, today=today)
    candidates = []
    if page.can_request_switch:
        everyone = list_choosable(invitation.service_id, today, Headline(periods=None), "name")
        candidates = [p for p in everyone if p.id != page.status.provider_id]
    form = SwitchForm()
    form.provider.choices = [("", _("Välj anordnare")), *((p.slug, p.name) for p in candidates)]
    pending = page.status.pending_switch
    if request.method == "POST" and pending is not None:
        if page.switch_provider and form.provider.data == page.switch_provider.slug:
            # The same request sent again (a reload, a double click): it is already there.
            flash(_("Din begäran om byte är skickad till din handläggare."), "success")
            return redirect(url_for("public.choose_providers"), 303)
        # One request at a time: the caseworker decides on it before the next.
        return render_switch(page, form, refused_twice=True, status=409)
    if request.method == "POST" and not page.can_request_switch:
        return render_switch(page, form, status=409)
    if form.validate_on_submit():
        chosen = next((p for p in candidates if p.slug == form.provider.data), None)
        refusal = Refusal.NOT_AUTHORIZED
        if chosen is not None:
            refusal = send_switch_request(invitation, chosen.id, form.reason.data)
        if refusal is None:
            flash(_("Din begäran om byte är skickad till din handläggare."), "success")
            return redirect(url_for("public.choose_providers"), 303)
        form.provider.errors.append(switch_refusal(refusal))
    return render_switch(page, form, status=422 if request.method == "POST" else 200)


def render_switch(page, form, *, refused_twice: bool = False, status: int = 200):
    """Show the switch page; a refused request answers with an error status (nothing stored)."""
    return render_template(
        "public/choose/switch.html",
        page=page,
        form=form,
        refused_twice=refused_twice,
        max_reason=MAX_REASON_LENGTH,
    ), status


def switch_refusal(reason: Refusal) -> str:
    """Say in plain words why a switch request was not sent."""
    if reason is Refusal.SWITCH_PENDING:
        return _("Du har redan en begäran om byte som väntar på beslut.")
    if reason is Refusal.ALREADY_CURRENT:
        return _("Det är redan din anordnare. Välj en annan anordnare i listan.")
    return _("Välj en anordnare i listan.")


def send_switch_request(invitation, provider_id: int, reason: str) -> Refusal | None:
    """Send the switch request; return why the rules refused it, or None."""
    try:
        request_switch(
            get_session(), invitation, provider_id=provider_id, reason=reason, today=clock.today()
        )
    except ChoiceRefused as refused:
        return refused.reason
    return None


# Forgetting the code must work even from a page left open past its form token's
# life; a forged request can do no more than log the visitor out.
@bp.post("/choose/leave")
@csrf.exempt
def choose_leave():
    """Forget the code in this browser."""
    session.clear()
    flash(_("Du är utloggad. Webbläsaren kommer inte längre ihåg din kod."), "success")
    return redirect(url_for("public.choose"), 303)


# The optional e-mail notices hang off the choice pages.
from webapp.web.public import notices  # noqa: E402, F401
