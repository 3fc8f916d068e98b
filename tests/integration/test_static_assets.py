"""Static files: hashed names, pre-compressed, cached for a year, and light."""

import pytest
from bs4 import BeautifulSoup

from webapp import assets


@pytest.fixture(scope="module")
def built():
    """Build static/dist/ as the set-up step does."""
    manifest = assets.build_assets()
    assets.read_manifest.cache_clear()
    return manifest


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


def test_pages_link_hashed_files(client, built):
    urls = linked_assets(client)
    assert len(urls) == 3
    assert all(assets.is_immutable(url) for url in urls), urls


def test_hashed_files_are_cached_for_a_year_and_precompressed(client, built):
    for url in linked_assets(client):
        response = fetch(client, url, **{"Accept-Encoding": "br, gzip"})
        assert response.status_code == 200
        assert "immutable" in response.headers["Cache-Control"]
        assert "max-age=315360000" in response.headers["Cache-Control"] or (
            "max-age=31536000" in response.headers["Cache-Control"]
        )
        assert response.headers["Content-Encoding"] == "br"


def test_all_css_and_js_together_under_30_kb_compressed(client, built):
    total = sum(
        len(fetch(client, url, **{"Accept-Encoding": "gzip"}).data) for url in linked_assets(client)
    )
    assert total < 30 * 1024, total


def test_unhashed_files_are_not_immutable(client, built):
    response = fetch(client, "/static/css/site.css")
    assert response.status_code == 200
    assert "immutable" not in response.headers.get("Cache-Control", "")
