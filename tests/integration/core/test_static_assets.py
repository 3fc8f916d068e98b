"""Static files: hashed names, pre-compressed, cached for a year, and light."""

import pytest
from bs4 import BeautifulSoup

from webapp import create_app
from webapp.core import assets


@pytest.fixture(scope="module")
def client(app):
    """A client of an app created after static/dist/ is built, as in production.

    WhiteNoise indexes the static files when the app starts, so the app must not
    be older than the build.
    """
    assets.build_assets()
    assets.read_manifest.cache_clear()
    fresh = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]}
    )
    yield fresh.test_client()
    fresh.extensions["db_engine"].dispose()


def fetch(client, url, **headers):
    """GET a static file and close it (WhiteNoise streams from an open file)."""
    response = client.get(url, headers=headers)
    response.get_data()
    response.close()
    return response


def linked_assets(client) -> list[str]:
    """Return the stylesheet and script URLs of the start page."""
    page = BeautifulSoup(client.get("/sv/").get_data(as_text=True), "html5lib")
    return [link["href"] for link in page.select("link[rel=stylesheet]")] + [
        script["src"] for script in page.select("script[src]")
    ]


def test_pages_link_hashed_files(client):
    urls = linked_assets(client)
    assert len(urls) == 3
    assert all(assets.is_immutable(url) for url in urls), urls


def test_hashed_files_are_cached_for_a_year_and_precompressed(client):
    for url in linked_assets(client):
        response = fetch(client, url, **{"Accept-Encoding": "br, gzip"})
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert response.headers["Content-Encoding"] == "br"


def test_all_css_and_js_together_under_30_kb_compressed(client):
    total = sum(
        len(fetch(client, url, **{"Accept-Encoding": "gzip"}).data) for url in linked_assets(client)
    )
    assert total < 30 * 1024, total


def test_unhashed_files_are_not_immutable(client):
    response = fetch(client, "/static/css/site.css")
    assert response.status_code == 200
    assert "immutable" not in response.headers.get("Cache-Control", "")
