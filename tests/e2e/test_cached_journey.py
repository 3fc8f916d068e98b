"""The public journey on a server with every cache on, as in production, on a phone.

The other browser tests serve the shared app with the caches off (its tests change
data directly). Here the page cache, kept reads and fragments are on: a person
filters the list, opens a card, goes on to compare, in Swedish and in Arabic, and a
staff change shows on the pages they come back to.
"""

import re
import threading

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select
from werkzeug.serving import make_server

from tests.conftest import build_app, isolated_database_url
from tests.e2e.pages import ProviderList
from webapp.core.db import get_session
from webapp.providers.models import Provider
from webapp.staff.audit import record_event

PHONE = {"width": 360, "height": 800}


@pytest.fixture(scope="module")
def cached_site(tmp_path_factory):
    """A live server with the page cache, kept reads and fragments on; yields (app, URL)."""
    app = build_app(
        isolated_database_url(tmp_path_factory, "e2e_cached"),
        PAGE_CACHE_SIZE=200,
        PAGE_CACHE_CHECK_SECONDS=0,
        PAGE_CACHE_GRACE_SECONDS=0,
        DATA_CACHE_SIZE=1000,
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()
    app.extensions["db_engine"].dispose()


@pytest.fixture
def phone(browser, cached_site):
    """A phone-sized browser page on the cached site."""
    _app, url = cached_site
    context = browser.new_context(viewport=PHONE, base_url=url)
    yield context.new_page()
    context.close()


def rename(app, slug: str, name: str) -> None:
    """Rename a provider as staff do: the change and its audit event in one transaction."""
    with app.app_context():
        session = get_session()
        provider = session.exec(select(Provider).where(Provider.slug == slug)).one()
        provider.name = name
        record_event(session, "provider.update", entity_type="provider", entity_id=provider.id)
        session.commit()


def test_filter_open_a_card_and_compare_with_every_cache_on(phone: Page):
    providers = ProviderList(phone).open(lang="sv")
    providers.filter_by("Insats", "MATCH-1")
    expect(phone).to_have_url(re.compile(r"service=MATCH-1"))
    names = providers.names()
    assert names
    # The same filter again comes from the caches and lists the same providers.
    ProviderList(phone).open(lang="sv", query="service=MATCH-1")
    assert providers.names() == names
    providers.card(names[0]).get_by_role("link", name=names[0]).click()
    expect(providers.heading).to_have_text(names[0])
    phone.go_back()
    ticked = providers.tick_for_comparison(2)
    providers.compare_bar.get_by_role("button").click()
    for name in ticked:
        expect(phone.get_by_role("heading", name=name)).to_be_visible()
    assert providers.scroll_width() <= PHONE["width"]
    assert providers.axe_violations() == []


def test_arabic_pages_from_the_caches_read_right_to_left_and_fit(phone: Page):
    for _ in range(2):  # rendered, then served from what was kept
        phone.goto("/ar/providers?service=MATCH-1")
        expect(phone.locator("html")).to_have_attribute("dir", "rtl")
        expect(phone.locator("html")).to_have_attribute("lang", "ar")
        cards = phone.locator(".provider-card")
        assert cards.count() > 0
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    cards.first.get_by_role("link").first.click()
    expect(phone.locator("html")).to_have_attribute("dir", "rtl")
    expect(phone.get_by_role("heading", level=1)).to_be_visible()


def test_a_staff_change_shows_on_the_pages_the_site_had_kept(browser, cached_site):
    """The site's own caches follow the change; a browser may keep a page 60 s (max-age)."""
    app, url = cached_site
    first = browser.new_context(viewport=PHONE, base_url=url)
    ProviderList(first.new_page()).open(lang="so", query="sort=name")
    first.close()
    rename(app, "jobbtorget", "Jobbtorget Ny")
    try:
        later = browser.new_context(viewport=PHONE, base_url=url)  # another visitor
        phone = later.new_page()
        providers = ProviderList(phone).open(lang="so", query="sort=name")
        expect(phone.get_by_role("link", name="Jobbtorget Ny")).to_be_visible()
        phone.get_by_role("link", name="Jobbtorget Ny").click()
        expect(providers.heading).to_have_text("Jobbtorget Ny")
        later.close()
    finally:
        rename(app, "jobbtorget", "Jobbtorget")
