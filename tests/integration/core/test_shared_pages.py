"""Workers share rendered pages through Redis: one renders, the others fetch."""

import pytest
import redis
from sqlmodel import select

from tests.conftest import build_app, isolated_database_url
from tests.sqlcount import counted_statements
from webapp import create_app
from webapp.core.db import get_session
from webapp.providers.history import snapshot_provider
from webapp.providers.models import Provider
from webapp.providers.queries import get_provider
from webapp.staff.audit import record_event

REDIS_URL = "redis://127.0.0.1:6379/5"


def serving_app(url: str, shared: str, **config):
    """An app like one gunicorn worker: page cache on, sharing pages at shared."""
    return create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": url,
            "PAGE_CACHE_SIZE": 100,
            "PAGE_CACHE_CHECK_SECONDS": 0,
            "PAGE_CACHE_GRACE_SECONDS": 0,
            "SHARED_PAGE_CACHE_URL": shared,
            **config,
        }
    )


@pytest.fixture(scope="module")
def workers(tmp_path_factory):
    """Two workers on one database and one Redis."""
    redis.Redis.from_url(REDIS_URL).flushdb()
    url = isolated_database_url(tmp_path_factory, "sharedpages")
    build_app(url).extensions["db_engine"].dispose()
    apps = [serving_app(url, REDIS_URL) for _ in range(2)]
    yield apps
    for app in apps:
        app.extensions["db_engine"].dispose()


def test_a_page_one_worker_rendered_is_fetched_by_the_other(workers):
    first, second = workers
    rendered = first.test_client().get("/sv/providers?sort=result")
    with counted_statements(second.extensions["db_engine"]) as statements:
        fetched = second.test_client().get("/sv/providers?sort=result")
    assert fetched.status_code == rendered.status_code == 200
    assert fetched.data == rendered.data
    assert fetched.headers["ETag"] == rendered.headers["ETag"]
    assert len([s for s in statements if s != "BEGIN"]) == 1  # the data version only


def test_after_a_change_no_worker_serves_the_old_page(workers):
    first, second = workers
    first.test_client().get("/en/providers/jobbtorget")
    with first.app_context():
        session = get_session()
        provider = session.exec(select(Provider).where(Provider.slug == "jobbtorget")).one()
        provider.name = "Jobbtorget Delad"
        record_event(session, "provider.update", entity_type="provider", entity_id=provider.id)
        session.commit()
    assert b"Jobbtorget Delad" in second.test_client().get("/en/providers/jobbtorget").data
    assert b"Jobbtorget Delad" in first.test_client().get("/en/providers/jobbtorget").data


def test_a_description_change_leaves_other_providers_shared_pages_valid(workers):
    first, second = workers
    other = first.test_client().get("/sv/providers/jarvalyftet")
    first.test_client().get("/sv/providers/jobbtorget")
    with first.app_context():
        session = get_session()
        provider = get_provider_by_slug(session, "jobbtorget")
        before = snapshot_provider(provider)
        provider.description = "Delad ny beskrivning."
        session.flush()
        record_event(
            session,
            "provider.update",
            entity_type="provider",
            entity_id=provider.id,
            before=before,
            after=snapshot_provider(provider),
        )
        session.commit()
    with counted_statements(second.extensions["db_engine"]) as statements:
        fetched = second.test_client().get("/sv/providers/jarvalyftet")
    assert fetched.data == other.data
    assert all("audit_event" in s for s in statements if s != "BEGIN")  # from Redis
    assert b"Delad ny beskrivning." in second.test_client().get("/sv/providers/jobbtorget").data


def test_a_new_release_does_not_serve_the_old_releases_pages(workers):
    first, _second = workers
    url = first.config["SQLALCHEMY_DATABASE_URI"]
    old = first.test_client().get("/sv/about-results")
    # A deploy that changes a setting pages show (the smallest group) is another release.
    new = serving_app(url, REDIS_URL, MIN_GROUP_SIZE=first.config["MIN_GROUP_SIZE"] + 7)
    with counted_statements(new.extensions["db_engine"]) as statements:
        rendered = new.test_client().get("/sv/about-results")
    assert rendered.status_code == old.status_code == 200
    assert rendered.data != old.data  # its own page, not the one in Redis
    assert any("audit_event" not in s for s in statements if s != "BEGIN")  # rendered
    # Its pages are kept apart: the old release still serves its own.
    assert first.test_client().get("/sv/about-results").data == old.data
    new.extensions["db_engine"].dispose()


def get_provider_by_slug(session, slug: str) -> Provider:
    """Return the provider with this slug, with what its snapshot holds."""
    pk = session.exec(select(Provider.id).where(Provider.slug == slug)).one()
    return get_provider(session, provider_id=pk)


def test_without_redis_pages_are_rendered_as_usual(tmp_path_factory):
    url = isolated_database_url(tmp_path_factory, "sharedpagesdown")
    build_app(url).extensions["db_engine"].dispose()
    app = serving_app(url, "redis://127.0.0.1:9/0")  # nothing listens on port 9
    response = app.test_client().get("/sv/")
    assert response.status_code == 200
    assert b"<h1" in response.data
    app.extensions["db_engine"].dispose()
