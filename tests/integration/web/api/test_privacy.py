"""No personal data through the open data: no staff, no choices, no audit log."""

import json

from sqlmodel import select

from tests.integration.web.api.conftest import STAFF_EMAIL, STAFF_NAME, walk
from webapp.core.db import get_session
from webapp.providers.models import Provider

FORBIDDEN_WORDS = ("staff", "audit", "choice", "user", "login", "person", "participant")
FORBIDDEN_KEYS = {
    "actor_email",
    "actor_id",
    "recorded_by",
    "password_hash",
    "note",
    "decision_reference",
    "role",
    "before",
    "after",
}


def every_document(client) -> list[str]:
    """Return the text of every list page, item and file the open data offers."""
    texts = []
    for start in (
        "/api/v1/schemes",
        "/api/v1/services",
        "/api/v1/providers?per_page=100",
        "/api/v1/results?per_page=100",
        "/api/v1/pooled-results?per_page=100",
        "/api/v1/follow-ups?per_page=100",
        "/api/v1/terms",
    ):
        items = walk(client, start)
        texts.append(json.dumps(items, ensure_ascii=False))
        for item in items:
            for url in item.get("links", {}).values():
                texts.append(client.get(url).get_data(as_text=True))
    for url in (
        "/api/v1/",
        "/api/openapi.json",
        "/api/dcat.jsonld",
        "/sv/open-data/providers.csv",
        "/sv/open-data/results.csv",
        "/sv/open-data/follow-ups.csv",
        "/sv/open-data",
    ):
        texts.append(client.get(url).get_data(as_text=True))
    return texts


def test_no_route_reaches_staff_choices_or_the_audit_log(app):
    rules = [rule.rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api.")]
    assert rules
    for rule in rules:
        assert not any(word in rule.lower() for word in FORBIDDEN_WORDS), rule


def test_no_staff_name_or_address_anywhere(client):
    for text in every_document(client):
        assert STAFF_EMAIL not in text
        assert STAFF_NAME not in text


def test_only_public_contact_addresses_appear(app, client):
    with app.app_context():
        public = {p.email for p in get_session().exec(select(Provider)) if p.email}
    public |= {app.config["CONTACT_EMAIL"], f"mailto:{app.config['CONTACT_EMAIL']}"}
    found = set()

    def collect(value):
        if isinstance(value, dict):
            assert not FORBIDDEN_KEYS & set(value), value.keys()
            for inner in value.values():
                collect(inner)
        elif isinstance(value, list):
            for inner in value:
                collect(inner)
        elif isinstance(value, str) and "@" in value and not value.startswith("@"):
            found.add(value)

    for start in (
        "/api/v1/providers?per_page=100",
        "/api/v1/results?per_page=100",
        "/api/v1/follow-ups?per_page=100",
    ):
        collect(walk(client, start))
    for url in ("/api/openapi.json", "/api/dcat.jsonld", "/api/v1/providers/jobbtorget"):
        collect(json.loads(client.get(url).get_data(as_text=True)))
    assert found
    assert found <= public, found - public
