"""Publishing imported results per service and half-year, and withdrawing a publication."""

from functools import partial

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from webapp.catalog.queries import index_services, list_schemes
from webapp.core import clock
from webapp.core.activelocale import gettext as _
from webapp.core.db import get_session
from webapp.results.actions import PublishingRefused, publish_period, withdraw_period
from webapp.results.periods import parse_period
from webapp.results.publication import Refusal, list_service_publications
from webapp.staff.permissions import permission_required
from webapp.web.admin import bp
from webapp.web.admin.import_forms import HalfYearForm

# Flash category read only by this page.
FLASH = "publishing"


def refusal_message(refusal: Refusal) -> str:
    """Say why a half-year could not be published or withdrawn."""
    return {
        Refusal.NOT_ENDED: _("Halvåret är inte slut än. Det går att publicera när det är slut."),
        Refusal.NO_RESULTS: _("Det finns inga inlästa resultat för insatsen och halvåret."),
        Refusal.ALREADY_PUBLISHED: _("Halvåret är redan publicerat för insatsen."),
        Refusal.NOT_PUBLISHED: _("Halvåret är inte publicerat för insatsen."),
    }[refusal]


def show_page(problem: str | None = None, *, status: int = 200):
    """Render every service's half-years with what has been reported and published."""
    session = get_session()
    page = render_template(
        "admin/publishing/index.html",
        services=list_service_publications(session, today=clock.today()),
        problem=problem,
        flash_category=FLASH,
    )
    return page, status


def read_half_year(form: HalfYearForm):
    """Return the service and half-year the form names, or None when it names none that exist."""
    if not form.validate_on_submit() or parse_period(form.period.data) is None:
        return None
    service = index_services(list_schemes(get_session())).get(form.service.data)
    return (service, form.period.data.strip().upper()) if service else None


@bp.get("/results/half-years")
@permission_required("import_results")
def half_years():
    """Show per service and half-year how many providers have reported and what is published."""
    return show_page()


def change_half_year(change, done: str):
    """Publish or withdraw the half-year the form names; go back to the page, or explain why not.

    ``change`` is the action, called with the session, service id and half-year; ``done``
    the message afterwards, with %(period)s and %(service)s.
    """
    chosen = read_half_year(HalfYearForm())
    if chosen is None:
        return show_page(_("Välj en insats och ett halvår i tabellen."), status=400)
    service, period = chosen
    try:
        change(get_session(), service_id=service.id, period=period)
    except PublishingRefused as refused:
        return show_page(refusal_message(refused.refusal), status=409)
    flash(done % {"period": period, "service": service.code}, FLASH)
    return redirect(url_for("admin.half_years"), 303)


@bp.post("/results/half-years/publish")
@permission_required("import_results")
def publish_half_year():
    """Publish one service's half-year: its results go public and its window may move."""
    return change_half_year(
        partial(publish_period, today=clock.today(), by=current_user.id),
        _("%(period)s är publicerat för %(service)s."),
    )


@bp.post("/results/half-years/withdraw")
@permission_required("import_results")
def withdraw_half_year():
    """Take one service's half-year off the site until it is published again."""
    return change_half_year(
        withdraw_period, _("%(period)s är inte längre publicerat för %(service)s.")
    )
