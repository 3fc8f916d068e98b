"""The whole journey in a real browser, on a 360 px phone, in Somali and Arabic, and without
JavaScript: a caseworker invites, the client chooses from a profile, asks to switch, is
refused with a reason and reads it; the provider is de-authorized and the client chooses again.

Each journey picks its own providers, so the journeys share one server and one browser.
Three weeks pass in the middle (the choice has to close before a switch can be asked for):
the server runs in this process, so moving the clock moves it too.
"""

import re
import threading
from datetime import datetime, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask_babel import force_locale, gettext
from playwright.sync_api import Browser, Page, expect
from sqlmodel import select
from werkzeug.serving import make_server

from tests.conftest import STAFF_PASSWORD, build_app, isolated_database_url
from tests.e2e.pages import LoginPage
from tests.factories.staff import staff_account
from webapp.core.db import get_session
from webapp.providers.models import Provider

CASEWORKER = "handlaggare@kommun.example"
EDITOR = "redaktor@kommun.example"
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def journey_server(tmp_path_factory):
    """Serve an app on a database of its own, with a caseworker and an editor; yield (url, app)."""
    app = build_app(isolated_database_url(tmp_path_factory, "e2e_journey"))
    with app.app_context():
        staff_account(get_session(), email=CASEWORKER, name="Handläggare", role="caseworker")
        staff_account(get_session(), email=EDITOR, name="Redaktör", role="editor")
        get_session().commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="journey-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", app
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()
    app.extensions["db_engine"].dispose()


@pytest.fixture
def staff_page(browser: Browser, journey_server):
    """A Swedish-speaking staff browser."""
    context = browser.new_context(base_url=journey_server[0], locale="sv-SE")
    yield context.new_page()
    context.close()


def client_page(browser: Browser, url: str, *, javascript: bool) -> Page:
    """A fresh phone browser for the client."""
    context = browser.new_context(base_url=url, viewport=PHONE, java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(15_000)  # a step that fails, fails fast
    return page


class Words:
    """The site's words in the client's language, from the same catalogue the pages use."""

    def __init__(self, app, lang: str):
        self.app, self.lang = app, lang

    def __call__(self, msgid: str, **values) -> str:
        with self.app.test_request_context(f"/{self.lang}/"), force_locale(self.lang):
            return gettext(msgid, **values)


def provider_names(app, *slugs: str) -> list[str]:
    with app.app_context():
        names = dict(get_session().exec(select(Provider.slug, Provider.name)).all())
    return [names[slug] for slug in slugs]


def log_in(page: Page, email: str) -> None:
    page.context.clear_cookies()
    LoginPage(page).open().log_in(email, STAFF_PASSWORD)


def fits_the_screen(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def no_axe_violations(page: Page, *, javascript: bool) -> None:
    if not javascript:
        return  # axe runs as a script in the page; the markup is the same either way
    violations = Axe().run(page).response["violations"]
    assert violations == [], [(v["id"], v["nodes"][0]["target"]) for v in violations]


JOURNEYS = {
    # language, JavaScript, chosen first, asked to switch to, chosen again
    "somali": ("so", True, "jarvalyftet", "arbetslust-stockholm", "kompassen-jobbcoachning"),
    "arabic": ("ar", True, "nordljus-matchning", "zenith-karriar", "sjostadens-jobbverkstad"),
    "somali-without-javascript": (
        "so",
        False,
        "motesplats-tensta",
        "framtidsvagen-jobbmatchning",
        "ostra-brobyggarna",
    ),
}


@pytest.mark.parametrize("journey", list(JOURNEYS))
def test_the_whole_journey(browser, journey_server, staff_page, time_machine, journey):
    url, app = journey_server
    lang, javascript, first_slug, wanted_slug, again_slug = JOURNEYS[journey]
    first, wanted, again = provider_names(app, first_slug, wanted_slug, again_slug)
    t = Words(app, lang)
    reference = f"RESA {journey}"
    staff = staff_page

    # The caseworker creates the invitation and reads the code off the page.
    log_in(staff, CASEWORKER)
    staff.goto("/admin/choices/new")
    staff.get_by_label("Beviljad insats").select_option("MATCH-1")
    staff.get_by_label("Brevets språk").select_option(lang)
    staff.get_by_label("Internt ärendenummer (frivilligt)").fill(reference)
    staff.get_by_role("button", name="Skapa inbjudan och kod").click()
    code = staff.locator("#choice-code").inner_text().strip()

    # The client, on a phone, types the code from the letter.
    client = client_page(browser, url, javascript=javascript)
    client.goto(f"/{lang}/choose")
    expect(client.locator("html")).to_have_attribute("lang", lang)
    client.get_by_role("textbox", name=t("Kod")).fill(code)
    client.get_by_role("button", name=t("Fortsätt")).click()
    expect(client).to_have_url(re.compile(rf"/{lang}/choose/providers"))
    fits_the_screen(client)

    # …opens a provider's profile from the list, comes back and chooses it.
    client.get_by_role("main").get_by_role("link", name=first, exact=True).click()
    expect(client.get_by_role("heading", level=1)).to_have_text(first)
    client.go_back()
    client.get_by_role("button", name=t("Välj %(name)s", name=first)).click()
    client.get_by_role("button", name=t("Bekräfta valet av %(name)s", name=first)).click()
    expect(client.get_by_role("heading", level=1)).to_have_text(t("Kvitto på ditt val"))
    fits_the_screen(client)

    # The caseworker sees the choice at once.
    staff.goto("/admin/choices")
    row = staff.get_by_role("row").filter(has_text=reference)
    expect(row).to_contain_text(first)

    # Three weeks later the choice is closed; the client asks to switch.
    time_machine.move_to(datetime.now() + timedelta(days=21), tick=True)
    client.goto(f"/{lang}/choose")
    client.get_by_role("textbox", name=t("Kod")).fill(code)
    client.get_by_role("button", name=t("Fortsätt")).click()
    client.get_by_role("link", name=t("Be om att byta anordnare")).click()
    client.get_by_label(t("Ny anordnare")).select_option(label=wanted)
    client.get_by_label(t("Varför vill du byta?")).fill("Waxaan u guuray meel kale.")
    client.get_by_role("button", name=t("Skicka begäran")).click()
    expect(client.get_by_role("status").first).to_contain_text(
        t("Din begäran om byte är skickad till din handläggare.")
    )

    # The request waits on the caseworker's dashboard; the caseworker refuses it.
    log_in(staff, CASEWORKER)
    waiting = staff.get_by_role("region", name="Begäranden om byte som väntar på beslut")
    waiting.get_by_role("row").filter(has_text=reference).get_by_role("link").click()
    reason = "Du har nyss börjat hos din anordnare. Fråga igen om tre månader."
    staff.get_by_label("Motivering").fill(reason)
    staff.get_by_role("button", name="Avslå bytet").click()
    expect(staff.get_by_role("status")).to_have_text("Bytet är avslaget.")

    # The client reads the refusal, the reason and how to ask for a review.
    client.reload()
    decision = client.get_by_role("region", name=t("Din begäran om byte"))
    expect(decision).to_contain_text(reason)
    expect(
        decision.get_by_role("heading", name=t("Om du inte håller med om beslutet"))
    ).to_be_visible()
    fits_the_screen(client)
    no_axe_violations(client, javascript=javascript)

    # An editor de-authorizes the provider; the client is among those affected.
    log_in(staff, EDITOR)
    staff.goto("/admin/providers")
    staff.get_by_role("table").get_by_role("link", name=first, exact=True).click()
    staff.get_by_role("main").get_by_role("link", name="Avauktorisera", exact=True).click()
    affected = staff.get_by_role("region", name="Klienter som berörs")
    expect(affected.get_by_role("row").filter(has_text=reference)).to_have_count(1)
    staff.get_by_label("Skäl").select_option("breach")
    today = staff.get_by_label("Gäller från").input_value()
    staff.get_by_label("Beslutsdatum").fill(today)
    staff.get_by_label("Diarienummer").fill("AMN 2026/0777")
    staff.get_by_role("button", name="Registrera avauktorisation").click()
    expect(staff.get_by_role("status")).to_have_text("Avauktorisationen är registrerad.")
    displaced = staff.get_by_role("region", name="Klienter som fått välja igen")
    expect(displaced.get_by_role("row").filter(has_text=reference)).to_have_count(1)

    # The client sees what happened and what to do, and chooses again.
    client.reload()
    gone = client.get_by_role("region", name=t("Din anordnare slutar"))
    expect(gone).to_contain_text(first)
    expect(gone).to_contain_text(
        t("Om du inte väljer i tid får du kommunens egen anordnare: %(name)s.", name="Jobbtorget")
    )
    fits_the_screen(client)
    no_axe_violations(client, javascript=javascript)
    client.get_by_role("button", name=t("Välj %(name)s", name=again)).click()
    client.get_by_role("button", name=t("Bekräfta valet av %(name)s", name=again)).click()
    expect(client.get_by_role("heading", level=1)).to_have_text(t("Kvitto på ditt val"))
    expect(client.get_by_role("main")).to_contain_text(again)
    client.context.close()
