"""Helpers for the authorization pages: what is stored, what the pages say, posting decisions."""

from datetime import date

from bs4 import BeautifulSoup
from sqlmodel import select

from tests.conftest import parse_page
from tests.integration.web.admin.provider_pages import provider_id
from webapp.authorizations.models import Authorization, AuthorizationEvent
from webapp.catalog.models import Service
from webapp.core.db import get_session
from webapp.providers.models import Provider
from webapp.staff.models import AuditEvent

TODAY = date(2026, 11, 22)


def service_ids(app) -> dict[str, int]:
    """Map service codes to ids."""
    with app.app_context():
        return dict(get_session().exec(select(Service.code, Service.id)).all())


def periods_of(app, slug: str) -> list[tuple[str, date, date | None, str | None]]:
    """Return a provider's periods as (service code, from, until, end reason)."""
    with app.app_context():
        statement = (
            select(Service.code, Authorization.valid_from, Authorization.valid_until)
            .add_columns(Authorization.end_reason)
            .join(Service, Service.id == Authorization.service_id)
            .join(Provider, Provider.id == Authorization.provider_id)
            .where(Provider.slug == slug)
            .order_by(Service.code, Authorization.valid_from)
        )
        return [tuple(row) for row in get_session().exec(statement)]


def events_of(app, slug: str) -> list[AuthorizationEvent]:
    """Return a provider's authorization events in the order recorded."""
    with app.app_context():
        statement = (
            select(AuthorizationEvent)
            .join(Provider, Provider.id == AuthorizationEvent.provider_id)
            .where(Provider.slug == slug)
            .order_by(AuthorizationEvent.id)
        )
        return list(get_session().exec(statement))


def last_audit(app) -> AuditEvent:
    """Return the newest audit event."""
    with app.app_context():
        return get_session().exec(select(AuditEvent).order_by(AuditEvent.id.desc())).first()


def listed_names(client, url: str = "/sv/providers") -> list[str]:
    """Return the provider names on a public list page."""
    page = parse_page(client.get(url))
    return [h3.get_text(strip=True) for h3 in page.select(".provider-card h3")]


def errors_by_field(page: BeautifulSoup) -> dict[str, str]:
    """Return each field's error message, keyed by the field's id."""
    return {
        p["id"].removesuffix("-error"): p.get_text(" ", strip=True).removeprefix("Fel:").strip()
        for p in page.select("p.error-message")
    }


def authorize(client, app, slug: str, codes, **fields):
    """Post the authorize form for a provider."""
    ids = service_ids(app)
    data = {
        "services": [str(ids[code]) for code in codes],
        "decision_date": "2026-11-20",
        "effective_date": "2026-11-22",
        "decision_reference": "AMN 2026/0123",
        **fields,
    }
    return client.post(f"/admin/providers/{provider_id(app, slug)}/authorize", data)


def deauthorize(client, app, slug: str, codes, **fields):
    """Post the de-authorize form for a provider."""
    ids = service_ids(app)
    data = {
        "services": [str(ids[code]) for code in codes],
        "reason": "breach",
        "decision_date": "2026-11-20",
        "effective_date": "2026-11-22",
        "decision_reference": "AMN 2026/0456",
        "note": "",
        **fields,
    }
    return client.post(f"/admin/providers/{provider_id(app, slug)}/deauthorize", data)
