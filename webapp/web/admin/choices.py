"""Caseworkers' list of invitations to choose a provider: filters, counts and a CSV export.

Reading the list changes nothing: a default that is due shows as standing, by
the same rule in SQL as on each invitation's page, until it is recorded. The
invitation's own pages and actions are in ``webapp.web.admin.invitations``.
"""

from flask import redirect, render_template, request, url_for
from flask_babel import format_datetime

from webapp.catalog.queries import index_services, list_schemes
from webapp.choices.listing import (
    InvitationList,
    InvitationRow,
    list_invitation_rows,
    list_provider_names,
    read_invitation_list,
)
from webapp.choices.state import ChoiceState
from webapp.core import clock
from webapp.core.activelocale import gettext as _
from webapp.core.activelocale import lazy_gettext as _l
from webapp.core.db import get_session
from webapp.core.spreadsheets import csv_download, excel_csv
from webapp.core.templating import query_args
from webapp.staff.permissions import permission_required
from webapp.web.admin import bp
from webapp.web.admin.choice_forms import ChoiceFilterForm

PER_PAGE = 50
# Flash categories read only by the choice pages: done, and refused.
FLASH = "choices"
FLASH_REFUSED = "choices-refused"

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


def read_filters():
    """Read the list's filter form from the query string; return it, the filters and schemes.

    The filters are None when the form holds something wrong.
    """
    db = get_session()
    schemes = list_schemes(db)
    form = ChoiceFilterForm(formdata=request.args)
    form.offer(schemes, list_provider_names(db), STATE_LABELS)
    return form, form.filters(schemes) if form.validate() else None, schemes


@bp.get("/choices")
@permission_required("manage_choices")
def choices():
    """List invitations, newest first, with their state, filtered and a page at a time."""
    form, filters, schemes = read_filters()
    listing = InvitationList()
    if filters is not None:
        listing = read_invitation_list(
            get_session(),
            filters=filters,
            today=clock.today(),
            page=request.args.get("page", 1, type=int),
            per_page=PER_PAGE,
        )
    filter_args = {key: value for key, value in request.args.items(multi=True) if key != "page"}
    return render_template(
        "admin/choices/list.html",
        form=form,
        rows=listing.rows,
        counts=listing.counts,
        total=listing.total,
        page=listing.page,
        pages=listing.pages,
        csv_url=url_for("admin.choices_csv", **filter_args),
        services={service.id: service for service in index_services(schemes).values()},
        flash=FLASH,
    )


@bp.get("/choices.csv")
@permission_required("manage_choices")
def choices_csv():
    """Export every invitation matching the filters as a CSV file for Swedish Excel."""
    _form, filters, _schemes = read_filters()
    if filters is None:
        # The list page shows what is wrong with the filters.
        return redirect(url_for("admin.choices", **query_args()))
    today = clock.today()
    rows = list_invitation_rows(get_session(), filters=filters, today=today)
    filename = f"val-av-anordnare-{today.isoformat()}.csv"
    return csv_download(choices_csv_text(rows), filename)


def choices_csv_text(rows: list[InvitationRow]) -> str:
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


def invitation_row(row: InvitationRow) -> tuple:
    """Return one invitation's cells for the export; a default not yet recorded has no time."""
    recorded, kind = row.status.current, row.status.kind
    return (
        row.invitation.id,
        row.invitation.case_reference,
        row.service_code,
        row.invitation.decision_date.isoformat(),
        row.invitation.deadline.isoformat(),
        STATE_LABELS[row.status.state],
        row.provider.org_number if row.provider else "",
        row.provider.name if row.provider else "",
        format_datetime(recorded.chosen_at, "yyyy-MM-dd HH:mm") if recorded else "",
        KIND_LABELS.get(kind, kind) if kind else "",
    )
