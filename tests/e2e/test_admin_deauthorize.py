"""Staff de-authorize a provider in the browser; the public site follows at once."""

import re
import threading

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select
from werkzeug.serving import make_server

from tests.conftest import STAFF_PASSWORD, build_app, isolated_database_url
from tests.factories.staff import staff_account
from webapp.core.db import get_session
from webapp.providers.models import Provider

EDITOR = "redaktor@kommun.example"


@pytest.fixture(scope="module")
def own_server(tmp_path_factory):
    """Serve an app on a database of its own, with an editor account; yield (url, app).

    The server thread cannot see a test's rolled-back transaction, and this test
    changes authorizations other tests rely on, so it gets its own data.
    """
    app = build_app(isolated_database_url(tmp_path_factory, "e2e_deauthorize"))
    with app.app_context():
        staff_account(get_session(), email=EDITOR, name="Redaktör", role="editor")
        get_session().commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="deauthorize-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", app
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()
    app.extensions["db_engine"].dispose()


@pytest.fixture
def own_page(browser, own_server):
    """A Swedish browser page whose relative addresses go to the server of this module."""
    # The admin picks Swedish or English from the browser's languages.
    context = browser.new_context(base_url=own_server[0], locale="sv-SE")
    yield context.new_page()
    context.close()


def provider_id(app, slug: str) -> int:
    """Return a provider's id in the module's database."""
    with app.app_context():
        return get_session().exec(select(Provider.id).where(Provider.slug == slug)).one()


def listed_names(page: Page) -> list[str]:
    """Return the provider names in the public list."""
    return page.locator(".provider-card h3").all_inner_texts()


def test_deauthorized_provider_leaves_the_public_site(own_page: Page, own_server):
    page = own_page
    _url, app = own_server
    page.goto("/sv/providers")
    assert "Järvalyftet AB" in listed_names(page)

    page.goto("/admin/login")
    page.get_by_label("E-postadress").fill(EDITOR)
    page.get_by_label("Lösenord").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Översikt")

    page.goto(f"/admin/providers/{provider_id(app, 'jarvalyftet')}/history")
    page.get_by_role("link", name="Avauktorisera").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Avauktorisera Järvalyftet AB")
    # Every service is ticked from the start, and the date is today's.
    boxes = page.locator("#services input[type=checkbox]")
    expect(boxes).to_have_count(3)
    for index in range(3):
        expect(boxes.nth(index)).to_be_checked()
    page.get_by_label("Skäl", exact=True).select_option("provider_request")
    # No follow-up led to this decision: the choice stays at "none".
    expect(page.get_by_label("Uppföljning som ledde till beslutet")).to_have_value("")
    today = page.get_by_label("Gäller från").input_value()
    page.get_by_label("Beslutsdatum").fill(today)
    page.get_by_label("Diarienummer").fill("AMN 2026/0999")
    page.get_by_label("Anteckning").fill("Anordnaren avslutar sin verksamhet.")
    page.get_by_role("button", name="Registrera avauktorisation").click()

    expect(page).to_have_url(re.compile(r"/admin/providers/\d+/history$"))
    expect(page.get_by_role("status")).to_have_text("Avauktorisationen är registrerad.")
    expect(page.locator("#decisions tbody tr")).to_have_count(1)
    expect(page.locator("#decisions tbody tr")).to_contain_text("På anordnarens begäran")

    page.goto("/sv/providers")
    expect(page.locator(".provider-card").first).to_be_visible()
    assert "Järvalyftet AB" not in listed_names(page)
    page.goto("/sv/providers/jarvalyftet")
    expect(page.get_by_role("note")).to_contain_text("Anordnaren kan inte väljas längre.")
    # The reason travels to the public page.
    expect(page.get_by_role("note")).to_contain_text("Skäl: På anordnarens begäran.")
    expect(page.locator("#endings")).to_contain_text("Skäl: På anordnarens begäran.")
