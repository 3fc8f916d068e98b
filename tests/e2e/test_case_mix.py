"""People like you, expected against actual, the method page, the staff's funnel: in a browser."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import STAFF_PASSWORD
from tests.e2e.pages import LoginPage, ProfilePage, ProviderList, PublicPage
from tests.e2e.test_accessibility import describe
from webapp.core.extensions import limiter


@pytest.fixture
def no_js_page(browser, base_url):
    """A page in a browser context with JavaScript turned off."""
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    yield context.new_page()
    context.close()


def test_results_for_18_to_24_year_olds_on_the_list_in_place(page: Page):
    providers = ProviderList(page).open(lang="sv", query="service=MATCH-1")
    results = page.locator(".provider-card .result")
    everyone = results.all_text_contents()
    page.evaluate("window.stayedOnPage = true")
    providers.filter_by("Visa resultat för", "18-24")
    expect(page).to_have_url(re.compile(r"people=18-24"))
    expect(page.locator(".people-note")).to_contain_text("Deltagare 18–24 år")
    assert page.evaluate("window.stayedOnPage") is True
    assert results.all_text_contents() != everyone


def test_results_for_newcomers_on_the_list_without_javascript(no_js_page: Page):
    providers = ProviderList(no_js_page).open(lang="sv")
    providers.filter_by("Insats", "INTRO-1")
    providers.filter_by("Visa resultat för", "newcomers")
    providers.show()
    expect(no_js_page).to_have_url(re.compile(r"people=newcomers"))
    expect(no_js_page.locator(".people-note")).to_contain_text("Nyanlända")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_people_like_you_on_a_profile(page: Page, no_js_page: Page, javascript):
    page = page if javascript else no_js_page
    profile = ProfilePage(page).open(lang="sv", slug="jarvalyftet")
    section = page.get_by_role("region", name="Resultat för personer som liknar dig")
    expect(section).to_contain_text("Du ser resultatet för alla deltagare")
    section.get_by_label("Visa resultat för").select_option("newcomers")
    if not javascript:
        section.get_by_role("button", name="Visa").click()
    expect(page).to_have_url(re.compile(r"people=newcomers"))
    results = page.locator("#people-results")
    expect(results).to_contain_text("Nyanlända (mindre än 3 år i Sverige)")
    expect(results.get_by_role("heading", level=3).first).to_be_visible()
    expect(profile.heading).to_have_text("Järvalyftet AB")


def test_a_profile_says_expected_and_actual_in_plain_words(page: Page):
    ProfilePage(page).open(lang="sv", slug="jarvalyftet")
    block = page.locator(".expected").first
    expect(block).to_contain_text(re.compile(r"skulle ungefär \d+\s%"))
    expect(block).to_contain_text("Högre än förväntat")
    block.get_by_role("link", name="Så räknar vi ut det förväntade resultatet").click()
    method = PublicPage(page)
    expect(method.heading).to_have_text("Så räknar vi ut det förväntade resultatet")
    expect(page.get_by_role("table")).to_contain_text("18–24 år")
    assert method.axe_violations() == []


@pytest.mark.parametrize("lang", ["ar", "so"])
def test_the_method_page_reads_at_360_px(browser, base_url, lang):
    context = browser.new_context(viewport={"width": 360, "height": 740}, base_url=base_url)
    page = context.new_page()
    try:
        method = PublicPage(page)
        page.goto(f"/{lang}/about-results/method")
        expect(method.heading).to_be_visible()
        assert method.scroll_width() <= 360
        assert method.axe_violations() == []
    finally:
        context.close()


def test_staff_read_the_funnel_plot_and_its_table(app, browser, live_server, staff):
    limiter.reset()
    context = browser.new_context(locale="sv-SE", base_url=live_server)
    page = context.new_page()
    try:
        LoginPage(page).open().log_in(staff["editor"], STAFF_PASSWORD)
        page.goto("/admin/results/import")
        page.get_by_role("navigation", name="Resultat").get_by_role(
            "link", name="Förväntat och faktiskt"
        ).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Förväntat och faktiskt")
        page.get_by_label("Insats").select_option("INTRO-2")
        page.get_by_role("button", name="Visa").click()
        expect(page).to_have_url(re.compile(r"service=INTRO-2"))
        figure = page.get_by_role("img", name="Trattdiagram för INTRO-2")
        expect(figure).to_be_visible()
        expect(page.get_by_role("table", name=re.compile("per anordnare"))).to_be_visible()
        violations = PublicPage(page).axe_violations()
        assert not describe({page.url: violations})
    finally:
        context.close()
