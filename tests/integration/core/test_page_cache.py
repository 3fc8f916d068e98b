"""The page cache serves stored pages until the data version changes."""

import gzip

import pytest
from sqlalchemy import event
from sqlmodel import select

from tests.conftest import build_app, isolated_database_url
from tests.factories.choices import stored_invitation
from tests.integration.web.public.choose.conftest import ChoiceClient
from webapp.core.db import get_session
from webapp.providers.models import Provider
from webapp.staff.audit import record_event


@pytest.fixture(scope="module")
def cached_app(tmp_path_factory):
    """An app with the page cache on, checking the version on every request."""
    app = build_app(
        isolated_database_url(tmp_path_factory, "pagecache"),
        PAGE_CACHE_SIZE=100,
        PAGE_CACHE_CHECK_SECONDS=0,
        PAGE_CACHE_GRACE_SECONDS=0,
        DATA_CACHE_SIZE=1000,
    )
    yield app
    app.extensions["db_engine"].dispose()


def count_statements(app, fetch):
    """Run fetch() and return (its result, the SQL statements it sent)."""
    statements = []
    engine = app.extensions["db_engine"]

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        return fetch(), statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def rename_provider(app, slug, name):
    """Change a provider the way staff do: with an audit event in the same transaction."""
    with app.app_context():
        session = get_session()
        provider = session.exec(select(Provider).where(Provider.slug == slug)).one()
        provider.name = name
        record_event(session, "provider.update", entity_type="provider", entity_id=provider.id)
        session.commit()


def test_second_request_is_served_from_the_cache(cached_app):
    client = cached_app.test_client()
    first, _ = count_statements(cached_app, lambda: client.get("/sv/providers?sort=name"))
    second, statements = count_statements(cached_app, lambda: client.get("/sv/providers?sort=name"))
    assert first.status_code == second.status_code == 200
    assert first.data == second.data
    queries = [s for s in statements if s != "BEGIN"]  # SQLite's explicit BEGIN
    assert len(queries) == 1 and "audit_event" in queries[0]  # only the data version


def test_cached_page_answers_conditional_requests_and_gzip(cached_app):
    client = cached_app.test_client()
    client.get("/sv/about-results")
    response = client.get("/sv/about-results", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert b"<h1>" in gzip.decompress(response.data)
    assert "Accept-Encoding" in response.headers["Vary"]
    etag = response.headers["ETag"]
    not_modified = client.get("/sv/about-results", headers={"If-None-Match": etag})
    assert not_modified.status_code == 304
    assert not_modified.data == b""


def test_a_staff_change_shows_at_once(cached_app):
    client = cached_app.test_client()
    assert "Järvalyftet AB" in client.get("/sv/providers").get_data(as_text=True)
    rename_provider(cached_app, "jarvalyftet", "Järvalyftet Nya AB")
    assert "Järvalyftet Nya AB" in client.get("/sv/providers").get_data(as_text=True)


def test_htmx_fragment_and_full_page_are_kept_apart(cached_app):
    client = cached_app.test_client()
    full = client.get("/sv/providers?language=so")
    fragment = client.get("/sv/providers?language=so", headers={"HX-Request": "true"})
    again = client.get("/sv/providers?language=so")
    assert b"<html" in full.data and b"<html" not in fragment.data
    assert again.data == full.data


def test_errors_and_head_requests_are_not_kept(cached_app):
    client = cached_app.test_client()
    client.head("/sv/accessibility")
    assert client.get("/sv/accessibility").data  # not an empty body kept from HEAD
    client.get("/sv/providers/no-such-provider")
    _, statements = count_statements(
        cached_app, lambda: client.get("/sv/providers/no-such-provider")
    )
    assert len(statements) > 1  # rendered again, not served from the cache


def test_admin_pages_never_pass_through_the_cache(cached_app):
    client = cached_app.test_client()
    client.get("/admin/login")
    response = client.get("/admin/login")
    assert "ETag" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


def test_a_browser_holding_a_choice_gets_its_own_page_never_a_stored_one(cached_app):
    """Profiles offer "choose this provider" to a client with an open choice (choose_offer)."""
    anonymous = cached_app.test_client()
    anonymous.get("/sv/providers/jarvalyftet")  # now stored for everyone
    _id, code = stored_invitation(cached_app)
    person = ChoiceClient(cached_app.test_client())
    assert person.enter(code).status_code == 303
    page, statements = count_statements(
        cached_app, lambda: person.client.get("/sv/providers/jarvalyftet")
    )
    assert len([s for s in statements if s != "BEGIN"]) > 1  # rendered, not served stored
    assert b"choose-offer" in page.data
    # Nor is the personal page kept for the next visitor.
    assert b"choose-offer" not in anonymous.get("/sv/providers/jarvalyftet").data


@pytest.fixture(scope="module")
def graceful_app(tmp_path_factory):
    """An app whose old pages fade out over an hour after a change."""
    app = build_app(
        isolated_database_url(tmp_path_factory, "pagegrace"),
        PAGE_CACHE_SIZE=100,
        PAGE_CACHE_CHECK_SECONDS=0,
        PAGE_CACHE_GRACE_SECONDS=3600,
    )
    yield app
    app.extensions["db_engine"].dispose()


def test_right_after_a_change_old_pages_are_served_while_new_ones_render(graceful_app):
    """No thundering herd: a change does not make every page render in the same second."""
    client = graceful_app.test_client()
    assert "Järvalyftet AB" in client.get("/sv/providers").get_data(as_text=True)
    rename_provider(graceful_app, "jarvalyftet", "Järvalyftet Nya AB")
    _, statements = count_statements(graceful_app, lambda: client.get("/sv/providers"))
    # The old page, from the cache: only the version and the change are read.
    assert all("FROM audit_event" in s for s in statements if s != "BEGIN")
    # A page nobody asked for before the change is rendered from the new data.
    fresh = client.get("/sv/providers?sort=name").get_data(as_text=True)
    assert "Järvalyftet Nya AB" in fresh
    # Staff (with a session cookie) see the change at once.
    staff = graceful_app.test_client(use_cookies=False)
    mine = staff.get("/sv/providers", headers={"Cookie": "session=x"})
    assert "Järvalyftet Nya AB" in mine.get_data(as_text=True)


def test_a_stored_page_does_not_carry_the_request_id_of_the_request_that_rendered_it(cached_app):
    client = cached_app.test_client()
    first = client.get("/sv/privacy", headers={"X-Request-ID": "abcdef12-render"})
    assert first.headers["X-Request-ID"] == "abcdef12-render"
    again = client.get("/sv/privacy", headers={"X-Request-ID": "abcdef12-second"})
    assert again.headers.get("X-Request-ID") != "abcdef12-render"
