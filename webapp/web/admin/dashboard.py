"""The admin's start page: providers and authorizations that need attention."""

from flask import render_template

from webapp.authorizations.idle import report_services_without_customers
from webapp.authorizations.queries import list_period_changes
from webapp.catalog.queries import list_schemes, services_by_id
from webapp.choices.switching import list_pending_switch_requests
from webapp.core import clock
from webapp.core.db import get_session
from webapp.followups.queries import count_needing_attention
from webapp.results.reporting import find_latest_periods, list_providers_missing_results
from webapp.staff.permissions import permission_required
from webapp.web.admin import bp

# How far ahead the overview looks for periods starting or ending.
LOOKAHEAD_DAYS = 30


@bp.get("/")
@permission_required("view_providers")
def dashboard():
    """Show what needs attention: services without customers, coming changes, missing results."""
    session, today = get_session(), clock.today()
    periods = find_latest_periods(session)
    latest = periods[-1] if periods else None
    return render_template(
        "admin/dashboard.html",
        today=today,
        periods=periods,
        latest=latest,
        lookahead=LOOKAHEAD_DAYS,
        idle=report_services_without_customers(session, today=today),
        changes=list_period_changes(session, today=today, days=LOOKAHEAD_DAYS),
        missing=list_providers_missing_results(session, today=today, period=latest),
        services=services_by_id(list_schemes(session)),
        switch_requests=list_pending_switch_requests(session, today=today),
        follow_ups=count_needing_attention(session, today=today),
    )
