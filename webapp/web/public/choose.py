"""The client's online choice: enter the code, compare and choose, confirm, receipt, switch.

The pages hang off the public blueprint, so they live under /<lang>/ like the rest
of the public site. The only thing kept in the browser is the invitation's id, in
the signed session cookie, after a valid code: no name, no code.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import wraps
from zoneinfo import ZoneInfo

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import format_date, format_time
from flask_babel import gettext as _
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from webapp.catalog.models import Service
from webapp.choices.client_queries import (
    count_code_attempt,
    find_latest_switch_request,
    get_invitation,
    get_provider_contact,
    get_service,
)
from webapp.choices.models import ChoiceInvitation, SwitchRequest
from webapp.choices.rules import (
    ChoiceRefused,
    ChoiceState,
    InvitationStatus,
    apply_default_if_due,
    confirm_client_choice,
    find_invitation_by_code,
    is_authorized,
    normalize_code,
    read_status,
    reference_number,
)
from webapp.core import clock
from webapp.core.db import get_session
from webapp.core.extensions import csrf, limiter
from webapp.providers.models import Provider
from webapp.providers.queries import ProviderFilters, get_provider, list_authorized_providers
from webapp.results.listing import sort_providers
from webapp.results.queries import Headline, find_headline_periods, summarize_headline
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
}
# Times are stored in UTC; the receipt shows the municipality's clock.
MUNICIPAL_TIME_ZONE = ZoneInfo("Europe/Stockholm")


@dataclass(frozen=True)
class ChoicePage:
    """What every choice page shows about an invitation."""

    invitation: ChoiceInvitation
    status: InvitationStatus
    service: Service
    current_provider: Provider | None
    switch: SwitchRequest | None  # the latest switch request, pending or decided
    switch_provider: Provider | None
    can_request_switch: bool
    today: date


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


def typed_code() -> str | None:
    """Return the code typed into the form, normalised, or None if it cannot be a code."""
    return normalize_code(request.form.get("code", "")[:100])


def is_not_a_code() -> bool:
    """Tell whether the typed text cannot be any code (the per-address limit still counts it)."""
    # Counting such text per "code" would let a few typos lock everyone out of, say, "".
    return typed_code() is None


def typed_code_key() -> str:
    """Key the per-code limit on a keyed hash of the code typed, never on the code itself."""
    key = current_app.config["CHOICE_CODE_KEY"].encode()
    # A purpose prefix, so the key differs from the code's stored hash.
    message = b"rate-limit:" + (typed_code() or "").encode()
    return "choice-code:" + hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def admit_code(db: Session, invitation: ChoiceInvitation) -> bool:
    """Count an entry of a known code, lock the code once entered too often; commit."""
    if not invitation.locked:
        attempts = count_code_attempt(db, invitation)
        if attempts > current_app.config["CHOICE_CODE_MAX_ATTEMPTS"]:
            invitation.locked = True
            db.add(invitation)
    db.commit()
    return not invitation.locked


def open_choice(invitation: ChoiceInvitation) -> None:
    """Start a fresh session that holds only the invitation's id."""
    session.clear()  # nothing from before the code carries over
    session.permanent = True  # ends after PERMANENT_SESSION_LIFETIME without activity
    session[SESSION_KEY] = invitation.id


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


def settle_status(db: Session, invitation: ChoiceInvitation, today: date) -> InvitationStatus:
    """Record and commit a default that has fallen due, then describe the invitation."""
    try:
        if apply_default_if_due(db, invitation, today):
            db.commit()
    except DBAPIError:
        # Another request recorded the default at the same moment; its row stands.
        db.rollback()
    return read_status(db, invitation, today)


def may_request_switch(invitation: ChoiceInvitation, status: InvitationStatus) -> bool:
    """Tell whether the client may ask to switch: a choice stands they can no longer change."""
    # Until the choice closes the client changes it directly; a switch is for afterwards.
    return (
        status.current is not None
        and not status.can_choose
        and status.state is not ChoiceState.CANCELLED
        and not invitation.locked
    )


def load_choice_page(db: Session, invitation: ChoiceInvitation, today: date) -> ChoicePage:
    """Gather the invitation's state, service, current provider and latest switch request."""
    status = settle_status(db, invitation, today)
    switch = find_latest_switch_request(db, invitation_id=invitation.id)
    return ChoicePage(
        invitation=invitation,
        status=status,
        service=get_service(db, service_id=invitation.service_id),
        current_provider=status.current
        and get_provider_contact(db, provider_id=status.current.provider_id),
        switch=switch,
        switch_provider=switch and get_provider_contact(db, provider_id=switch.provider_id),
        can_request_switch=may_request_switch(invitation, status),
        today=today,
    )


def load_headline(db: Session, service_id: int) -> Headline:
    """Return the headline results of every provider for one service."""
    return summarize_headline(
        db,
        periods=find_headline_periods(db),
        service_id=service_id,
        minimum=current_app.config["MIN_GROUP_SIZE"],
    )


def find_choosable_provider(db: Session, slug: str, service_id: int, today: date):
    """Return the provider with this slug if it may deliver the service today, else None."""
    provider = get_provider(db, slug=slug) if slug else None
    if provider is None or not is_authorized(
        db, provider_id=provider.id, service_id=service_id, day=today
    ):
        return None
    return provider


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
        db = get_session()
        key = current_app.config["CHOICE_CODE_KEY"]
        invitation = find_invitation_by_code(db, form.code.data, key)
        # Malformed, unknown and cancelled codes get the same words: nothing to learn.
        if invitation is None or invitation.cancelled_at is not None:
            form.code.errors.append(
                _(
                    "Koden stämmer inte. Kontrollera att du har skrivit av koden rätt."
                    " Om det fortfarande inte fungerar, kontakta din handläggare."
                )
            )
        elif not admit_code(db, invitation):
            form.code.errors.append(
                _("Koden är låst efter för många försök. Kontakta din handläggare.")
            )
        else:
            open_choice(invitation)
            return redirect(url_for("public.choose_providers"), 303)
    opened = isinstance(session.get(SESSION_KEY), int)
    return render_template("public/choose/enter.html", form=form, opened=opened)


@bp.get("/choose/providers")
@invitation_required
def choose_providers(invitation):
    """Show the choice as it stands and, while it is open, the providers to choose from."""
    db, today = get_session(), clock.today()
    page = load_choice_page(db, invitation, today)
    sort = "result" if request.args.get("sort") == "result" else "name"
    providers, headline = [], Headline(periods=None)
    if page.status.can_choose:
        headline = load_headline(db, invitation.service_id)
        found = list_authorized_providers(
            db, today=today, filters=ProviderFilters(service_id=invitation.service_id)
        )
        providers = sort_providers(found, headline, sort)
    return render_template(
        "public/choose/providers.html",
        page=page,
        providers=providers,
        headline=headline,
        sort=sort,
    )


@bp.route("/choose/confirm", methods=["GET", "POST"])
@invitation_required
def choose_confirm(invitation):
    """Show a summary of the provider picked and record the choice once confirmed."""
    db, today = get_session(), clock.today()
    page = load_choice_page(db, invitation, today)
    if not page.status.can_choose:
        return redirect(url_for("public.choose_providers"), 303)
    form = ConfirmForm()
    slug = form.provider.data if request.method == "POST" else request.args.get("provider")
    # Whatever the request says, only a provider authorized for the service today.
    provider = find_choosable_provider(db, slug or "", invitation.service_id, today)
    if provider is None:
        return render_template("public/choose/refused.html", page=page), 422
    if form.validate_on_submit():
        try:
            confirm_client_choice(
                db, invitation, provider_id=provider.id, token=form.token.data, today=today
            )
        except ChoiceRefused as refused:
            if refused.reason == "not_authorized":
                return render_template("public/choose/refused.html", page=page), 422
            if refused.reason == "conflict":
                flash(_("Ett val registrerades samtidigt. Här ser du valet som gäller."))
                return redirect(url_for("public.choose_receipt"), 303)
            return redirect(url_for("public.choose_providers"), 303)
        return redirect(url_for("public.choose_receipt"), 303)
    form = ConfirmForm(formdata=None, provider=provider.slug, token=secrets.token_urlsafe(16))
    return render_template(
        "public/choose/confirm.html",
        page=page,
        provider=provider,
        outcome=load_headline(db, invitation.service_id).outcome_for(provider.id),
        form=form,
    )


@bp.get("/choose/receipt")
@invitation_required
def choose_receipt(invitation):
    """Show the choice that stands, with its reference number and what happens next."""
    db, today = get_session(), clock.today()
    page = load_choice_page(db, invitation, today)
    if page.status.current is None:
        return redirect(url_for("public.choose_providers"))
    chosen_at = municipal_time(page.status.current.chosen_at)
    return render_template(
        "public/choose/receipt.html",
        page=page,
        reference=reference_number(page.status.current),
        chosen_date=format_date(chosen_at.date(), "long"),
        chosen_time=format_time(chosen_at, "short", rebase=False),
    )


@bp.route("/choose/switch", methods=["GET", "POST"])
@invitation_required
def choose_switch(invitation):
    """Let a client whose choice is fixed ask the caseworker to switch provider."""
    db, today = get_session(), clock.today()
    page = load_choice_page(db, invitation, today)
    candidates = []
    if page.can_request_switch:
        found = list_authorized_providers(
            db, today=today, filters=ProviderFilters(service_id=invitation.service_id)
        )
        candidates = [
            p
            for p in sort_providers(found, Headline(periods=None), "name")
            if p.id != page.status.current.provider_id
        ]
    form = SwitchForm()
    form.provider.choices = [("", _("Välj anordnare")), *((p.slug, p.name) for p in candidates)]
    # One request at a time: the caseworker decides on it before the next.
    refused_twice = request.method == "POST" and page.status.pending_switch is not None
    if page.can_request_switch and not refused_twice and form.validate_on_submit():
        chosen = next((p for p in candidates if p.slug == form.provider.data), None)
        if chosen is None:
            form.provider.errors.append(_("Välj en anordnare i listan."))
        else:
            db.add(
                SwitchRequest(
                    invitation_id=invitation.id, provider_id=chosen.id, reason=form.reason.data
                )
            )
            db.commit()
            flash(_("Din begäran om byte är skickad till din handläggare."), "success")
            return redirect(url_for("public.choose_providers"), 303)
    return render_template(
        "public/choose/switch.html",
        page=page,
        form=form,
        refused_twice=refused_twice,
        max_reason=MAX_REASON_LENGTH,
    )


# Forgetting the code must work even from a page left open past its form token's
# life; a forged request can do no more than log the visitor out.
@bp.post("/choose/leave")
@csrf.exempt
def choose_leave():
    """Forget the code in this browser."""
    session.clear()
    flash(_("Du är utloggad. Webbläsaren kommer inte längre ihåg din kod."), "success")
    return redirect(url_for("public.choose"), 303)
