"""What a person does on the public site, in a real browser, with and without JavaScript."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.pages import ComparePage, ProfilePage, ProviderList


@pytest.fixture
def no_js_page(browser, base_url):
    """A page in a browser context with JavaScript turned off."""
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    yield context.new_page()
    context.close()


def expect_every_card_to_speak(providers: ProviderList, language: str) -> None:
    """Check that every listed provider's staff speak the language."""
    cards = providers.cards.all()
    assert cards
    for card in cards:
        expect(providers.fact(card, "Personalen talar")).to_contain_text(language)


def test_filter_updates_results_in_place_and_url(page: Page):
    providers = ProviderList(page).open(lang="sv")
    expect(providers.result_count).to_contain_text("23 anordnare")
    # A full page load would wipe this marker; htmx swaps only the results.
    page.evaluate("window.stayedOnPage = true")
    providers.filter_by("Personalen talar", "so")
    expect(page).to_have_url(re.compile(r"language=so"))
    expect(providers.result_count).not_to_contain_text("23 anordnare")
    assert page.evaluate("window.stayedOnPage") is True
    expect_every_card_to_speak(providers, "somaliska")


def test_name_search_filters_while_typing(page: Page):
    providers = ProviderList(page).open(lang="sv")
    providers.search("karnhuset")
    expect(page).to_have_url(re.compile(r"q=karnhuset"))
    assert providers.names() == ["Café Kärnhuset"]


def test_filters_work_without_javascript(no_js_page: Page):
    providers = ProviderList(no_js_page).open(lang="sv")
    providers.filter_by("Personalen talar", "so")
    providers.filter_by("Insats", "MATCH-1")
    providers.show()
    expect(no_js_page).to_have_url(re.compile(r"language=so"))
    expect(providers.heading).to_contain_text("Matchning")
    assert providers.names()
    expect_every_card_to_speak(providers, "somaliska")


def choose_three_and_compare(page: Page) -> tuple[ComparePage, list[str]]:
    """Tick three providers in the list for comparison and open the comparison."""
    providers = ProviderList(page).open(lang="sv", query="service=MATCH-1")
    names = providers.tick_for_comparison(3)
    return providers.compare(), names


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_compare_three_providers(page: Page, no_js_page: Page, javascript):
    page = page if javascript else no_js_page
    comparison, names = choose_three_and_compare(page)
    expect(page).to_have_url(re.compile(r"/sv/compare\?.*p=.*p=.*p="))
    expect(comparison.provider_names).to_have_text(names)
    comparison.highlight_differences()
    expect(comparison.differing_rows.first).to_be_visible()


def test_add_to_comparison_from_a_profile(page: Page):
    providers = ProfilePage(page).open(lang="sv", slug="jobbtorget").compare_with_others()
    expect(providers.compare_box("Jobbtorget")).to_be_checked()
    providers.tick_for_comparison(1)
    expect(providers.compare().provider_names).to_have_count(2)


def test_print_button_appears_only_with_javascript(page: Page, no_js_page: Page):
    query = "p=jobbtorget&p=jarvalyftet&service=MATCH-1"
    expect(ComparePage(page).open(lang="sv", query=query).print_button).to_be_visible()
    no_js = ComparePage(no_js_page).open(lang="sv", query=query)
    expect(no_js.print_button).to_have_count(0)


def test_sorting_by_result_says_how_and_asks_for_a_service(no_js_page: Page):
    providers = ProviderList(no_js_page).open(lang="sv")
    providers.filter_by("Sortera", "result")
    providers.show()
    # Pooled over every service there is nothing fair to rank by: the list says so.
    expect(no_js_page.get_by_text("Välj en insats för att sortera efter resultat.")).to_be_visible()
    expect(no_js_page.get_by_text("Sorterat efter namn från A till Ö")).to_be_visible()
    providers.filter_by("Insats", "MATCH-1")
    providers.filter_by("Sortera", "result")
    providers.show()
    expect(no_js_page.get_by_text("Sorterat efter resultat: först högre")).to_be_visible()
    verdicts = [
        text.strip()
        for text in providers.results.get_by_text(re.compile(r"genomsnittet$")).all_inner_texts()
    ]
    order = [
        "Högre än genomsnittet",
        "Ingen tydlig skillnad mot genomsnittet",
        "Lägre än genomsnittet",
    ]
    ranks = [order.index(text.lstrip("▲▼● ").strip()) for text in verdicts]
    assert ranks and ranks == sorted(ranks)
