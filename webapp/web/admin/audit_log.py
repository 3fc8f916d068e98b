"""The audit log for admins: filter it, page through it, export it as CSV."""

import json
import re
from datetime import UTC, date, datetime, time, timedelta
from math import ceil

from flask import redirect, render_template, request, url_for
from flask_babel import format_datetime, to_utc
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, StringField
from wtforms.validators import Length, ValidationError
from wtforms.widgets import DateInput

from webapp.core.activelocale import gettext as _
from webapp.core.activelocale import lazy_gettext as _l
from webapp.core.clock import today
from webapp.core.db import get_session
from webapp.core.spreadsheets import csv_download, excel_csv
from webapp.core.templating import query_args
from webapp.staff.audit import changed_fields
from webapp.staff.permissions import permission_required
from webapp.staff.queries import (
    AuditFilters,
    count_audit_events,
    list_audit_actions,
    list_audit_entity_types,
    list_audit_events,
)
from webapp.web.admin import bp

PER_PAGE = 50

ACTION_LABELS = {
    "auth.login": _l("Inloggning"),
    "auth.login_failed": _l("Misslyckad inloggning"),
    "auth.logout": _l("Utloggning"),
    "auth.password_change": _l("Bytt eget lösenord"),
    "staff.create": _l("Nytt personalkonto"),
    "staff.update": _l("Ändrat personalkonto"),
    "provider.create": _l("Ny anordnare"),
    "provider.update": _l("Ändrad anordnare"),
    "authorization.grant": _l("Auktorisation beviljad"),
    "authorization.revoke": _l("Auktorisation återkallad"),
    "results.import": _l("Import av resultat"),
    "results.publish": _l("Halvår publicerat"),
    "results.withdraw": _l("Publicering av halvår borttagen"),
    "choice.invite": _l("Inbjudan att välja"),
    "choice.cancel": _l("Inbjudan makulerad"),
    "choice.reopen": _l("Valet öppnat igen"),
    "choice.confirm": _l("Val bekräftat av klienten"),
    "choice.record": _l("Val registrerat av personal"),
    "choice.default": _l("Ickevalsalternativ tillämpat"),
    "choice.switch_request": _l("Byte begärt av klienten"),
    "choice.switch_approve": _l("Byte godkänt"),
    "choice.switch_reject": _l("Byte avslaget"),
    "choice.switch_withdraw": _l("Byte avslutat: anordnaren avauktoriserad"),
    "choice.window_open": _l("Nytt val: anordnaren avauktoriserad"),
    "choice.notice_consent": _l("E-post för meddelanden lämnad av klienten"),
    "choice.notice_erase": _l("E-post för meddelanden raderad"),
    "choice.code_wrong": _l("Fel kod inskriven"),
    "choice.code_lock": _l("Koden låst efter för många fel"),
    "choice.code_unlock": _l("Koden upplåst"),
    "choice.code_reissue": _l("Ny kod skapad"),
    "terms.create": _l("Ny version av auktorisationsvillkor"),
    "terms.update": _l("Ändrad version av auktorisationsvillkor"),
    "follow_up.record": _l("Uppföljning registrerad"),
    "follow_up.close": _l("Uppföljning stängd"),
    "follow_up.publish": _l("Uppföljning publicerad"),
    "follow_up.withdraw": _l("Publicering av uppföljning borttagen"),
}
ENTITY_LABELS = {
    "staff": _l("Personalkonto"),
    "provider": _l("Anordnare"),
    "authorization": _l("Auktorisation"),
    "choice_invitation": _l("Inbjudan att välja"),
    "switch_request": _l("Begäran om byte"),
    "published_period": _l("Publicerat halvår"),
    "terms_version": _l("Auktorisationsvillkor"),
    "follow_up": _l("Uppföljning"),
}
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_day(value: str) -> date | None:
    """Return the date written as YYYY-MM-DD in a sensible year range, or None."""
    value = (value or "").strip()
    if not _ISO_DATE.fullmatch(value):
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return day if 1900 <= day.year <= 2999 else None


def valid_day(_form, field):
    """Refuse a date that is not written as YYYY-MM-DD."""
    if (field.data or "").strip() and parse_day(field.data) is None:
        raise ValidationError(_("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-11-22."))


def start_of_day(day: date) -> datetime:
    """Return when a day begins in the admin's time zone, as an aware UTC time."""
    return to_utc(datetime.combine(day, time.min)).replace(tzinfo=UTC)


class AuditFilterForm(FlaskForm):
    """The audit log's filters, sent as a GET query."""

    class Meta:
        csrf = False  # a search form: it changes nothing

    action = SelectField(_l("Handling"), validate_choice=False)
    actor = StringField(
        _l("Vem (del av e-postadressen)"),
        validators=[Length(max=254, message=_l("Skriv högst 254 tecken."))],
    )
    entity_type = SelectField(_l("Typ av post"), validate_choice=False)
    date_from = StringField(_l("Från och med"), widget=DateInput(), validators=[valid_day])
    date_to = StringField(_l("Till och med"), widget=DateInput(), validators=[valid_day])

    def validate_date_to(self, field):
        """Refuse a range that ends before it starts."""
        start, end = parse_day(self.date_from.data), parse_day(field.data)
        if start and end and end < start:
            raise ValidationError(_("Slutdatumet kan inte vara före startdatumet."))

    def filters(self) -> AuditFilters:
        """Return the filters the form holds; call after validating it."""
        start, end = parse_day(self.date_from.data), parse_day(self.date_to.data)
        return AuditFilters(
            action=self.action.data or "",
            actor=(self.actor.data or "").strip(),
            entity_type=self.entity_type.data or "",
            occurred_from=start_of_day(start) if start else None,
            occurred_until=start_of_day(end + timedelta(days=1)) if end else None,
        )


def offer_choices(form: AuditFilterForm, actions: list[str], entity_types: list[str]) -> None:
    """Fill the selects with what the log holds, keeping a value asked for in the URL."""
    for select, codes, labels, everything in (
        (form.action, actions, ACTION_LABELS, _("Alla handlingar")),
        (form.entity_type, entity_types, ENTITY_LABELS, _("Alla typer")),
    ):
        if select.data and select.data not in codes:
            codes = [*codes, select.data]
        select.choices = [SelectChoice(value="", label=everything)] + [
            SelectChoice(value=code, label=labels.get(code, code)) for code in codes
        ]


@bp.get("/audit")
@permission_required("view_audit")
def audit():
    """List audit events, newest first, filtered and a page at a time."""
    db = get_session()
    form = AuditFilterForm(formdata=request.args)
    offer_choices(form, list_audit_actions(db), list_audit_entity_types(db))
    events, total, page = [], 0, 1
    if form.validate():
        filters = form.filters()
        total = count_audit_events(db, filters=filters)
        # Out-of-range page numbers show the nearest page that exists.
        page = min(max(request.args.get("page", 1, type=int), 1), max(ceil(total / PER_PAGE), 1))
        events = list_audit_events(
            db, filters=filters, limit=PER_PAGE, offset=(page - 1) * PER_PAGE
        )
    filter_args = {key: value for key, value in request.args.items(multi=True) if key != "page"}
    return render_template(
        "admin/audit/list.html",
        form=form,
        events=events,
        total=total,
        page=page,
        pages=max(ceil(total / PER_PAGE), 1),
        csv_url=url_for("admin.audit_csv", **filter_args),
        action_labels=ACTION_LABELS,
        entity_labels=ENTITY_LABELS,
        changed_fields=changed_fields,
    )


@bp.get("/audit.csv")
@permission_required("view_audit")
def audit_csv():
    """Export every event matching the filters as a CSV file for Swedish Excel."""
    form = AuditFilterForm(formdata=request.args)
    if not form.validate():
        # The list page shows what is wrong with the filters.
        return redirect(url_for("admin.audit", **query_args()))
    events = list_audit_events(get_session(), filters=form.filters())
    filename = f"granskningslogg-{today().isoformat()}.csv"
    return csv_download(audit_csv_text(events), filename)


def audit_csv_text(events) -> str:
    """Write events as CSV for Swedish Excel."""
    header = [
        # I18N: Column headings of the audit log export; short, lower case.
        _("tid"),
        _("vem"),
        _("handling"),
        _("typ"),
        _("id"),
        _("sammanfattning"),
        _("före"),
        _("efter"),
    ]
    rows = (
        (
            format_datetime(event.occurred_at, "yyyy-MM-dd HH:mm:ss"),
            event.actor_email,
            event.action,
            event.entity_type,
            event.entity_id,
            event.summary,
            as_json(event.before),
            as_json(event.after),
        )
        for event in events
    )
    return excel_csv(header, rows)


def as_json(values: dict | None) -> str:
    """Return values as compact JSON, or an empty string."""
    return "" if values is None else json.dumps(values, ensure_ascii=False, sort_keys=True)
