"""The API as HTTP: paging, conditional requests, CORS, languages and problem answers."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from flask_babel import force_locale
from sqlmodel import Session, delete, select

from tests.integration.web.api.conftest import fetch_json, walk
from webapp.providers.models import Provider, ProviderTranslation
from webapp.providers.vocab import FEATURES

LISTS = [
    "/api/v1/schemes",
    "/api/v1/services",
    "/api/v1/providers",
    "/api/v1/results",
    "/api/v1/pooled-results",
]
ENDPOINTS = [*LISTS, "/api/v1/", "/api/v1/providers/jobbtorget", "/api/openapi.json"]


def problem(response, status: int) -> dict:
    """Check a problem answer and return its body."""
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    body = json.loads(response.get_data(as_text=True))
    assert body["status"] == status
    assert body["type"] and body["title"] and body["detail"]
    return body


def invalid_names(response) -> list[str]:
    """Return the names of the parameters a 400 problem complains about."""
    return [param["name"] for param in problem(response, 400)["invalid_params"]]


# Paging


def test_first_page_links(client):
    body = fetch_json(client, "/api/v1/providers?per_page=10&status=authorized")
    assert body["meta"] == {
        "page": 1,
        "per_page": 10,
        "total_items": 23,
        "total_pages": 3,
        "lang": "sv",
    }
    links = body["links"]
    assert links["prev"] is None
    assert links["next"].startswith("/api/v1/providers?")
    query = parse_qs(urlsplit(links["next"]).query)
    assert query == {"per_page": ["10"], "status": ["authorized"], "page": ["2"]}
    assert parse_qs(urlsplit(links["last"]).query)["page"] == ["3"]
    assert parse_qs(urlsplit(links["first"]).query)["page"] == ["1"]


def test_last_page_is_partial_and_has_no_next(client):
    body = fetch_json(client, "/api/v1/providers?per_page=10&status=authorized&page=3")
    assert len(body["data"]) == 3
    assert body["links"]["next"] is None
    assert parse_qs(urlsplit(body["links"]["prev"]).query)["page"] == ["2"]


def test_pages_cover_every_item_once(client):
    one_page = fetch_json(client, "/api/v1/providers?per_page=100")["data"]
    by_pages = walk(client, "/api/v1/providers?per_page=7")
    assert [p["slug"] for p in by_pages] == [p["slug"] for p in one_page]


def test_default_and_maximum_page_size(client):
    assert fetch_json(client, "/api/v1/results")["meta"]["per_page"] == 50
    assert len(fetch_json(client, "/api/v1/results?per_page=100")["data"]) == 100


def test_link_header_repeats_the_links(client):
    response = client.get("/api/v1/providers?per_page=10&page=2")
    header = response.headers["Link"]
    for rel in ("first", "last", "prev", "next"):
        assert f'rel="{rel}"' in header
    assert "page=3" in header


def test_empty_list_has_one_empty_page(client):
    body = fetch_json(client, "/api/v1/results?period=2030H1")
    assert body["data"] == []
    assert body["meta"]["total_items"] == 0 and body["meta"]["total_pages"] == 1
    assert body["links"]["next"] is None and body["links"]["prev"] is None


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("page=0", ["page"]),
        ("page=-1", ["page"]),
        ("page=4", ["page"]),  # one beyond the last of three
        ("page=abc", ["page"]),
        ("page=1.5", ["page"]),
        ("page=%C2%B2", ["page"]),  # a superscript two is a digit to Python, not to us
        ("per_page=0", ["per_page"]),
        ("per_page=101", ["per_page"]),
        ("per_page=ten", ["per_page"]),
        ("page=1&page=2", ["page"]),
    ],
)
def test_bad_paging_is_a_400_problem(client, query, names):
    response = client.get(f"/api/v1/providers?per_page=10&status=authorized&{query}")
    if "per_page" in query:
        response = client.get(f"/api/v1/providers?{query}")
    assert invalid_names(response) == names


def test_page_beyond_the_last_says_which_is_last(client):
    body = problem(client.get("/api/v1/providers?page=2"), 400)
    assert "last page is 1" in body["invalid_params"][0]["reason"]


# Bad parameters and unknown addresses


@pytest.mark.parametrize(
    ("url", "names"),
    [
        ("/api/v1/providers?service=NOPE", ["service"]),
        ("/api/v1/providers?status=active", ["status"]),
        ("/api/v1/results?provider=no-such-provider", ["provider"]),
        ("/api/v1/results?period=2025", ["period"]),
        ("/api/v1/results?period=2025H3", ["period"]),
        ("/api/v1/pooled-results?period=2025H1", ["period"]),  # pooled has no period
        ("/api/v1/results?servce=MATCH-1", ["servce"]),
        ("/api/v1/results?lang=sv-SE", ["lang"]),
        ("/api/v1/services?scheme=MATCH-1", ["scheme"]),
        ("/api/v1/results?service=X&provider=Y&page=0", ["service", "provider", "page"]),
    ],
)
def test_bad_parameters_are_a_400_problem_naming_them(client, url, names):
    assert sorted(invalid_names(client.get(url))) == sorted(names)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/providers/no-such-provider",
        "/api/v1/services/NOPE",
        "/api/v1/schemes/NOPE",
        "/api/v2/providers",
        "/api/",
        "/api/v1/providers/jobbtorget/staff",
    ],
)
def test_unknown_addresses_are_a_404_problem(client, url):
    problem(client.get(url), 404)


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_are_a_405_problem(client, method):
    response = getattr(client, method)("/api/v1/providers", json={})
    assert problem(response, 405)
    assert response.headers["Allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.parametrize(
    "query",
    [
        "page=%00",
        "lang=%FF%FE",
        "service=" + "A" * 5000,
        "provider=%27%3B--",
        "period=%E2%80%AE2025H1",
        "per_page=99999999999999999999999",
    ],
)
@pytest.mark.parametrize("path", LISTS)
def test_odd_input_never_answers_500(client, path, query):
    assert client.get(f"{path}?{query}").status_code in (200, 400)


# Conditional requests and caching


@pytest.mark.parametrize("url", [*ENDPOINTS, "/api/dcat.jsonld"])
def test_if_none_match_gives_304_without_a_body(client, url):
    first = client.get(url)
    etag = first.headers["ETag"]
    assert not etag.startswith("W/")
    assert first.headers["Cache-Control"] == "public, max-age=300"
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag
    assert again.headers["Access-Control-Allow-Origin"] == "*"


def test_other_etag_gets_the_body(client):
    response = client.get("/api/v1/providers", headers={"If-None-Match": '"something-else"'})
    assert response.status_code == 200 and response.data


def test_etag_follows_the_body(client):
    swedish = client.get("/api/v1/providers/jobbtorget").headers["ETag"]
    english = client.get("/api/v1/providers/jobbtorget?lang=en").headers["ETag"]
    assert swedish != english
    assert client.get("/api/v1/providers/jobbtorget").headers["ETag"] == swedish


def test_problems_are_not_cached(client):
    assert client.get("/api/v1/providers?page=0").headers["Cache-Control"] == "no-store"


# CORS


@pytest.mark.parametrize("url", [*ENDPOINTS, "/api/v1/providers?page=0", "/api/nope"])
def test_every_answer_allows_any_origin(client, url):
    response = client.get(url, headers={"Origin": "https://forskare.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]


def test_preflight_allows_reading_only(client):
    response = client.options(
        "/api/v1/results",
        headers={
            "Origin": "https://forskare.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "If-None-Match",
        },
    )
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "If-None-Match" in response.headers["Access-Control-Allow-Headers"]
    assert response.data == b""


def test_head_answers_headers_only(client):
    response = client.head("/api/v1/providers")
    assert response.status_code == 200 and response.data == b""
    assert response.headers["ETag"] == client.get("/api/v1/providers").headers["ETag"]


# Languages


def test_feature_labels_follow_lang(app, client):
    provider = fetch_json(client, "/api/v1/providers/jobbtorget?lang=en")["data"]
    labels = {feature["code"]: feature["label"] for feature in provider["features"]}
    with app.test_request_context(), force_locale("en"):
        expected = str(FEATURES["childcare"])
    with app.test_request_context(), force_locale("sv"):
        swedish = str(FEATURES["childcare"])
    assert labels["childcare"] == expected != swedish
    assert provider["description"]["lang"] == "en"


@pytest.mark.parametrize("lang", ["sv", "en", "ar", "fa", "so", "ti", "uk"])
def test_every_site_language_is_accepted(client, lang):
    body = fetch_json(client, f"/api/v1/services/MATCH-1?lang={lang}")
    assert body["meta"]["lang"] == lang
    assert body["data"]["name"]["lang"] == lang


def test_missing_translation_falls_back_to_swedish_and_says_so(client, rollback):
    with Session(rollback, join_transaction_mode="create_savepoint") as session:
        provider = session.exec(select(Provider).where(Provider.slug == "jobbtorget")).one()
        session.exec(
            delete(ProviderTranslation).where(
                ProviderTranslation.provider_id == provider.id, ProviderTranslation.lang == "so"
            )
        )
        session.commit()
    data = fetch_json(client, "/api/v1/providers/jobbtorget?lang=so")["data"]
    assert data["description"]["lang"] == "sv"
    assert "kommunens egen verksamhet" in data["description"]["text"]
    assert data["offices"][0]["opening_hours"]["lang"] == "so"  # office texts are still there
