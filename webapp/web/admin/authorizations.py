"""Authorizing and de-authorizing providers, and the history of those decisions."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from webapp.authorizations import actions
from webapp.authorizations.actions import DecisionConflicts
from webapp.authorizations.history import group_decisions, period_rows
from webapp.authorizations.queries import get_provider_with_periods, list_authorization_events
from webapp.authorizations.rules import services_closed_to_authorization, upcoming_by_service
from webapp.authorizations.vocab import END_REASONS
from webapp.catalog.queries import list_schemes, services_by_id
from webapp.choices.displacement import list_affected_invitations
from webapp.choices.displacement_listing import list_displaced_clients
from webapp.core import clock
from webapp.core.activelocale import gettext as _
from webapp.core.db import get_session
from webapp.followups.queries import list_provider_follow_ups
from webapp.staff.permissions import permission_required
from webapp.web.admin import bp
from webapp.web.admin.authorization_forms import (
    AuthorizeForm,
    DeauthorizeForm,
    DecisionForm,
    explain_conflicts,
    optional_id,
    service_choices,
)

# Flash category read only by the history page.
FLASH = "authorizations"


def load_provider(provider_id: int):
    """Return the provider with its periods, or answer 404."""
    found = get_provider_with_periods(get_session(), provider_id=provider_id)
    if found is None:
        abort(404)
    return found


def decision_page(provider_id: int, form: DecisionForm):
    """Return the provider, the schemes and the services by id; offer every service."""
    provider = load_provider(provider_id)
    schemes = list_schemes(get_session())
    services = services_by_id(schemes)
    form.services.choices = service_choices(services)
    return provider, schemes, services


def record(decide, provider, form: DecisionForm, services: dict) -> bool:
    """Record the form's decision with the action decide; explain a refusal next to the services."""
    try:
        decide(
            get_session(),
            provider_id=provider.id,
            decision=form.to_decision(),
            recorded_by=current_user.id,
        )
    except DecisionConflicts as refused:
        explain_conflicts(form, refused.conflicts, services)
        return False
    return True


@bp.route("/providers/<int:provider_id>/authorize", methods=["GET", "POST"])
@permission_required("manage_authorizations")
def authorize(provider_id):
    """Authorize a provider for one or more services from a day."""
    form = AuthorizeForm()
    provider, schemes, services = decision_page(provider_id, form)
    if form.validate_on_submit() and record(actions.authorize, provider, form, services):
        flash(_("Auktorisationen är registrerad."), FLASH)
        return redirect(url_for("admin.provider_history", provider_id=provider.id))
    return render_template(
        "admin/authorizations/authorize.html",
        provider=provider,
        form=form,
        schemes=schemes,
        upcoming=upcoming_by_service(provider.authorizations, clock.today()),
        locked=services_closed_to_authorization(provider.authorizations),
    )


@bp.route("/providers/<int:provider_id>/deauthorize", methods=["GET", "POST"])
@permission_required("manage_authorizations")
def deauthorize(provider_id):
    """End a provider's authorization for some or all of its services from a day."""
    today = clock.today()
    form = DeauthorizeForm(effective_date=today)
    provider, schemes, services = decision_page(provider_id, form)
    rows = list_provider_follow_ups(get_session(), provider=provider)
    form.offer_follow_ups([row.follow_up for row in rows])
    # The page offers the services with an authorization to end, all ticked at first;
    # any other service sent is refused by the plan with a message that names it.
    if not form.is_submitted():
        upcoming = upcoming_by_service(provider.authorizations, today)
        prefill_deauthorization(form, services, upcoming)
    if form.validate_on_submit() and record(actions.deauthorize, provider, form, services):
        flash(_("Avauktorisationen är registrerad."), FLASH)
        return redirect(url_for("admin.provider_history", provider_id=provider.id))
    upcoming = upcoming_by_service(provider.authorizations, today)
    return render_template(
        "admin/authorizations/deauthorize.html",
        provider=provider,
        form=form,
        schemes=schemes,
        upcoming=upcoming,
        services=services,
        affected=list_affected_invitations(
            get_session(), provider_id=provider.id, service_ids=upcoming.keys(), today=today
        ),
    )


def prefill_deauthorization(form: DeauthorizeForm, services: dict, upcoming: dict) -> None:
    """Fill in what the link asked for (a service, a reason, a follow-up), else every service.

    The dashboard links here for one service with "no customers"; a follow-up's
    page links here with the follow-up. Anything the link names that does not fit
    is left out, and the form's own checks apply when it is sent.
    """
    asked = request.args
    codes = {service.code: service_id for service_id, service in services.items()}
    chosen = codes.get(asked.get("service", ""))
    if chosen in upcoming:
        form.services.data = [chosen]
    else:
        form.services.data = [service_id for service_id in services if service_id in upcoming]
    if asked.get("reason") in END_REASONS:
        form.reason.data = asked["reason"]
    try:
        follow_up_id = optional_id(asked.get("follow_up", ""))
    except ValueError:
        follow_up_id = None
    if any(choice.value == str(follow_up_id) for choice in form.follow_up.choices):
        form.follow_up.data = follow_up_id


@bp.get("/providers/<int:provider_id>/history")
@permission_required("view_providers")
def provider_history(provider_id):
    """Show every authorization decision for a provider, and its periods now."""
    provider = load_provider(provider_id)
    session = get_session()
    events = list_authorization_events(session, provider_id=provider.id)
    return render_template(
        "admin/authorizations/history.html",
        provider=provider,
        decisions=group_decisions(events),
        periods=period_rows(provider.authorizations, today=clock.today(), by_service=True),
        services=services_by_id(list_schemes(session)),
        flash_category=FLASH,
        displaced=list_displaced_clients(session, provider_id=provider.id, today=clock.today()),
    )
