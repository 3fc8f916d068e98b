"""The warning before a session ends, in Chromium, on a server whose sessions last seconds.

WCAG 2.2.1: a client who typed their code, and a staff member, are warned before
the session ends, go on with the keyboard, and stay past the first end; left
alone, the page goes to one that says the session ended. axe checks the page
with the warning open, on a small phone for the client.
"""

import re
import threading
import time
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from werkzeug.serving import make_server

from tests.conftest import build_app, isolated_database_url
from tests.e2e.pages import LoginPage
from tests.e2e.test_accessibility import describe
from tests.factories.choices import stored_invitation
from tests.factories.staff import STAFF_PASSWORD, staff_account
from webapp.core.db import get_session
from webapp.core.extensions import limiter

# A session ends this many seconds after the last request; the warning comes WARNING before.
LIFETIME = 12
WARNING = 8
PHONE = {"width": 360, "height": 740}
STAFF_EMAIL = "tidsgrans@kommun.example"


@pytest.fixture(scope="module")
def timeout_app(tmp_path_factory):
    """An app whose sessions last seconds, on a database of its own."""
    app = build_app(
        isolated_database_url(tmp_path_factory, "timeout_e2e"),
        PERMANENT_SESSION_LIFETIME=timedelta(seconds=LIFETIME),
        SESSION_WARNING_SECONDS=WARNING,
    )
    with app.app_context():
        staff_account(get_session(), role="editor", email=STAFF_EMAIL)
        get_session().commit()
    yield app
    app.extensions["db_engine"].dispose()


@pytest.fixture(scope="module")
def timeout_server(timeout_app):
    """Serve the app on a free local port; yield its base URL."""
    server = make_server("127.0.0.1", 0, timeout_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="timeout-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()


@pytest.fixture
def phone(browser, timeout_server):
    """A page in a fresh browser the size of a small phone."""
    context = browser.new_context(viewport=PHONE, base_url=timeout_server)
    yield context.new_page()
    context.close()


@pytest.fixture
def desk(browser, timeout_server):
    """A page in a fresh browser on a desk, in Swedish."""
    limiter.reset()
    context = browser.new_context(locale="sv-SE", base_url=timeout_server)
    yield context.new_page()
    context.close()


def open_choice(page, app) -> float:
    """Type a new invitation's code; return when the choice page came (the session's start)."""
    _id, code = stored_invitation(app)
    page.goto("/sv/choose")
    page.get_by_role("textbox").fill(code)
    page.locator("form.choose-code").get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"/sv/choose/providers$"))
    return time.monotonic()


def log_in(page) -> float:
    """Log in as the editor; return when the dashboard came."""
    LoginPage(page).open().log_in(STAFF_EMAIL, STAFF_PASSWORD)
    return time.monotonic()


def wait_until(moment: float, page) -> None:
    """Let the page run until a moment (time.monotonic) has passed."""
    page.wait_for_timeout(max(0.0, moment - time.monotonic()) * 1000)


def axe_problems(page, name: str) -> list[str]:
    """Run axe on the page as it stands; describe what it finds."""
    return describe({name: Axe().run(page).response["violations"]})


def assert_fits(page) -> None:
    """Fail if the page scrolls sideways."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide"


def test_a_client_is_warned_continues_with_the_keyboard_and_keeps_the_code(phone, timeout_app):
    start = open_choice(phone, timeout_app)
    dialog = phone.get_by_role("dialog", name="Sidan glömmer snart din kod")
    expect(dialog).to_be_hidden()

    expect(dialog).to_be_visible(timeout=LIFETIME * 1000)

    assert time.monotonic() - start >= LIFETIME - WARNING - 1, "the warning came too early"
    # It says when, and what is kept; the keyboard is on "Continue".
    expect(dialog).to_contain_text(re.compile(r"slutar sidan komma ihåg din kod kl\. \d\d:\d\d"))
    expect(dialog).to_contain_text("Ett val som du har bekräftat är sparat.")
    go_on = dialog.get_by_role("button", name="Fortsätt")
    expect(go_on).to_be_focused()
    expect(dialog.get_by_role("button", name="Avsluta nu")).to_be_visible()
    problems = axe_problems(phone, "providers with the warning open")
    assert_fits(phone)
    phone.keyboard.press("Enter")
    expect(dialog).to_be_hidden()

    wait_until(start + LIFETIME + 1, phone)  # past the end the page first told of
    phone.goto("/sv/choose/providers")

    expect(phone).to_have_url(re.compile(r"/sv/choose/providers$"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("Ditt val av anordnare")
    assert not problems, "\n".join(problems)


def test_a_client_who_does_nothing_lands_on_a_page_that_says_the_session_ended(phone, timeout_app):
    open_choice(phone, timeout_app)
    expect(phone.get_by_role("dialog")).to_be_visible(timeout=LIFETIME * 1000)

    expect(phone).to_have_url(re.compile(r"/sv/choose/ended$"), timeout=(WARNING + 5) * 1000)

    expect(phone.get_by_role("heading", level=1)).to_have_text("Du har loggats ut")
    expect(phone.get_by_role("main")).to_contain_text("Ett val som du har bekräftat är sparat.")
    problems = axe_problems(phone, "the session ended")
    assert_fits(phone)
    phone.get_by_role("link", name="Skriv koden igen").click()
    expect(phone).to_have_url(re.compile(r"/sv/choose$"))
    phone.goto("/sv/choose/providers")  # the code is forgotten: the code form asks for it
    expect(phone).to_have_url(re.compile(r"/sv/choose$"))
    assert not problems, "\n".join(problems)


def test_staff_are_warned_and_escape_keeps_them_logged_in(desk):
    start = log_in(desk)
    dialog = desk.get_by_role("dialog", name="Du loggas snart ut")

    expect(dialog).to_be_visible(timeout=LIFETIME * 1000)

    expect(dialog).to_contain_text(re.compile(r"loggas du ut kl\. \d\d:\d\d"))
    expect(dialog.get_by_role("button", name="Fortsätt")).to_be_focused()
    problems = axe_problems(desk, "the dashboard with the warning open")
    desk.keyboard.press("Escape")  # Escape means "continue"
    expect(dialog).to_be_hidden()

    wait_until(start + LIFETIME + 1, desk)
    desk.goto("/admin/providers")

    expect(desk).to_have_url(re.compile(r"/admin/providers$"))
    assert not problems, "\n".join(problems)


def test_staff_who_do_nothing_are_logged_out_and_log_in_again_where_they_were(desk):
    log_in(desk)
    desk.get_by_role("navigation", name="Administration").get_by_role(
        "link", name="Anordnare", exact=True
    ).click()
    expect(desk).to_have_url(re.compile(r"/admin/providers$"))

    expect(desk).to_have_url(re.compile(r"/admin/signed-out\?"), timeout=(LIFETIME + 5) * 1000)

    expect(desk.get_by_role("heading", level=1)).to_have_text("Du har loggats ut")
    problems = axe_problems(desk, "signed out")
    desk.get_by_role("link", name="Logga in igen").click()
    desk.get_by_label("E-postadress").fill(STAFF_EMAIL)
    desk.get_by_label("Lösenord").fill(STAFF_PASSWORD)
    desk.get_by_role("button", name="Logga in").click()
    expect(desk).to_have_url(re.compile(r"/admin/providers$"))
    assert not problems, "\n".join(problems)


def test_when_the_site_cannot_be_reached_the_warning_says_so_and_continue_can_be_tried_again(
    phone, timeout_app
):
    open_choice(phone, timeout_app)
    dialog = phone.get_by_role("dialog", name="Sidan glömmer snart din kod")
    expect(dialog).to_be_visible(timeout=LIFETIME * 1000)
    phone.route("**/choose/extend", lambda route: route.abort("internetdisconnected"))

    phone.keyboard.press("Enter")

    expect(dialog.get_by_role("alert")).to_have_text(
        "Vi kunde inte nå webbplatsen. Kontrollera att du är ansluten till internet och"
        " försök igen."
    )
    go_on = dialog.get_by_role("button", name="Fortsätt")
    expect(go_on).to_be_focused()
    phone.unroute("**/choose/extend")
    phone.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    expect(phone).to_have_url(re.compile(r"/sv/choose/providers$"))
