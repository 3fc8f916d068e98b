"""The client's online choice: enter the code, compare and choose, confirm, receipt, switch.

The pages hang off the public blueprint, so they live under /<lang>/ like the rest
of the public site. The only thing kept in the browser is the invitation's id, in
the signed session cookie, after a valid code: no name, no code. Reading these
pages changes nothing stored; confirming a choice and asking to switch are the
only writes, each one action.
"""

import secrets
from datetime import UTC, datetime
from functools import wraps
from zoneinfo import ZoneInfo

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import format_date, format_time
from flask_babel import gettext as _

from webapp.choices.actions import confirm, request_switch
from webapp.choices.codes import normalize_code, rate_limit_key
from webapp.choices.queries import (
    find_choosable_provider,
    find_invitation_by_code,
    get_invitation,
    read_choice_page,
)
from webapp.choices.rules import ChoiceRefused, Refusal, reference_number
from webapp.core import clock
from webapp.core.db import get_session
from webapp.core.extensions import csrf, limiter
from webapp.providers.queries import ProviderFilters, list_authorized_providers
from webapp.results.listing import describe_order, sort_providers
from webapp.results.queries import Headline, summarize_headline
from webapp.web.public.choose_forms import MAX_REASON_LENGTH, CodeForm, ConfirmForm, SwitchForm
from webapp.web.public.views import bp

SESSION_KEY = "choice_invitation"
CHOOSE_ENDPOINTS = {
    "public.choose",
    "public.choose_providers",
    "public.choose_confirm",
    "public.choose_receipt",
    "public.choose_switch",
    "public.choose_leave",
    "public.choose_notices",
    "public.choose_notices_erase",
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


def code_limit_per_ip() -> str:
    """Return the per-address limit on code entries from the config."""
    return current_app.config["CHOICE_RATE_LIMIT_IP"]


def code_limit_per_code() -> str:
    """Return the per-code limit on code entries."""
    return current_app.config["CHOICE_RATE_LIMIT_CODE"]


def typed_text() -> str:
    """Return what was typed into the code field, cut to a sensible length."""
    return request.form.get("code", "")[:100]


def is_not_a_code() -> bool:
    """Tell whether the typed text cannot be any code (the per-address limit still counts it)."""
    # Counting such text per "code" would let a few typos lock everyone out of, say, "".
    return normalize_code(typed_text()) is None


def typed_code_key() -> str:
    """Key the per-code limit on a keyed hash of the code typed, never on the code itself."""
    return rate_limit_key(typed_text(), current_app.config["CHOICE_CODE_KEY"])


def open_choice(invitation_id: int) -> None:
    """Start a fresh session that holds only the invitation's id."""
    session.clear()  # nothing from before the code carries over
    session.permanent = True  # ends after PERMANENT_SESSION_LIFETIME without activity
    session[SESSION_KEY] = invitation_id


def invitation_required(view):
    """Give the view the invitation of this browser's code, or ask for the code."""

    @wraps(view)
    def wrapper(**kwargs):
        invitation_id = session.get(SESSION_KEY)
        invitation = None
        if isinstance(invitation_id, int):
            invitation = get_invitation(get_session(), invitation_id=invitation_id)
        if invitation is None:
            session.pop(SESSION_KEY, None)
            flash(_("Skriv koden från brevet för att se ditt val."), "info")
            return redirect(url_for("public.choose"))
        return view(invitation, **kwargs)

    return wrapper


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


@bp.route("/choose", methods=["GET", "POST"])
@limiter.limit(code_limit_per_ip, methods=["POST"])
@limiter.limit(
    code_limit_per_code, key_func=typed_code_key, exempt_when=is_not_a_code, methods=["POST"]
)
def choose():
    """Ask for the code from the letter and open the choice it belongs to."""
    form = CodeForm()
    if form.validate_on_submit():
        invitation = find_invitation_by_code(
            get_session(), code=form.code.data, key=current_app.config["CHOICE_CODE_KEY"]
        )
        # Malformed, unknown and cancelled codes get the same words: nothing to learn.
        if invitation is None or invitation.cancelled_at is not None:
            form.code.errors.append(
                _(
                    "Koden stämmer inte. Kontrollera att du har skrivit av koden rätt."
                    " Om det fortfarande inte fungerar, kontakta din handläggare."
                )
            )
        elif invitation.locked:
            form.code.errors.append(
                _("Koden är låst efter för många försök. Kontakta din handläggare.")
            )
        else:
            open_choice(invitation.id)
            return redirect(url_for("public.choose_providers"), 303)
    opened = isinstance(session.get(SESSION_KEY), int)
    return render_template("public/choose/enter.html", form=form, opened=opened)


@bp.get("/choose/providers")
@invitation_required
def choose_providers(invitation):
    """Show the choice as it stands and, while it is open, the providers to choose from."""
    today = clock.today()
    page = read_choice_page(get_session(), invitation=invitation, today=today)
    sort = "result" if request.args.get("sort") == "result" else "name"
    providers, headline = [], Headline(periods=None)
    if page.status.can_choose:
        headline = load_headline(invitation.service_id)
        providers = list_choosable(invitation.service_id, today, headline, sort)
    return render_template(
        "public/choose/providers.html",
        page=page,
        providers=providers,
        headline=headline,
        sort=sort,
        order_note=describe_order(sort),
    )


@bp.route("/choose/confirm", methods=["GET", "POST"])
@invitation_required
def choose_confirm(invitation):
    """Show a summary of the provider picked and record the choice once confirmed."""
    db, today = get_session(), clock.today()
    page = read_choice_page(db, invitation=invitation, today=today)
    if not page.status.can_choose:
        return redirect(url_for("public.choose_providers"), 303)
    form = ConfirmForm()
    slug = form.provider.data if request.method == "POST" else request.args.get("provider")
    # Whatever the request says, only a provider authorized for the service today.
    provider = find_choosable_provider(
        db, slug=slug or "", service_id=invitation.service_id, day=today
    )
    if provider is None:
        return render_template("public/choose/refused.html", page=page), 422
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
            return redirect(url_for("public.choose_providers"), 303)
        return redirect(url_for("public.choose_receipt"), 303)
    form = ConfirmForm(formdata=None, provider=provider.slug, token=secrets.token_urlsafe(16))
    return render_template(
        "public/choose/confirm.html",
        page=page,
        provider=provider,
        outcome=load_headline(invitation.service_id).outcome_for(provider.id),
        form=form,
    )


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
        chosen_date=chosen_at and format_date(chosen_at.date(), "long"),
        chosen_time=chosen_at and format_time(chosen_at, "short", rebase=False),
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
