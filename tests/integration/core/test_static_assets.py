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


def linked_icons(client, url: str = "/sv/") -> dict[str, str]:
    """Return a page's icon links: the touch icon and the icons by type ("ico" without one)."""
    page = BeautifulSoup(client.get(url).get_data(as_text=True), "html5lib")
    icons = {link.get("type", "ico"): link["href"] for link in page.select("link[rel=icon]")}
    icons["touch"] = page.select_one("link[rel=apple-touch-icon]")["href"]
    return icons


def test_pages_link_hashed_files(client):
    urls = linked_assets(client)
    assert len(urls) == 4
    assert all(assets.is_immutable(url) for url in urls), urls


@pytest.mark.parametrize("page", ["/sv/", "/ar/providers", "/admin/login"])
def test_every_page_names_its_icons_served_hashed(client, page):
    icons = linked_icons(client, page)
    assert icons["ico"] == "/favicon.ico"
    assert assets.is_immutable(icons["image/svg+xml"]) and assets.is_immutable(icons["touch"])
    svg = fetch(client, icons["image/svg+xml"])
    assert svg.status_code == 200 and svg.headers["Content-Type"].startswith("image/svg+xml")
    assert svg.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    touch = fetch(client, icons["touch"])
    assert touch.status_code == 200 and touch.data.startswith(b"\x89PNG")


def test_favicon_ico_answers_at_the_root(client):
    """Browsers ask for /favicon.ico where nothing names an icon (a JSON document, say)."""
    response = fetch(client, "/favicon.ico")
    assert response.status_code == 200
    assert response.data[:4] == b"\x00\x00\x01\x00"  # an ICO file's header


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
