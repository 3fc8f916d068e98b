"""Shared fixtures: an app on a migrated, seeded database, and a client."""

import os

import pytest
from sqlalchemy import text

from webapp import create_app
from webapp.db import get_engine
from webapp.migrate import upgrade_database
from webapp.seed import load_seed


def test_database_url(tmp_path_factory) -> str:
    """Return TEST_DATABASE_URL, or a fresh SQLite file for this run."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"


def reset_database() -> None:
    """Drop every table so migrations start from nothing."""
    engine = get_engine()
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))


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
    app = build_app(test_database_url(tmp_path_factory))
    yield app
    get_engine_of(app).dispose()


def get_engine_of(app):
    """Return the engine an app uses."""
    return app.extensions["db_engine"]


@pytest.fixture
def client(app):
    """A test client for the shared app."""
    return app.test_client()
