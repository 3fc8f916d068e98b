"""On a 360 × 800 phone, in every language: list → tick three → compare shows their results.

One browser context per module (and one page) serves every language, so the whole
path costs a few page loads per language.
"""

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.pages import SHARE, ComparePage, ProfilePage, ProviderList
from tests.e2e.speech import offer_voices
from webapp.core.config import LANGUAGES

PHONE = {"width": 360, "height": 800}
BOTH_MATCHING_QUERY = "p=arbetslust-stockholm&p=nordljus-matchning&p=asa-partners-jobbmatchning"
# Three providers giving both matching services (in list order): from the unfiltered list
# the compare page asks which.
BOTH_MATCHING = [
    "Arbetslust Stockholm AB",
    "Nordljus Matchning AB",
    "Åsa & Partners Jobbmatchning AB",
]


@pytest.fixture(scope="module")
def phone(browser, base_url):
    """A phone-sized page, shared by every language."""
    context = browser.new_context(viewport=PHONE, base_url=base_url)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def phone_without_javascript(browser, base_url):
    """A phone-sized page with JavaScript turned off."""
    context = browser.new_context(viewport=PHONE, base_url=base_url, java_script_enabled=False)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def phone_with_voices(browser, base_url):
    """A phone-sized page whose browser can speak every language but Tigrinya."""
    context = browser.new_context(viewport=PHONE, base_url=base_url)
    offer_voices(context, [lang for lang in LANGUAGES if lang != "ti"])
    yield context.new_page()
    context.close()


def starts_on_first_screen(locator: Locator) -> bool:
    """Tell whether an element begins within the first 800 pixels of the page."""
    box = locator.bounding_box()
    return box is not None and box["y"] < PHONE["height"]


def fits_across(page: Page, locator: Locator) -> bool:
    """Tell whether an element lies within the screen's width, the page not scrolling sideways."""
    box = locator.bounding_box()
    width = page.evaluate("document.documentElement.scrollWidth")
    return width <= PHONE["width"] and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def listed_shares(providers: ProviderList, names: list[str]) -> list[str]:
    """Return the headline shares the list shows for these providers."""
    return [providers.result_share(providers.card(name)).inner_text() for name in names]


def expect_headlines(comparison: ComparePage, names: list[str], shares: list[str]) -> None:
    """Check every compared provider's headline is on screen and reads as in the list."""
    page = comparison.page
    expect(comparison.provider_names).to_have_text(names)
    for card, share in zip(comparison.cards.all(), shares, strict=True):
        headline = comparison.result_share(card)
        headline.scroll_into_view_if_needed()
        expect(headline).to_be_in_viewport()
        expect(headline).to_have_text(share)
        assert fits_across(page, headline)


def no_axe_violations(page_object) -> None:
    """Check axe finds nothing on the page as it stands."""
    violations = page_object.axe_violations()
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_list_tick_three_and_compare_on_a_phone(phone: Page, lang):
    providers = ProviderList(phone).open(lang=lang, query="service=MATCH-1")
    assert starts_on_first_screen(providers.cards.first)
    expect(providers.filter_toggle).to_contain_text(re.compile(r"1"))  # one filter in use

    with_results = providers.cards.filter(has=phone.get_by_text(SHARE))
    names = [card.get_by_role("heading", level=3).inner_text() for card in with_results.all()[:3]]
    shares = listed_shares(providers, names)
    for name in names:
        providers.tick_with_keyboard(providers.card(name))
    expect(providers.compare_bar).to_be_in_viewport()
    expect(providers.ticked_count).to_have_text("3")
    no_axe_violations(providers)

    comparison = providers.compare()
    expect(phone).to_have_url(re.compile(rf"/{lang}/compare\?.*service=MATCH-1"))
    expect_headlines(comparison, names, shares)
    no_axe_violations(comparison)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_listen_and_help_leave_the_first_provider_on_the_first_screen(phone_with_voices, lang):
    providers = ProviderList(phone_with_voices).open(lang=lang, query="service=MATCH-1")
    if lang != "ti":
        expect(providers.listen_button).to_be_visible()
    expect(providers.help_link).to_be_in_viewport()
    assert starts_on_first_screen(providers.cards.first)


@pytest.mark.parametrize("lang", ["sv", "ar"])
def test_without_javascript_the_page_asks_which_service_then_compares(
    phone_without_javascript: Page, lang
):
    page = phone_without_javascript
    providers = ProviderList(page).open(lang=lang)
    assert starts_on_first_screen(providers.cards.first)
    for name in BOTH_MATCHING:
        providers.tick_with_keyboard(providers.card(name))
    # Without JavaScript the bar has no count, but it stays in view to be pressed.
    expect(providers.compare_bar).to_be_in_viewport()

    comparison = providers.compare()
    expect(comparison.service_question.get_by_role("radio")).to_have_count(2)
    comparison.answer_service(0)  # the basic matching service
    expect(page).to_have_url(re.compile(r"service=MATCH-1"))
    expected = listed_shares(
        ProviderList(page).open(lang=lang, query="service=MATCH-1"), BOTH_MATCHING
    )
    page.go_back()
    expect_headlines(ComparePage(page), BOTH_MATCHING, expected)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_profile_and_service_question_pass_axe_on_a_phone(phone: Page, lang):
    """The other pages of the path, as a phone shows them, in every language."""
    profile = ProfilePage(phone).open(lang=lang, slug="jobbtorget")
    assert profile.scroll_width() <= PHONE["width"]
    no_axe_violations(profile)
    question = ComparePage(phone).open(lang=lang, query=BOTH_MATCHING_QUERY)
    expect(question.service_question.get_by_role("radio")).to_have_count(2)
    no_axe_violations(question)


@pytest.mark.parametrize("path", ["/uk/providers/jobbtorget", "/so/open-data"])
def test_table_captions_are_not_cut_off_at_320_px(phone: Page, path):
    phone.set_viewport_size({"width": 320, "height": 800})
    try:
        phone.goto(path)
        captions = phone.get_by_role("table").locator("caption")
        assert captions.count()
        for caption in captions.all():
            caption.scroll_into_view_if_needed()
            box = caption.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 320, caption.inner_text()
            # The table scrolls sideways inside its box; its caption stays where it is read.
            caption.locator("xpath=ancestor::*[@role='group'][1]").evaluate(
                "box => { box.scrollLeft = box.scrollWidth; }"
            )
            assert abs(caption.bounding_box()["x"] - box["x"]) < 1
    finally:
        phone.set_viewport_size(PHONE)
