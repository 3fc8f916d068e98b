"""A GET never changes stored data: every GET route, as each kind of visitor, on real rows.

Every GET rule in the URL map is fetched with its parameters filled from the
seeded database: the public pages in every language (as a client whose browser
holds an invitation), the API, and the admin as a caseworker, an editor and an
admin. A checksum of every table's rows must be the same before and after.

The scene holds what once tempted GET handlers to write: an invitation whose
deadline has passed without a choice (the default provider is due) and a
pending switch request.
"""

import hashlib
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import MetaData
from sqlmodel import col, select

from tests.conftest import ROLES
from webapp import create_app
from webapp.authorizations.in_force import authorized_on
from webapp.authorizations.models import Authorization
from webapp.catalog.models import Scheme, Service
from webapp.choices.models import Choice, ChoiceInvitation, SwitchRequest
from webapp.core import clock
from webapp.core.config import LANGUAGES
from webapp.core.db import get_session
from webapp.followups.models import FollowUp, TermsVersion
from webapp.providers.models import Provider
from webapp.staff.models import StaffUser
from webapp.web.public.choose_session import SESSION_KEY

# Pages that record a default provider that has fallen due when they are shown.
# Query strings that make a page do its real work rather than show an empty state.
QUERIES = {
    "public.compare": "p=jobbtorget&p=oppna-vagar",
    "public.providers": "service=MATCH-1&language=so&people=newcomers",
    "public.provider": "people=18-24",
    "admin.expected_results": "service=FORB-2",
    "admin.choices": "deadline_passed=y",
}


def get_rules() -> list:
    """Return every rule that answers GET, from an app that is never served."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    return sorted(
        (rule for rule in app.url_map.iter_rules() if "GET" in rule.methods),
        key=lambda rule: rule.rule,
    )


def cases() -> list:
    """Return one case per GET rule and visitor: a language, a role, or nobody in particular."""
    found = []
    for rule in get_rules():
        if rule.endpoint.startswith("admin."):
            visitors = ROLES
        elif "lang" in rule.arguments:
            visitors = LANGUAGES
        else:
            visitors = ("anyone",)
        for visitor in visitors:
            found.append(pytest.param(rule.rule, rule.endpoint, visitor, id=f"{rule}-{visitor}"))
    return found


@dataclass(frozen=True)
class Scene:
    """The rows whose ids fill the URLs."""

    values: dict
    overdue_invitation: int
    provider_slug: str  # a provider the client may choose


def first(session, statement):
    """Return the first row of a statement; the seeded data must have one."""
    row = session.exec(statement).first()
    assert row is not None, f"the seed has no row for {statement}"
    return row


def build_scene(session) -> Scene:
    """Add an overdue invitation and a pending switch request; gather real ids and codes."""
    today = clock.today()
    municipal, service_id = first(
        session,
        select(Provider, Authorization.service_id)
        .join(Authorization, col(Authorization.provider_id) == Provider.id)
        .where(col(Provider.is_municipal), authorized_on(today))
        .order_by(Authorization.service_id),
    )
    other = first(
        session,
        select(Provider)
        .join(Authorization, col(Authorization.provider_id) == Provider.id)
        .where(
            Authorization.service_id == service_id,
            col(Provider.id) != municipal.id,
            authorized_on(today),
        )
        .order_by(Provider.id),
    )
    service = session.get(Service, service_id)

    def invitation(label: str, deadline) -> ChoiceInvitation:
        row = ChoiceInvitation(
            service_id=service_id,
            decision_date=today - timedelta(days=30),
            deadline=deadline,
            letter_lang="sv",
            case_reference=f"GET-{label}",
            code_hash=hashlib.sha256(f"get-crawl-{label}".encode()).hexdigest(),
        )
        session.add(row)
        session.flush()
        return row

    overdue = invitation("overdue", today - timedelta(days=3))
    switching = invitation("switching", today - timedelta(days=10))
    session.add(Choice(invitation_id=switching.id, provider_id=municipal.id, kind="client"))
    switch = SwitchRequest(
        invitation_id=switching.id, provider_id=other.id, reason="Närmare hemmet"
    )
    session.add(switch)
    session.flush()
    values = {
        "slug": other.slug,
        "code": service.code,
        "provider_id": other.id,
        "invitation_id": overdue.id,
        "request_id": switch.id,
        "user_id": first(session, select(StaffUser.id).order_by(StaffUser.id)),
        # A published follow-up (the API shows only those) and a terms version.
        "follow_up_id": first(
            session,
            select(FollowUp.id)
            .where(col(FollowUp.published_at).is_not(None))
            .order_by(FollowUp.id),
        ),
        "version_id": first(session, select(TermsVersion.id).order_by(TermsVersion.id)),
        "path": "providers",
        "rest": "v0/nothing-here",
    }
    scheme_code = session.get(Scheme, service.scheme_id).code
    return Scene(values | {"scheme_code": scheme_code}, overdue.id, other.slug)


@pytest.fixture
def scene(app, staff, rollback) -> Scene:
    """The scene, in the test's transaction."""
    with app.app_context():
        session = get_session()
        built = build_scene(session)
        session.commit()
    return built


def url_for_case(rule, endpoint: str, visitor: str, scene: Scene) -> str:
    """Build the URL of a rule with real values, in the case's language."""
    values = dict(scene.values)
    if endpoint == "api.scheme":
        values["code"] = values["scheme_code"]
    if "lang" in rule.arguments:
        values["lang"] = visitor
    path = rule.build(values, append_unknown=False)[1]
    query = QUERIES.get(endpoint, "")
    if endpoint == "public.choose_confirm":
        query = f"provider={scene.provider_slug}"
    return f"{path}?{query}" if query else path


@pytest.fixture(scope="module")
def tables(app) -> list:
    """Every table in the database, as the database itself describes them."""
    metadata = MetaData()
    metadata.reflect(bind=app.extensions["db_engine"])
    return [metadata.tables[name] for name in sorted(metadata.tables)]


def checksum(connection, tables) -> str:
    """Return a digest of every row of every table, in a stable order."""
    digest = hashlib.sha256()
    for table in tables:
        rows = sorted(repr(tuple(row)) for row in connection.execute(table.select()))
        digest.update(f"{table.name}:{len(rows)}\n".encode())
        for row in rows:
            digest.update(row.encode())
    return digest.hexdigest()


def rule_named(app, text: str, endpoint: str):
    """Return the app's rule with this text and endpoint."""
    return next(
        rule for rule in app.url_map.iter_rules() if rule.rule == text and rule.endpoint == endpoint
    )


@pytest.mark.parametrize(("rule_text", "endpoint", "visitor"), cases())
def test_a_get_changes_nothing(
    app, rollback, tables, staff_client, scene, rule_text, endpoint, visitor
):
    if visitor in ROLES:
        client = staff_client(visitor).client
    else:
        client = app.test_client()
        with client.session_transaction() as browser_session:
            browser_session[SESSION_KEY] = scene.overdue_invitation
    url = url_for_case(rule_named(app, rule_text, endpoint), endpoint, visitor, scene)
    before = checksum(rollback, tables)

    response = client.get(url)

    assert response.status_code < 500, f"GET {url} answered {response.status_code}"
    if endpoint != "api.unknown":
        assert response.status_code != 404, f"GET {url} found nothing: fill it with real values"
    assert checksum(rollback, tables) == before, f"GET {url} changed stored data"
