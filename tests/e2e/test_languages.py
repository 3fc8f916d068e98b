"""Languages in the browser: switching keeps the page, Arabic reads right to left."""

import re

from playwright.sync_api import Page, expect


def test_switching_language_keeps_page_and_filters(page: Page):
    page.goto("/sv/providers?service=MATCH-1&language=so")
    page.get_by_role("navigation", name="Språk").get_by_role("link", name="Soomaali").click()
    expect(page).to_have_url(re.compile(r"/so/providers\?.*service=MATCH-1"))
    expect(page).to_have_url(re.compile(r"language=so"))
    expect(page.locator("html")).to_have_attribute("lang", "so")
    expect(page.locator("#filter-language")).to_have_value("so")
    expect(page.locator("#filter-service")).to_have_value("MATCH-1")


def test_switching_language_after_filtering_with_htmx(page: Page):
    page.goto("/sv/providers")
    page.locator("#filter-language").select_option("ar")
    expect(page).to_have_url(re.compile(r"language=ar"))
    # The switcher was rendered before the filter changed; it must follow the URL.
    page.locator("nav.language-nav a[hreflang=en]").click()
    expect(page).to_have_url(re.compile(r"/en/providers\?.*language=ar"))


def test_arabic_page_is_mirrored_with_numbers_intact(page: Page):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/ar/providers?service=MATCH-1")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    brand = page.locator(".brand").bounding_box()
    nav = page.locator(".main-nav").bounding_box()
    # Right to left: the site name starts at the right edge, the menu follows to its left.
    assert brand["x"] > nav["x"]
    assert brand["x"] + brand["width"] > 1280 - 120
    filters = page.locator("#filters").bounding_box()
    results = page.locator("#results").bounding_box()
    assert filters["x"] > results["x"]  # the filter column sits on the right
    share = page.locator(".result-share").first.inner_text()
    assert re.fullmatch(r"\d+\s?%|%\s?\d+|[\u0660-\u0669]+\s?٪", share.strip()), share


def test_arabic_profile_keeps_phone_and_org_number_left_to_right(page: Page):
    page.goto("/ar/providers/jobbtorget")
    org = page.locator("bdi", has_text="212000-9747")
    expect(org).to_have_attribute("dir", "ltr")
    assert org.evaluate("element => getComputedStyle(element).direction") == "ltr"
