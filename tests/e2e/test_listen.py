"""Listen: the main content read aloud with the device's own voices, shown only where one exists.

Chromium here may have no voices at all, so the tests give it fake ones
(tests/e2e/fake_speech.js) and check what the button asked it to say.
"""

import pytest
from flask_babel import force_locale, gettext
from playwright.sync_api import expect

from tests.e2e.pages import PublicPage
from tests.e2e.speech import offer_voices
from webapp.core.config import LANGUAGES

PHONE = {"width": 360, "height": 800}
# Languages a device commonly has voices for; Tigrinya almost never.
VOICED = [lang for lang in LANGUAGES if lang != "ti"]


@pytest.fixture
def phone(browser, base_url):
    """A fresh phone-sized browser context; the test decides what voices it has."""
    context = browser.new_context(viewport=PHONE, base_url=base_url)
    yield context
    context.close()


def label(app, lang: str, text: str) -> str:
    """Return a Swedish label as the page shows it in a language."""
    with app.test_request_context(), force_locale(lang):
        return gettext(text)


def test_the_real_browser_shows_the_button_only_with_a_voice(phone):
    """No fake here: Chromium's own voices decide (often none when headless)."""
    page = PublicPage(phone.new_page()).open(lang="sv")
    page.page.wait_for_load_state("load")
    has_swedish_voice = page.page.evaluate(
        "(speechSynthesis.getVoices()).some(v => v.lang.toLowerCase().startsWith('sv'))"
    )
    if has_swedish_voice:
        expect(page.listen_button).to_be_visible()
    else:
        expect(page.listen_button).to_be_hidden()


@pytest.mark.parametrize(("lang", "voices"), [("ti", VOICED), ("sv", ["en", "ar"]), ("ar", [])])
def test_hidden_without_a_voice_for_the_pages_language(phone, lang, voices):
    offer_voices(phone, voices)
    page = PublicPage(phone.new_page()).open(lang=lang)
    expect(page.heading).to_be_visible()
    expect(page.listen_button).to_be_hidden()
    expect(page.page.locator("[data-listen]")).to_be_hidden()


def test_hidden_without_javascript(browser, base_url):
    context = browser.new_context(viewport=PHONE, base_url=base_url, java_script_enabled=False)
    try:
        page = PublicPage(context.new_page()).open(lang="sv")
        expect(page.heading).to_be_visible()
        expect(page.listen_button).to_be_hidden()
    finally:
        context.close()


@pytest.mark.parametrize("lang", VOICED)
def test_shown_in_the_pages_language_and_reads_from_the_heading(app, phone, lang):
    offer_voices(phone, VOICED)
    page = PublicPage(phone.new_page()).open(lang=lang)
    listen = page.listen_button
    expect(listen).to_be_visible()
    expect(listen).to_have_accessible_name(label(app, lang, "Lyssna"))

    listen.click()
    expect(listen).to_have_accessible_name(label(app, lang, "Pausa"))
    page.page.wait_for_function("() => window.__spoken.length > 1")
    first = page.spoken()[0]
    assert first["text"] == page.heading.inner_text()
    assert first["lang"] == lang and first["voice"] == f"Fake {lang}"


def test_keyboard_listen_pause_go_on_and_stop(phone):
    offer_voices(phone, ["sv"], speak_ms=400)
    page = PublicPage(phone.new_page())
    page.page.goto("/sv/about-results")
    listen, stop = page.listen_button, page.stop_listening_button
    expect(stop).to_be_hidden()

    listen.focus()
    page.page.keyboard.press("Enter")
    expect(listen).to_have_accessible_name("Pausa")
    expect(stop).to_be_visible()
    expect(page.page.locator(".listen-current")).to_have_count(1)  # what is read is marked

    page.page.keyboard.press("Space")  # pause
    expect(listen).to_have_accessible_name("Fortsätt lyssna")
    read_so_far = len(page.spoken())
    page.page.wait_for_timeout(900)  # two pieces' time: nothing more is said while paused
    assert len(page.spoken()) == read_so_far

    page.page.keyboard.press("Enter")  # go on: the paused piece again, then onwards
    expect(listen).to_have_accessible_name("Pausa")
    page.page.wait_for_function(f"() => window.__spoken.length > {read_so_far + 1}")
    texts = [piece["text"] for piece in page.spoken()]
    assert texts[read_so_far] == texts[read_so_far - 1]

    stop.focus()
    page.page.keyboard.press("Enter")
    expect(listen).to_have_accessible_name("Lyssna")
    expect(stop).to_be_hidden()
    expect(listen).to_be_focused()
    expect(page.page.locator(".listen-current")).to_have_count(0)


def test_reads_only_the_main_content_in_order(phone):
    offer_voices(phone, ["sv"], speak_ms=5)
    page = PublicPage(phone.new_page())
    page.page.goto("/sv/about-results")
    page.listen_button.click()
    expect(page.listen_button).to_have_accessible_name("Lyssna", timeout=20_000)  # read to the end
    texts = [piece["text"] for piece in page.spoken()]
    main = page.page.get_by_role("main")
    assert texts[0] == page.heading.inner_text()
    assert texts[-1] == main.locator("p").last.inner_text()
    said = " ".join(texts)
    for outside in ("Behöver du hjälp?", "Hoppa till innehållet", "Tillgänglighet", "Lyssna"):
        assert outside not in said  # header, help, footer and the buttons are not read
    headings = main.get_by_role("heading", level=2).all_inner_texts()
    positions = [texts.index(heading) for heading in headings]
    assert positions == sorted(positions)


def test_a_swedish_text_on_an_arabic_page_gets_a_swedish_voice(phone):
    """Names of services people meet in letters stand in Swedish, marked lang="sv"."""
    offer_voices(phone, ["ar", "sv"], speak_ms=5)
    page = PublicPage(phone.new_page()).open(lang="ar")
    page.listen_button.click()
    page.page.wait_for_function("() => window.__spoken.some(p => p.lang === 'sv')", timeout=20_000)
    swedish = next(p for p in page.spoken() if p["lang"] == "sv")
    assert swedish["voice"] == "Fake sv"
    assert page.page.locator("main [lang=sv]").filter(has_text=swedish["text"]).count()
