"""The admin's start page: providers and authorizations that need attention."""

from flask import render_template

from webapp.authorizations.dashboard import (
    list_period_changes,
    list_providers_missing_results,
    list_providers_without_new_customers,
)
from webapp.catalog.queries import index_services, list_schemes
from webapp.core import clock
from webapp.core.db import get_session
from webapp.results.queries import find_headline_periods
from webapp.staff.permissions import permission_required
from webapp.web.admin import bp

# How far ahead the overview looks for periods starting or ending.
LOOKAHEAD_DAYS = 30


@bp.get("/")
@permission_required("view_providers")
def dashboard():
    """Show what needs attention: idle providers, coming changes, missing results."""
    session, today = get_session(), clock.today()
    periods = find_headline_periods(session)
    return render_template(
        "admin/dashboard.html",
        today=today,
        periods=periods,
        lookahead=LOOKAHEAD_DAYS,
        idle=list_providers_without_new_customers(session, today=today, periods=periods),
        changes=list_period_changes(session, today=today, days=LOOKAHEAD_DAYS),
        missing=list_providers_missing_results(
            session, today=today, period=periods[-1] if periods else None
        ),
        services={s.id: s for s in index_services(list_schemes(session)).values()},
    )
