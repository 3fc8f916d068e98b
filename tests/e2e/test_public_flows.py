"""What a person does on the public site, in a real browser, with and without JavaScript."""

import re

import pytest
from playwright.sync_api import Page, expect


@pytest.fixture
def no_js_page(browser, base_url):
    """A page in a browser context with JavaScript turned off."""
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    yield context.new_page()
    context.close()


def listed_names(page: Page) -> list[str]:
    """Return the provider names in the list, in order."""
    return page.locator(".provider-card h3").all_inner_texts()


def test_filter_updates_results_in_place_and_url(page: Page):
    page.goto("/sv/providers")
    expect(page.locator("#result-count")).to_contain_text("23 anordnare")
    # A full page load would wipe this marker; htmx swaps only the results.
    page.evaluate("window.stayedOnPage = true")
    page.get_by_label("Personalen talar").select_option("so")
    expect(page).to_have_url(re.compile(r"language=so"))
    expect(page.locator("#result-count")).not_to_contain_text("23 anordnare")
    assert page.evaluate("window.stayedOnPage") is True
    for card in page.locator(".provider-card .facts").all():
        expect(card).to_contain_text("somaliska")


def test_name_search_filters_while_typing(page: Page):
    page.goto("/sv/providers")
    page.get_by_label("Sök på namn").fill("karnhuset")
    expect(page).to_have_url(re.compile(r"q=karnhuset"))
    assert listed_names(page) == ["Café Kärnhuset"]


def test_filters_work_without_javascript(no_js_page: Page):
    no_js_page.goto("/sv/providers")
    no_js_page.get_by_label("Personalen talar").select_option("so")
    no_js_page.get_by_label("Insats", exact=True).select_option("MATCH-1")
    no_js_page.get_by_role("button", name="Visa anordnare").click()
    expect(no_js_page).to_have_url(re.compile(r"language=so"))
    expect(no_js_page.locator("h1")).to_contain_text("Matchning")
    names = listed_names(no_js_page)
    assert names
    for card in no_js_page.locator(".provider-card .facts").all():
        expect(card).to_contain_text("somaliska")


def choose_three_and_compare(page: Page) -> list[str]:
    """Tick three providers in the list for comparison and open the comparison."""
    page.goto("/sv/providers?service=MATCH-1")
    boxes = page.locator(".provider-card input[name=p]")
    names = []
    for index in range(3):
        box = boxes.nth(index)
        box.check()
        names.append(box.locator("xpath=ancestor::article//h3").inner_text())
    page.get_by_role("button", name="Jämför valda").click()
    return names


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_compare_three_providers(page: Page, no_js_page: Page, javascript):
    page = page if javascript else no_js_page
    names = choose_three_and_compare(page)
    expect(page).to_have_url(re.compile(r"/sv/compare\?.*p=.*p=.*p="))
    expect(page.locator(".compare-table thead th")).to_have_text(names)
    page.get_by_label("Markera skillnader").check()
    page.get_by_role("button", name="Uppdatera").click()
    expect(page.locator("tr.differs").first).to_contain_text("skiljer sig")


def test_compare_on_a_phone_screen(browser, base_url):
    context = browser.new_context(viewport={"width": 360, "height": 740}, base_url=base_url)
    page = context.new_page()
    choose_three_and_compare(page)
    expect(page.locator(".compare-table thead th")).to_have_count(3)
    # The table scrolls inside its own box; the page itself does not scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


def test_add_to_comparison_from_a_profile(page: Page):
    page.goto("/sv/providers/jobbtorget")
    page.get_by_role("link", name=re.compile("Jämför med andra anordnare")).first.click()
    expect(page.locator("#compare-jobbtorget")).to_be_checked()
    page.locator(".provider-card input[name=p]:not(:checked)").first.check()
    page.get_by_role("button", name="Jämför valda").click()
    expect(page.locator(".compare-table thead th")).to_have_count(2)


def test_print_button_appears_only_with_javascript(page: Page, no_js_page: Page):
    url = "/sv/compare?p=jobbtorget&p=jarvalyftet"
    page.goto(url)
    expect(page.get_by_role("button", name="Skriv ut")).to_be_visible()
    no_js_page.goto(url)
    expect(no_js_page.get_by_role("button", name="Skriv ut")).to_have_count(0)
