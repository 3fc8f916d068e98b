"""Authorizing and de-authorizing providers, and the history of those decisions."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.authorizations.decisions import (
    group_decisions,
    plan_authorization,
    plan_deauthorization,
    record_decision,
    upcoming_by_service,
)
from webapp.authorizations.queries import get_provider_with_periods, list_authorization_events
from webapp.catalog.queries import list_schemes
from webapp.core import clock
from webapp.core.db import get_session
from webapp.staff.permissions import permission_required
from webapp.web.admin import bp
from webapp.web.admin.authorization_forms import (
    AuthorizeForm,
    DeauthorizeForm,
    explain_conflicts,
    service_choices,
)

# Flash category read only by the history page.
FLASH = "authorizations"


def load_provider(provider_id: int, *, for_update: bool = False):
    """Return the provider with its periods, or answer 404."""
    found = get_provider_with_periods(get_session(), provider_id=provider_id, for_update=for_update)
    if found is None:
        abort(404)
    return found


def services_by_id(schemes) -> dict:
    """Map service ids to services, in display order."""
    return {service.id: service for scheme in schemes for service in scheme.services}


def save_decision(provider, form, plan, services) -> None:
    """Write the decision, its period changes and its audit event in one commit."""
    session = get_session()
    record_decision(
        session,
        provider_id=provider.id,
        periods=provider.authorizations,
        decision=form.to_decision(),
        plan=plan,
        service_codes={service_id: s.code for service_id, s in services.items()},
        recorded_by=current_user.id,
    )
    session.commit()


@bp.route("/providers/<int:provider_id>/authorize", methods=["GET", "POST"])
@permission_required("manage_authorizations")
def authorize(provider_id):
    """Authorize a provider for one or more services from a day."""
    form = AuthorizeForm()
    provider = load_provider(provider_id, for_update=form.is_submitted())
    schemes = list_schemes(get_session())
    services = services_by_id(schemes)
    form.services.choices = service_choices(services)
    if form.validate_on_submit():
        plan = plan_authorization(
            provider.authorizations, form.to_decision(), provider_id=provider.id
        )
        if plan.conflicts:
            explain_conflicts(form, plan.conflicts, services)
        else:
            save_decision(provider, form, plan, services)
            flash(_("Auktorisationen är registrerad."), FLASH)
            return redirect(url_for("admin.provider_history", provider_id=provider.id))
    return render_template(
        "admin/authorizations/authorize.html",
        provider=provider,
        form=form,
        schemes=schemes,
        upcoming=upcoming_by_service(provider.authorizations, clock.today()),
    )


@bp.route("/providers/<int:provider_id>/deauthorize", methods=["GET", "POST"])
@permission_required("manage_authorizations")
def deauthorize(provider_id):
    """End a provider's authorization for some or all of its services from a day."""
    today = clock.today()
    form = DeauthorizeForm(effective_date=today)
    provider = load_provider(provider_id, for_update=form.is_submitted())
    schemes = list_schemes(get_session())
    services = services_by_id(schemes)
    upcoming = upcoming_by_service(provider.authorizations, today)
    # The page offers the services with an authorization to end, all ticked at first;
    # any other service sent is refused by the plan with a message that names it.
    form.services.choices = service_choices(services)
    if not form.is_submitted():
        form.services.data = [service_id for service_id in services if service_id in upcoming]
    if form.validate_on_submit():
        plan = plan_deauthorization(provider.authorizations, form.to_decision())
        if plan.conflicts:
            explain_conflicts(form, plan.conflicts, services)
        else:
            save_decision(provider, form, plan, services)
            flash(_("Avauktorisationen är registrerad."), FLASH)
            return redirect(url_for("admin.provider_history", provider_id=provider.id))
    return render_template(
        "admin/authorizations/deauthorize.html",
        provider=provider,
        form=form,
        schemes=schemes,
        upcoming=upcoming,
    )


@bp.get("/providers/<int:provider_id>/history")
@permission_required("view_providers")
def provider_history(provider_id):
    """Show every authorization decision for a provider, and its periods now."""
    provider = load_provider(provider_id)
    schemes = list_schemes(get_session())
    events = list_authorization_events(get_session(), provider_id=provider.id)
    return render_template(
        "admin/authorizations/history.html",
        provider=provider,
        decisions=group_decisions(events),
        periods=sorted(provider.authorizations, key=lambda p: (p.service_id, p.valid_from)),
        services=services_by_id(schemes),
        today=clock.today(),
        flash_category=FLASH,
    )
