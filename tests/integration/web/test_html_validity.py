"""Every public page is valid HTML, as the Nu Html Checker sees it."""

import pytest

from tests import htmlcheck

NOT_FOUND_PATH = "/sv/no-such-page"


@pytest.fixture(scope="module")
def public_pages(app):
    """Crawl the public pages through the test client, starting at /sv/."""
    client = app.test_client()

    def fetch(url):
        response = client.get(url, follow_redirects=True)
        html = response.get_data(as_text=True) if response.mimetype == "text/html" else None
        return htmlcheck.Fetched(response.status_code, html)

    return htmlcheck.crawl(
        fetch, app.config["PUBLIC_BASE_URL"], kind_of=lambda url: htmlcheck.route_key(app, url)
    )


def test_crawl_reaches_the_public_pages(public_pages):
    """The start page loads and links on to the rest of the public site."""
    problems = htmlcheck.crawl_problems(public_pages)
    assert not problems, "\n".join(problems)


def test_public_links_lead_somewhere(public_pages):
    """No link answers with an error, and no form submission crashes the server."""
    broken = htmlcheck.broken_links(public_pages)
    assert not broken, "Broken links:\n" + "\n".join(broken)


def test_public_pages_are_valid_html(public_pages, client):
    """The Nu Html Checker finds no error on any crawled page, nor on the 404 page."""
    documents = {visit.url: visit.html.encode() for visit in public_pages if visit.html}
    not_found = client.get(NOT_FOUND_PATH)
    assert not_found.status_code == 404
    documents[NOT_FOUND_PATH] = not_found.data

    errors = htmlcheck.validate(documents)

    assert not errors, f"{len(errors)} HTML error(s):\n" + "\n".join(errors)
