"""Shared fixtures: an app on a migrated, seeded database, a client, parsed pages."""

import os
from contextlib import contextmanager
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import text

from tests.factories.staff import ROLES, STAFF_PASSWORD, staff_account
from tests.mailserver import MailServer
from webapp import create_app
from webapp.core.db import get_engine, get_session
from webapp.core.extensions import limiter
from webapp.core.migrate import upgrade_database
from webapp.core.seed import load_seed
from webapp.staff.accounts import use_cheap_hashing

# Tests log in hundreds of times; argon2's production cost would dominate the run.
use_cheap_hashing()


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
    # The page and data caches are off unless a test asks for it: tests change data directly.
    settings = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "PAGE_CACHE_SIZE": 0,
        "DATA_CACHE_SIZE": 0,
        # Any write in a request that no action makes fails the test.
        "STRICT_ACTIONS": True,
    }
    app = create_app({**settings, **config})
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


@pytest.fixture(scope="session")
def staff(app):
    """One account per role in the shared database; returns role -> e-mail."""
    with app.app_context():
        session = get_session()
        emails = {
            role: staff_account(
                session, role=role, email=f"{role}@kommun.example", name=role.title()
            ).email
            for role in ROLES
        }
        session.commit()
    return emails


@contextmanager
def rolled_back(app):
    """Point the app's sessions at one connection whose transaction is rolled back afterwards.

    Views still commit, but only to a savepoint; nothing reaches the shared data.
    """
    connection = app.extensions["db_engine"].connect()
    transaction = connection.begin()
    app.config["DB_TEST_CONNECTION"] = connection
    try:
        yield connection
    finally:
        del app.config["DB_TEST_CONNECTION"]
        transaction.rollback()
        connection.close()


@pytest.fixture
def rollback(app):
    """Run the test inside a transaction that is rolled back afterwards."""
    with rolled_back(app) as connection:
        yield connection


class StaffClient:
    """A test client that logs in as staff and sends CSRF tokens like a browser."""

    def __init__(self, client):
        self.client = client

    def csrf_token(self) -> str:
        """Return this session's CSRF token, read from an admin page as a browser would."""
        response = self.client.get("/admin/password")
        if response.status_code != 200:  # not logged in: the login page has one too
            response = self.client.get("/admin/login")
        page = BeautifulSoup(response.get_data(as_text=True), "html5lib")
        return page.find("meta", attrs={"name": "csrf-token"})["content"]

    def login(self, email: str, password: str = STAFF_PASSWORD):
        """Log in through the login form; return the response."""
        return self.post("/admin/login", {"email": email, "password": password})

    def get(self, url: str, **kwargs):
        """GET a URL."""
        return self.client.get(url, **kwargs)

    def post(self, url: str, data: dict | None = None, **kwargs):
        """POST a form with a valid CSRF token."""
        data = {"csrf_token": self.csrf_token(), **(data or {})}
        return self.client.post(url, data=data, **kwargs)


def login_refused(response) -> bool:
    """Tell whether a login answer is the login page again, with its error message."""
    if response.status_code != 200:
        return False
    page = BeautifulSoup(response.get_data(as_text=True), "html5lib")
    return page.select_one("main div.alert[role=alert]:not(.error-summary)") is not None


@pytest.fixture
def staff_client(app, staff, rollback):
    """Return a function that gives a client logged in with the given role."""

    # Rate limits live in memory for the whole test session; start each test afresh.
    limiter.reset()

    def log_in_as(role: str | None) -> StaffClient:
        client = StaffClient(app.test_client())
        if role is not None:
            response = client.login(staff[role])
            assert response.status_code == 302, "login failed"
        return client

    return log_in_as


@pytest.fixture(scope="session")
def smtp_server():
    """A real SMTP server on a free port for the whole run."""
    server = MailServer().start()
    yield server
    server.stop()


@pytest.fixture
def mail_server(app, smtp_server, monkeypatch):
    """Send the shared app's e-mail to the test SMTP server; yield it, emptied."""
    for key, value in smtp_server.settings().items():
        monkeypatch.setitem(app.config, key, value)
    smtp_server.received.clear()
    smtp_server.refuse = False
    yield smtp_server
    smtp_server.received.clear()
