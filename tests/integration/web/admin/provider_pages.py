"""Helpers for the admin's provider pages: ids, stored snapshots, form values and messages."""

import re

from sqlmodel import func, select

from tests.conftest import parse_page
from webapp.core.db import get_session
from webapp.providers.history import snapshot_provider
from webapp.providers.models import Provider
from webapp.providers.queries import get_provider
from webapp.staff.models import AuditEvent

NEW_ORG_NUMBER = "556000-0001"
OTHER_NEW_ORG_NUMBER = "556000-0019"
JOBBTORGET_ORG_NUMBER = "212000-9747"


def provider_id(app, slug: str | None = None, *, org_number: str | None = None) -> int:
    """Return the id of the provider with this slug or org number."""
    condition = Provider.slug == slug if slug else Provider.org_number == org_number
    with app.app_context():
        return get_session().exec(select(Provider.id).where(condition)).one()


def stored(app, *, org_number: str | None = None, pk: int | None = None) -> dict | None:
    """Return a provider as stored, as the audit snapshot shows it, or None."""
    with app.app_context():
        session = get_session()
        if pk is None:
            statement = select(Provider.id).where(Provider.org_number == org_number)
            pk = session.exec(statement).first()
            if pk is None:
                return None
        provider = get_provider(session, provider_id=pk)
        return snapshot_provider(provider) if provider else None


def count_rows(app, model) -> int:
    """Return how many rows a table has."""
    with app.app_context():
        return get_session().exec(select(func.count()).select_from(model)).one()


def audit_events(app, action: str) -> list[AuditEvent]:
    """Return the audit events with this action, oldest first."""
    with app.app_context():
        statement = select(AuditEvent).where(AuditEvent.action == action)
        return list(get_session().exec(statement.order_by(AuditEvent.id)))


def form_values(page) -> dict[str, str | list[str]]:
    """Return what a browser would send for the page's provider form, as it stands."""
    form = page.find("form", attrs={"method": "post", "action": re.compile(r"/providers/")})
    values: dict[str, list[str]] = {}
    for control in form.find_all(["input", "textarea"]):
        name = control.get("name")
        if not name or name == "csrf_token":
            continue
        if control.name == "textarea":
            value = control.get_text()
        elif control.get("type") == "checkbox":
            if not control.has_attr("checked"):
                continue
            value = control.get("value", "y")
        else:
            value = control.get("value", "")
        values.setdefault(name, []).append(value)
    return {name: found[0] if len(found) == 1 else found for name, found in values.items()}


def new_provider_values(client, **changes) -> dict:
    """Return a complete new provider with two offices and texts in English and Arabic."""
    values = form_values(parse_page(client.get("/admin/providers/new")))
    values.update(
        {
            "org_number": "5560000001",
            "name": "Östermalms Jobbstöd",
            "description": "Vi hjälper dig till jobb.",
            "website": "https://jobbstod.example",
            "phone": "08-123 456 78",
            "email": "info@jobbstod.example",
            "step_free_access": "y",
            "accessibility_note": "Hiss finns.",
            "languages": ["sv", "ar"],
            "other_languages": "de",
            "features": ["childcare", "evening_activities"],
            "offices-0-street_address": "Karlavägen 1",
            "offices-0-postal_code": "11424",
            "offices-0-city": "Stockholm",
            "offices-0-district": "Östermalm",
            "offices-0-opening_hours": "Mån–fre 9–16",
            "offices-0-hours-en": "Mon–Fri 9–16",
            "offices-1-street_address": "Valhallavägen 2",
            "offices-1-postal_code": "114 22",
            "offices-1-city": "Stockholm",
            "offices-1-district": "Östermalm",
            "offices-1-opening_hours": "",
            "texts-en-description": "We help you find a job.",
            "texts-ar-description": "نساعدك في العثور على عمل.",
        }
    )
    values.update(changes)
    return values


def error_for(page, field_id: str) -> str:
    """Return the error message shown next to a field."""
    message = page.find(id=f"{field_id}-error")
    assert message is not None, f"no error next to {field_id}"
    return message.get_text(" ", strip=True)


def summary_errors(page) -> str:
    """Return the text of the error summary at the top of the form."""
    summary = page.select_one(".error-summary[role=alert]")
    assert summary is not None, "no error summary"
    return summary.get_text(" ", strip=True)


def field_value(page, field_id: str) -> str:
    """Return what a text input or textarea holds."""
    control = page.find(id=field_id)
    return control.get_text() if control.name == "textarea" else control.get("value", "")
