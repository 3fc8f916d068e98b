"""Shared fixtures: an app on a migrated, seeded database, a client, parsed pages."""

import os
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import text

from webapp import create_app
from webapp.db import get_engine
from webapp.migrate import upgrade_database
from webapp.seed import load_seed


def base_database_url(tmp_path_factory) -> str:
    """Return TEST_DATABASE_URL, or a fresh SQLite file for this run."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"


def isolated_database_url(tmp_path_factory, name: str) -> str:
    """Return a database of its own for tests that write: a schema on PostgreSQL."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url and url.startswith("postgresql"):
        separator = "&" if "?" in url else "?"
        return f"{url}{separator}options={quote(f'-csearch_path={name}')}"
    return f"sqlite:///{tmp_path_factory.mktemp(name) / 'test.sqlite'}"


def reset_database() -> None:
    """Empty the database (on PostgreSQL, the schema in the search path) before migrating."""
    engine = get_engine()
    if engine.dialect.name != "postgresql":
        return
    options = engine.url.query.get("options", "")
    schema = options.split("search_path=")[1] if "search_path=" in options else "public"
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))


def build_app(url: str, **config):
    """Create a testing app on a migrated and seeded database at url."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, **config})
    with app.app_context():
        reset_database()
        upgrade_database()
        load_seed()
    return app


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    """The application on the seeded demo database, shared by read-only tests."""
    app = build_app(base_database_url(tmp_path_factory))
    yield app
    app.extensions["db_engine"].dispose()


@pytest.fixture
def client(app):
    """A test client for the shared app."""
    return app.test_client()


def parse_page(response, *, fragment: bool = False) -> BeautifulSoup:
    """Parse a response and check what every page must have."""
    page = BeautifulSoup(response.get_data(as_text=True), "html5lib")
    if not fragment:
        html = page.find("html")
        assert html.get("lang"), "the page has no lang"
        assert html.get("dir") in ("ltr", "rtl"), "the page has no text direction"
        assert page.title and page.title.get_text(strip=True), "the page has no title"
        assert len(page.find_all("h1")) == 1, "a page has exactly one h1"
        assert len(page.find_all("main")) == 1
    for form in page.find_all("form"):
        assert form.get("action"), f"a form without action: {form.get('id')}"
    return page


@pytest.fixture
def get_page(client):
    """Fetch a URL, check its status, and return it parsed."""

    def get(url: str, *, status: int = 200, headers=None, fragment: bool = False):
        response = client.get(url, headers=headers)
        assert response.status_code == status, f"{url} answered {response.status_code}"
        return parse_page(response, fragment=fragment)

    return get
