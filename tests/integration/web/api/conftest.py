"""An app with the open data API on a database of its own, with staff data that must not leak."""

import json
from datetime import date

import pytest
from sqlmodel import select

from tests.conftest import build_app, isolated_database_url
from tests.factories.followups import make_follow_up
from tests.factories.staff import staff_account
from webapp.authorizations.models import AuthorizationEvent
from webapp.catalog.models import Service
from webapp.core.db import get_session
from webapp.providers.models import Provider
from webapp.staff.audit import record_event
from webapp.web import api

STAFF_EMAIL = "handlaggare.hemlig@kommun.example"
STAFF_NAME = "Hemlig Handläggare"


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    """The application with the API registered (once, whoever registered it first)."""
    app = build_app(isolated_database_url(tmp_path_factory, "opendata"))
    api.init_app(app)
    with app.app_context():
        add_personal_data()
    yield app
    app.extensions["db_engine"].dispose()


def add_personal_data() -> None:
    """Add a staff account, an audit event and an authorization event recorded by it."""
    session = get_session()
    user = staff_account(session, email=STAFF_EMAIL, name=STAFF_NAME, role="admin")
    provider = session.exec(select(Provider).order_by(Provider.id)).first()
    service = session.exec(select(Service).order_by(Service.id)).first()
    session.add(
        AuthorizationEvent(
            provider_id=provider.id,
            service_id=service.id,
            kind="authorize",
            decision_date=date(2021, 12, 14),
            effective_date=date(2022, 1, 1),
            decision_reference="AMN 2021/0987",
            note=f"Beslut av {STAFF_NAME}",
            recorded_by=user.id,
        )
    )
    # A published follow-up whose staff notes name the staff member: notes never leave the admin.
    follow_up = make_follow_up(
        session,
        provider="jobbtorget",
        held_on=date(2026, 8, 3),
        kind="document_check",
        findings=(("6.3", "remark", None),),
        recorded_by=user.id,
        closed_on=date(2026, 9, 1),
        published_on=date(2026, 8, 10),
    )
    for finding in follow_up.findings:
        finding.note = f"Sett av {STAFF_NAME}"
        session.add(finding)
    follow_up.closing_note = f"Stängd av {STAFF_EMAIL}"
    session.add(follow_up)
    record_event(
        session,
        "provider.update",
        entity_type="provider",
        entity_id=provider.id,
        summary=f"{STAFF_NAME} ändrade anordnaren",
        actor=user,
    )
    session.commit()


def fetch_json(client, url: str, status: int = 200):
    """GET a URL, check its status, and return the parsed JSON body."""
    response = client.get(url)
    assert response.status_code == status, f"{url} answered {response.status_code}"
    return json.loads(response.get_data(as_text=True))


def walk(client, url: str) -> list[dict]:
    """Return every item of a list, following the next links from page to page."""
    items, seen = [], set()
    while url:
        assert url not in seen, f"the next links loop at {url}"
        seen.add(url)
        body = fetch_json(client, url)
        items.extend(body["data"])
        url = body["links"]["next"]
    return items
