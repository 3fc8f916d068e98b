"""Every live response of every endpoint matches the OpenAPI document the API publishes."""

import json
import re
from urllib.parse import quote, urlsplit

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.integration.web.api.conftest import fetch_json

# Requests that together reach every path, status and filter the document lists.
LIVE_REQUESTS = [
    ("/api/v1/", 200),
    ("/api/v1/?lang=fa", 200),
    ("/api/v1/?lang=xx", 400),
    ("/api/v1/schemes", 200),
    ("/api/v1/schemes?lang=en&per_page=1&page=2", 200),
    ("/api/v1/schemes?page=5", 400),
    ("/api/v1/schemes/MATCH", 200),
    ("/api/v1/schemes/MATCH?lang=ti", 200),
    ("/api/v1/schemes/NOPE", 404),
    ("/api/v1/schemes/MATCH?page=1", 400),
    ("/api/v1/services", 200),
    ("/api/v1/services?scheme=FORB&lang=so", 200),
    ("/api/v1/services?scheme=NOPE", 400),
    ("/api/v1/services/FORB-3", 200),
    ("/api/v1/services/NOPE", 404),
    ("/api/v1/services/FORB-3?lang=zz", 400),
    ("/api/v1/providers?per_page=100", 200),
    ("/api/v1/providers?status=ended&lang=uk", 200),
    ("/api/v1/providers?status=not_yet", 200),
    ("/api/v1/providers?service=FORB-1&status=authorized&per_page=5&page=2", 200),
    ("/api/v1/providers?status=gone", 400),
    ("/api/v1/providers/jobbtorget?lang=ar", 200),
    ("/api/v1/providers/linjen-rekrytering", 200),
    ("/api/v1/providers/framtidsvagen-jobbmatchning", 200),
    ("/api/v1/providers/no-such-provider", 404),
    ("/api/v1/providers/jobbtorget?lang=de", 400),
    ("/api/v1/results?per_page=100", 200),
    ("/api/v1/results?per_page=100&page=2", 200),
    ("/api/v1/results?provider=cafe-karnhuset&service=FORB-1", 200),
    ("/api/v1/results?provider=linjen-rekrytering&period=2025H2", 200),
    ("/api/v1/results?period=2030H1", 200),
    ("/api/v1/results?period=2025H3", 400),
    ("/api/v1/pooled-results?per_page=100", 200),
    ("/api/v1/pooled-results?service=all", 200),
    ("/api/v1/pooled-results?service=MATCH-1", 200),
    ("/api/v1/pooled-results?provider=framtidsvagen-jobbmatchning", 200),
    ("/api/v1/pooled-results?provider=nobody", 400),
    ("/api/v1/follow-ups", 200),
    ("/api/v1/follow-ups?provider=arbetslust-stockholm&state=open&lang=ar", 200),
    ("/api/v1/follow-ups?service=FORB-2&per_page=1&page=1", 200),
    ("/api/v1/follow-ups?state=shut", 400),
    ("/api/v1/follow-ups?provider=nobody", 400),
    ("/api/v1/follow-ups/999999", 404),
    ("/api/v1/follow-ups/1?lang=xx", 400),
    ("/api/v1/terms", 200),
    ("/api/v1/terms?scheme=FORB&lang=en", 200),
    ("/api/v1/terms?scheme=NOPE", 400),
    ("/api/v1/strata-rates?per_page=100", 200),
    ("/api/v1/strata-rates?service=INTRO-2&period=2025H2", 200),
    ("/api/v1/strata-rates?period=2030H1", 200),
    ("/api/v1/strata-rates?service=NOPE", 400),
    ("/api/v1/expected-results?per_page=100", 200),
    ("/api/v1/expected-results?provider=sjostadens-jobbverkstad", 200),
    ("/api/v1/expected-results?provider=framtidsvagen-jobbmatchning&service=MATCH-1", 200),
    ("/api/v1/expected-results?provider=nobody", 400),
    ("/api/openapi.json", 200),
    ("/api/openapi.json?x=1", 400),
    ("/api/dcat.jsonld", 200),
]


@pytest.fixture(scope="module")
def document(app) -> dict:
    """The OpenAPI document, as served."""
    return fetch_json(app.test_client(), "/api/openapi.json")


def template_for(document: dict, url: str) -> str:
    """Return the document's path template that a live URL falls under."""
    path = urlsplit(url).path.removeprefix("/api")
    for template in document["paths"]:
        pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, path):
            return template
    raise AssertionError(f"{url} is not in the OpenAPI document")


def validator_for(document: dict, template: str, status: int, mimetype: str):
    """Return a validator for one response's schema, with $refs resolved in the document."""
    registry = Registry().with_resource(
        "urn:openapi", Resource(contents=document, specification=DRAFT202012)
    )
    parts = ["paths", template, "get", "responses", str(status), "content", mimetype, "schema"]
    pointer = "/".join(part.replace("~", "~0").replace("/", "~1") for part in parts)
    return Draft202012Validator(
        {"$ref": "urn:openapi#/" + quote(pointer, safe="/~")},
        registry=registry,
        format_checker=FormatChecker(),
    )


def check_live(client, document: dict, url: str, status: int) -> dict:
    """Fetch a URL and validate its body against the document; return the body."""
    response = client.get(url)
    assert response.status_code == status, f"{url} answered {response.status_code}"
    template = template_for(document, url)
    operation = document["paths"][template]["get"]
    assert str(status) in operation["responses"], f"{template} does not document {status}"
    assert response.mimetype in operation["responses"][str(status)]["content"]
    body = json.loads(response.get_data(as_text=True))
    validator = validator_for(document, template, status, response.mimetype)
    errors = sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
    assert not errors, f"{url}: " + "; ".join(
        f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]
    )
    return body


def test_document_is_openapi_3_1_with_valid_schemas(document):
    assert document["openapi"].startswith("3.1")
    for schema in document["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize(("url", "status"), LIVE_REQUESTS)
def test_live_response_matches_the_document(client, document, url, status):
    check_live(client, document, url, status)


@pytest.mark.parametrize(
    "start",
    [
        "/api/v1/providers?per_page=7",
        "/api/v1/results?per_page=100",
        "/api/v1/pooled-results",
        "/api/v1/follow-ups?per_page=2",
        "/api/v1/strata-rates?per_page=100",
        "/api/v1/expected-results?per_page=100",
    ],
)
def test_every_page_of_every_list_matches_the_document(client, document, start):
    url = start
    while url:
        url = check_live(client, document, url, 200)["links"]["next"]


def test_every_item_link_matches_the_document(client, document):
    items = fetch_json(client, "/api/v1/providers?per_page=100")["data"]
    items += fetch_json(client, "/api/v1/services")["data"]
    items += fetch_json(client, "/api/v1/schemes")["data"]
    items += fetch_json(client, "/api/v1/follow-ups?per_page=100")["data"]
    for item in items:
        for url in item["links"].values():
            if url.startswith("/api/"):
                check_live(client, document, url, 200)


def test_document_describes_every_api_route_and_nothing_else(app, document):
    routes = {
        re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix("/api"))
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.") and rule.endpoint != "api.unknown"
    }
    assert routes == set(document["paths"])


def test_every_documented_parameter_is_accepted(client, document):
    examples = {"service": "MATCH-1", "provider": "jobbtorget", "period": "2025H1"}
    examples |= {"status": "authorized", "scheme": "MATCH", "lang": "en", "page": "1"}
    examples |= {"per_page": "10", "state": "open"}
    for template, item in document["paths"].items():
        names = [
            document["components"]["parameters"][ref["$ref"].rsplit("/", 1)[1]]["name"]
            for ref in item["get"]["parameters"]
            if "$ref" in ref
        ]
        if "{" in template:
            continue
        query = "&".join(f"{name}={examples[name]}" for name in names)
        check_live(client, document, f"/api{template}?{query}", 200)


@pytest.mark.parametrize(
    "result",
    [
        {"suppressed": True, "participants": 4},  # a hidden result must carry no numbers
        {"suppressed": False, "participants": 0},  # a shown one carries every count
        {"suppressed": True, "share": 0},
    ],
)
def test_document_rejects_hidden_numbers(document, result):
    cell = {"provider": "x", "service": "MATCH-1", "period": "2025H1", "result": result}
    body = {
        "data": [{**cell, "reason": None}],
        "meta": {"page": 1, "per_page": 50, "total_items": 1, "total_pages": 1, "lang": "sv"},
        "links": {"self": "/", "first": "/", "last": "/", "prev": None, "next": None},
    }
    validator = validator_for(document, "/v1/results", 200, "application/json")
    assert list(validator.iter_errors(body))
