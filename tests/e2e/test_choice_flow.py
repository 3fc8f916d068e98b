"""The whole online choice in real browsers: a caseworker invites, the client chooses in Somali."""

import re
import threading

import pytest
from playwright.sync_api import Browser, Page, expect
from werkzeug.serving import make_server

from tests.conftest import STAFF_PASSWORD, build_app, isolated_database_url
from tests.factories.staff import staff_account
from webapp.core.db import get_session

CASEWORKER = "handlaggare@kommun.example"
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def choice_server(tmp_path_factory):
    """Serve an app on a database of its own (choices are written and committed).

    The server takes its port first, so the app's address (the one letters print) is its own.
    """
    served = []
    server = make_server("127.0.0.1", 0, lambda *call: served[0](*call), threaded=True)
    app = build_app(
        isolated_database_url(tmp_path_factory, "choice_flow"),
        PUBLIC_BASE_URL=f"http://127.0.0.1:{server.server_port}",
    )
    served.append(app)
    with app.app_context():
        staff_account(get_session(), email=CASEWORKER, name="Handläggare", role="caseworker")
        get_session().commit()
    thread = threading.Thread(target=server.serve_forever, name="choice-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()
    app.extensions["db_engine"].dispose()


@pytest.fixture
def caseworker_page(browser: Browser, choice_server):
    """A logged-in caseworker's page, in a Swedish-speaking browser."""
    context = browser.new_context(base_url=choice_server, locale="sv-SE")
    page = context.new_page()
    page.goto("/admin/login")
    page.locator("#email").fill(CASEWORKER)
    page.locator("#password").fill(STAFF_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    yield page
    context.close()


@pytest.fixture
def client_page(browser: Browser, choice_server):
    """The client's page: a fresh browser on a narrow phone screen."""
    context = browser.new_context(base_url=choice_server, viewport=PHONE)
    yield context.new_page()
    context.close()


def fits_the_screen(page: Page) -> None:
    """Check the page does not scroll sideways on the phone."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def test_caseworker_invites_client_chooses_in_somali_caseworker_sees_it(
    caseworker_page: Page, client_page: Page
):
    # The caseworker creates the invitation and reads the code off the page.
    caseworker = caseworker_page
    caseworker.goto("/admin/choices/new")
    caseworker.locator("#service").select_option("MATCH-1")
    caseworker.locator("#letter_lang").select_option("so")
    caseworker.locator("#case_reference").fill("E2E 1")
    caseworker.locator("main form button[type=submit]").click()
    code = caseworker.locator("#choice-code").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{4} [A-Z0-9]{4} [A-Z0-9]{4}", code.strip())
    letter = caseworker.locator("#choice-letter")
    expect(letter).to_have_attribute("lang", "so")
    address = letter.locator("a").first.get_attribute("href")
    assert address.endswith("/so/choose")

    # The client, on a phone, opens the address in the letter and types the code.
    client = client_page
    client.goto(address)
    expect(client.locator("html")).to_have_attribute("lang", "so")
    fits_the_screen(client)
    client.locator("input[name=code]").fill(code.lower())
    client.locator("form:has(input[name=code]) button[type=submit]").click()
    expect(client).to_have_url(re.compile(r"/so/choose/providers"))
    fits_the_screen(client)

    # Compare two providers side by side, then come back to choose.
    boxes = client.locator("input[name=p][form=compare-form]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    client.locator("#compare-form button[type=submit]").click()
    expect(client).to_have_url(re.compile(r"/so/compare\?"))
    expect(client.locator(".compare-card")).to_have_count(2)
    client.go_back()
    expect(client).to_have_url(re.compile(r"/so/choose/providers"))

    choice = client.locator("form button[name=provider]").first
    chosen_slug = choice.get_attribute("value")
    chosen_name = choice.locator("xpath=ancestor::article//h3").inner_text().strip()
    choice.click()
    expect(client).to_have_url(re.compile(rf"/so/choose/confirm\?provider={chosen_slug}"))
    fits_the_screen(client)
    client.locator("main form[method=post]:has(input[name=provider]) button[type=submit]").click()

    expect(client).to_have_url(re.compile(r"/so/choose/receipt"))
    expect(client.locator("#reference")).to_have_text(re.compile(r"V\d{4}-\d{6}"))
    fits_the_screen(client)

    # The caseworker reloads the list and sees the choice at once.
    caseworker.goto("/admin/choices")
    row = caseworker.locator("#invitations tbody tr").filter(has_text="E2E 1")
    expect(row.locator(".choice-state")).to_have_attribute("data-state", "chosen")
    expect(row.locator(".choice-provider")).to_have_text(chosen_name)
