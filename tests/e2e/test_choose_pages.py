"""The choice pages in a browser: a small phone, Somali and Arabic, typing the code, and axe."""

import re
import threading

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from werkzeug.serving import make_server

from tests.conftest import build_app, isolated_database_url
from tests.e2e.test_accessibility import describe
from tests.factories.choices import stored_invitation
from tests.integration.web.public.choose.test_code import PERSIAN_DIGITS, digits_only_code

PHONE = {"width": 360, "height": 740}
AXE_LANGUAGES = ["sv", "ar", "so"]


@pytest.fixture(scope="module")
def choose_app(tmp_path_factory):
    """An app on a database of its own: invitations made here must reach the server thread."""
    app = build_app(
        isolated_database_url(tmp_path_factory, "choose_e2e"),
        CHOICE_RATE_LIMIT_IP="1000 per minute",
        CHOICE_RATE_LIMIT_CODE="1000 per minute",
    )
    yield app
    app.extensions["db_engine"].dispose()


@pytest.fixture(scope="module")
def choose_server(choose_app):
    """Serve the app on a free local port; yield its base URL."""
    server = make_server("127.0.0.1", 0, choose_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="choose-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()


@pytest.fixture
def phone(browser):
    """A page in a fresh browser context the size of a small phone."""
    context = browser.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()


def assert_fits(page):
    """Fail if the page scrolls sideways."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide"


def enter_code(page, server: str, lang: str, code: str):
    """Open the code form in a language and send a code."""
    page.goto(f"{server}/{lang}/choose")
    page.locator("input[name=code]").fill(code)
    page.locator("form.choose-code button").click()


def test_client_compares_chooses_and_gets_a_receipt_in_somali(phone, choose_app, choose_server):
    _id, code = stored_invitation(choose_app)
    enter_code(phone, choose_server, "so", code.lower().replace("-", " "))
    expect(phone).to_have_url(re.compile(r"/so/choose/providers$"))
    expect(phone.locator("html")).to_have_attribute("lang", "so")
    assert_fits(phone)

    phone.locator("#compare-jarvalyftet").check()
    phone.locator("#compare-jobbtorget").check()
    phone.locator("#compare-form button").click()
    expect(phone).to_have_url(re.compile(r"/so/compare\?.*service=MATCH-1"))
    expect(phone.locator(".compare-card").first).to_be_visible()
    phone.go_back()

    phone.locator("button[value=jarvalyftet]").click()
    expect(phone).to_have_url(re.compile(r"/so/choose/confirm\?provider=jarvalyftet$"))
    assert_fits(phone)
    phone.locator("form.choose-confirm button").click()

    expect(phone).to_have_url(re.compile(r"/so/choose/receipt$"))
    expect(phone.locator("#reference")).to_have_text(re.compile(r"V\d{4}-\d{6}"))
    expect(phone.locator(".js-print")).to_be_visible()  # the print button, once JS runs
    assert_fits(phone)


def test_choice_pages_read_right_to_left_in_arabic(phone, choose_app, choose_server):
    _id, code = stored_invitation(choose_app)
    enter_code(phone, choose_server, "ar", code)
    expect(phone.locator("html")).to_have_attribute("dir", "rtl")
    heading = phone.locator("h1").bounding_box()
    # Right to left: the heading starts at the right edge of the screen.
    assert heading["x"] + heading["width"] > PHONE["width"] - 40
    assert_fits(phone)
    phone.locator("button[value=jobbtorget]").click()
    phone.locator("form.choose-confirm button").click()
    expect(phone).to_have_url(re.compile(r"/ar/choose/receipt$"))
    reference = phone.locator("#reference bdi")
    expect(reference).to_have_attribute("dir", "ltr")
    assert_fits(phone)


def test_choice_works_without_javascript(browser, choose_app, choose_server):
    _id, code = stored_invitation(choose_app)
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        enter_code(page, choose_server, "sv", code)
        page.locator("button[value=jarvalyftet]").click()
        page.locator("form.choose-confirm button").click()
        expect(page).to_have_url(re.compile(r"/sv/choose/receipt$"))
        expect(page.locator("#reference")).to_be_visible()
        page.locator("form.choose-leave button").click()
        expect(page).to_have_url(re.compile(r"/sv/choose$"))
    finally:
        context.close()


def code_field(page):
    """The code form's one text field."""
    return page.locator("form.choose-code").get_by_role("textbox")


def send_code(page):
    """Press the code form's button."""
    page.locator("form.choose-code").get_by_role("button").click()


def direction_of(locator) -> str:
    """Return the direction the browser lays an element's text out in."""
    return locator.evaluate("element => getComputedStyle(element).direction")


def test_a_code_typed_with_persian_digits_in_arabic_opens_the_choice(
    phone, choose_app, choose_server
):
    _id, code = stored_invitation(choose_app, code=digits_only_code())
    phone.goto(f"{choose_server}/ar/choose")
    expect(phone.locator("html")).to_have_attribute("dir", "rtl")
    field = code_field(phone)
    # The field and the example code read left to right inside the right-to-left page.
    assert direction_of(field) == "ltr"
    assert direction_of(phone.locator(".hint bdi.code-text")) == "ltr"
    typed = code.translate(PERSIAN_DIGITS)
    field.press_sequentially(typed)
    expect(field).to_have_value(typed)
    assert_fits(phone)
    send_code(phone)
    expect(phone).to_have_url(re.compile(r"/ar/choose/providers$"))
    assert_fits(phone)

    # From comparing to choosing: the profile offers the provider, the confirm step asks once.
    phone.goto(f"{choose_server}/ar/providers/jarvalyftet")
    phone.get_by_role("button", name=re.compile("Järvalyftet AB")).click()
    expect(phone).to_have_url(re.compile(r"/ar/choose/confirm\?provider=jarvalyftet$"))
    assert_fits(phone)
    phone.locator("form.choose-confirm").get_by_role("button").click()
    expect(phone).to_have_url(re.compile(r"/ar/choose/receipt$"))


def test_after_a_wrong_code_focus_moves_to_the_error_summary(phone, choose_server):
    phone.goto(f"{choose_server}/ar/choose")
    title = phone.title()
    code_field(phone).fill("ABCD-EFGH-JKMN")
    send_code(phone)
    summary = phone.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(phone).to_have_title(f"خطأ: {title}")
    # The summary's link to the field is the keyboard's next stop; what was typed is kept.
    phone.keyboard.press("Tab")
    expect(summary.get_by_role("link")).to_be_focused()
    expect(code_field(phone)).to_have_value("ABCD-EFGH-JKMN")
    assert_fits(phone)


@pytest.mark.parametrize("lang", AXE_LANGUAGES)
def test_choice_pages_have_no_axe_violations(phone, choose_app, choose_server, lang):
    _id, code = stored_invitation(choose_app)
    found = {}

    def check(name):
        phone.wait_for_load_state("networkidle")
        found[name] = Axe().run(phone).response["violations"]
        assert_fits(phone)

    phone.goto(f"{choose_server}/{lang}/choose")
    check("code form")
    enter_code(phone, choose_server, lang, "ABCD-EFGH")
    check("code form with an error")
    enter_code(phone, choose_server, lang, code)
    check("providers")
    phone.locator("button[value=jarvalyftet]").click()
    check("confirm")
    phone.locator("form.choose-confirm button").click()
    check("receipt")
    phone.goto(f"{choose_server}/{lang}/choose/switch")
    check("switch")
    phone.goto(f"{choose_server}/{lang}/providers/jobbtorget")
    check("profile offering the provider")
    phone.goto(
        f"{choose_server}/{lang}/compare?service=MATCH-1&p=jobbtorget&p=arbetslust-stockholm"
    )
    check("compare page offering the providers")
    phone.goto(f"{choose_server}/{lang}/choose/confirm?provider=oppna-vagar")
    check("refused provider")

    problems = describe(found)
    assert not problems, f"{len(problems)} axe violation(s):\n" + "\n".join(problems)
