"""On a 360 × 800 phone, in every language: help is one tap from the first screen, and
lättläst is reached from the language menu. axe finds nothing with everything unfolded.
"""

import re

import pytest
from flask_babel import force_locale, gettext
from playwright.sync_api import expect

from tests.e2e.pages import EasyReadPage, ProviderList, PublicPage
from tests.e2e.speech import offer_voices
from webapp.core.config import LANGUAGES

PHONE = {"width": 360, "height": 800}


@pytest.fixture(scope="module")
def phone(browser, base_url):
    """A phone whose browser has a voice in every language but Tigrinya, as many do."""
    context = browser.new_context(viewport=PHONE, base_url=base_url)
    offer_voices(context, [lang for lang in LANGUAGES if lang != "ti"])
    yield context.new_page()
    context.close()


def no_axe_violations(page_object) -> None:
    """Check axe finds nothing on the page as it stands."""
    violations = page_object.axe_violations()
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]


def in_language(app, lang: str, text: str) -> str:
    """Return a Swedish message as the catalogue has it in a language."""
    with app.test_request_context(), force_locale(lang):
        return gettext(text)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_help_is_one_tap_from_the_first_screen(app, phone, lang):
    providers = ProviderList(phone).open(lang=lang, query="service=MATCH-1")
    expect(providers.help_link).to_be_in_viewport()
    expect(providers.help_link).to_have_text(in_language(app, lang, "Hjälp"))

    providers.help_link.focus()
    phone.keyboard.press("Enter")
    help_block = providers.help_block
    expect(help_block.get_by_role("heading", level=2)).to_be_in_viewport()
    expect(providers.help_phone).to_be_in_viewport()
    expect(help_block).to_be_focused()  # the next Tab goes on from the help, not the top

    # The two longer answers unfold from the keyboard.
    summaries = help_block.locator("summary")
    for summary in summaries.all():
        summary.focus()
        phone.keyboard.press("Enter")
    expect(help_block.locator("details[open]")).to_have_count(2)
    no_axe_violations(providers)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_start_page_with_listen_and_help_passes_axe(phone, lang):
    start = PublicPage(phone).open(lang=lang)
    if lang == "ti":
        expect(start.listen_button).to_be_hidden()
    else:
        expect(start.listen_button).to_be_visible()
    for summary in start.help_block.locator("summary").all():
        summary.click()
    assert start.scroll_width() <= PHONE["width"]
    no_axe_violations(start)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_lattlast_from_the_language_menu_then_its_pages(phone, lang):
    start = PublicPage(phone).open(lang=lang)
    start.language_link("Lättläst svenska").click()
    easy = EasyReadPage(phone)
    expect(phone).to_have_url(re.compile(r"/sv/lattlast/$"))
    expect(phone.locator("html")).to_have_attribute("lang", "sv")
    expect(easy.heading).to_have_text("Välj vem som ska hjälpa dig att få ett arbete")
    if lang != "sv":
        return  # every language reaches the same Swedish pages; walk them once
    for name in ["Så väljer du anordnare", "Om resultaten", "Välj med din kod"]:
        easy.easy_read_menu.get_by_role("link", name=name, exact=True).click()
        expect(easy.heading).to_be_visible()
        assert easy.scroll_width() <= PHONE["width"]
    easy.language_link("العربية").click()
    expect(phone).to_have_url(re.compile(r"/ar/choose$"))  # the page it retells
