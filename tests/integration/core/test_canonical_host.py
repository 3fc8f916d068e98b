"""A forged Host or X-Forwarded-Host changes nothing anyone else receives.

The app here runs as in production behind one proxy that sets X-Forwarded-Host,
with the page cache on: a request naming another host is refused before the
cache or Flask sees it, and a request through an allowed second name gets (and
leaves in the cache) documents that name only the canonical address.
"""

import json

import pytest

from webapp import create_app

BASE = "https://valj.kommun.example"
DOCUMENTS = ("/api/openapi.json", "/api/dcat.jsonld")


@pytest.fixture(scope="module")
def site(app):
    """The seeded database behind a production-like address, with the page cache on."""
    served = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "PAGE_CACHE_SIZE": 100,
            "PAGE_CACHE_CHECK_SECONDS": 3600,
            "PUBLIC_BASE_URL": BASE,
            "ALLOWED_HOSTS": ("intern.kommun.example",),
            "TRUSTED_PROXY_HOPS": 1,
            "TRUSTED_PROXY_HOST": True,
        }
    )
    yield served
    served.extensions["db_engine"].dispose()


def urls_in(document) -> list[str]:
    """Return every absolute http(s) URL anywhere in a JSON document."""
    if isinstance(document, dict):
        return [url for value in document.values() for url in urls_in(value)]
    if isinstance(document, list):
        return [url for value in document for url in urls_in(value)]
    return [document] if isinstance(document, str) and document.startswith("http") else []


def own_urls(document) -> list[str]:
    """Return the document's URLs that point at this site rather than vocabularies."""
    return [url for url in urls_in(document) if "kommun" in url or "evil" in url]


@pytest.mark.parametrize("path", DOCUMENTS)
@pytest.mark.parametrize(
    "headers",
    [
        {"Host": "evil.example"},
        {"X-Forwarded-Host": "evil.example"},
        {"Host": "valj.kommun.example.evil.example"},
    ],
    ids=["host", "forwarded host", "suffix"],
)
def test_a_request_for_another_host_is_refused(site, path, headers):
    response = site.test_client().get(path, headers=headers)

    assert response.status_code == 400
    assert b"evil" not in response.data


@pytest.mark.parametrize("path", DOCUMENTS)
def test_an_allowed_second_name_cannot_change_the_cached_documents(site, path):
    through_alias = site.test_client().get(
        path, headers={"X-Forwarded-Host": "intern.kommun.example"}
    )
    afterwards = site.test_client().get(path)

    assert through_alias.status_code == afterwards.status_code == 200
    assert through_alias.data == afterwards.data
    urls = own_urls(json.loads(afterwards.data))
    assert urls, "the document names no address of the site"
    assert all(url.startswith(BASE + "/") or url == BASE + "/api" for url in urls), urls


def test_openapi_servers_and_dcat_ids_come_from_the_configuration(site):
    client = site.test_client()
    openapi = json.loads(client.get("/api/openapi.json").data)
    dcat = json.loads(client.get("/api/dcat.jsonld").data)

    assert openapi["servers"] == [{"url": BASE + "/api"}]
    assert dcat["@id"] == BASE + "/api/dcat.jsonld"


def test_external_urls_outside_requests_are_canonical(site):
    from webapp.core.urls import external_url

    with site.app_context():
        assert external_url("public.choose", lang="so") == BASE + "/so/choose"


def test_the_health_check_answers_any_host(site):
    assert site.test_client().get("/healthz", headers={"Host": "10.0.0.7:8000"}).status_code == 200
