"""Languages in the browser: switching keeps the page, Arabic reads right to left."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.pages import ProfilePage, ProviderList


def test_switching_language_keeps_page_and_filters(page: Page):
    providers = ProviderList(page).open(lang="sv", query="service=MATCH-1&language=so")
    providers.switch_language("Soomaali")
    expect(page).to_have_url(re.compile(r"/so/providers\?.*service=MATCH-1"))
    expect(page).to_have_url(re.compile(r"language=so"))
    expect(page.locator("html")).to_have_attribute("lang", "so")
    # The filters keep their values (their labels are now in Somali).
    expect(providers.filters.get_by_role("combobox").nth(0)).to_have_value("MATCH-1")
    expect(providers.filters.get_by_role("combobox").nth(1)).to_have_value("so")


def test_switching_language_after_filtering_with_htmx(page: Page):
    providers = ProviderList(page).open(lang="sv")
    providers.filter_by("Personalen talar", "ar")
    expect(page).to_have_url(re.compile(r"language=ar"))
    # The switcher was rendered before the filter changed; it must follow the URL.
    providers.switch_language("English")
    expect(page).to_have_url(re.compile(r"/en/providers\?.*language=ar"))


def test_arabic_page_is_mirrored_with_numbers_intact(page: Page):
    page.set_viewport_size({"width": 1280, "height": 900})
    providers = ProviderList(page).open(lang="ar", query="service=MATCH-1")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    brand = providers.brand.bounding_box()
    menu = providers.main_menu.bounding_box()
    # Right to left: the site name starts at the right edge, the menu follows to its left.
    assert brand["x"] > menu["x"]
    assert brand["x"] + brand["width"] > 1280 - 120
    filters = providers.filters.bounding_box()
    results = providers.results.bounding_box()
    assert filters["x"] > results["x"]  # the filter column sits on the right
    expect(providers.result_share(providers.cards.first)).to_be_visible()


def test_arabic_profile_keeps_phone_and_org_number_left_to_right(page: Page):
    profile = ProfilePage(page).open(lang="ar", slug="jobbtorget")
    org = profile.exact_text("212000-9747")
    expect(org).to_have_attribute("dir", "ltr")
    assert org.evaluate("element => getComputedStyle(element).direction") == "ltr"
