"""The compare page, reached the way people reach it: ticking providers in the list."""

from urllib.parse import urlencode

import pytest

from tests import htmlcheck
from webapp.core.config import LANGUAGES

# Zenith and Sjöstaden give only the basic matching service; Järvalyftet also gives
# introduction services. Their one shared service is MATCH-1.
ONE_SHARED = ["zenith-karriar", "sjostadens-jobbverkstad", "jarvalyftet"]
# All three give both matching services (and differ on the rest).
TWO_SHARED = ["asa-partners-jobbmatchning", "nordljus-matchning", "arbetslust-stockholm"]
# A matching, an introduction and a preparatory provider: nothing in common.
NONE_SHARED = ["zenith-karriar", "bryggan-sfi-och-jobb", "cafe-karnhuset"]


def tick_and_compare(get_page, list_url: str, slugs: list[str], **extra):
    """Tick these providers in the list page and send its compare form, as a browser does."""
    listing = get_page(list_url)
    form = listing.find("form", id="compare-form")
    fields = [(i["name"], i["value"]) for i in form.find_all("input", type="hidden")]
    for slug in slugs:
        box = listing.find("input", attrs={"name": "p", "value": slug, "form": "compare-form"})
        assert box is not None, f"{slug} is not in the list at {list_url}"
        fields.append(("p", box["value"]))
    fields += list(extra.items())
    return get_page(f"{form['action']}?{urlencode(fields)}")


def cards(page):
    """Return the compared providers' cards, in order."""
    return page.select(".compare-card")


def shares(page, scope=".compare-card") -> dict[str, str]:
    """Return each provider's headline share as shown, by provider name."""
    found = {}
    for card in page.select(scope):
        name = card.find(["h3"]).get_text(strip=True)
        share = card.select_one(".result-share")
        found[name] = share.get_text(strip=True) if share else None
    return found


def fact_texts(page, row: str) -> list[str]:
    """Return what each card shows in one row."""
    return [" ".join(dd.get_text(" ", strip=True).split()) for dd in page.select(f".fact-{row} dd")]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_three_from_the_unfiltered_list_show_their_real_results(get_page, lang):
    page = tick_and_compare(get_page, f"/{lang}/providers", ONE_SHARED)
    assert len(cards(page)) == 3
    # The figures are for the one service all three give, and it is named in words.
    reference = get_page(f"/{lang}/providers?service=MATCH-1")
    match_name = reference.select_one("#filter-service option[selected]").get_text(strip=True)
    assert match_name in page.select_one(".compare-service").get_text(" ", strip=True)
    # Every provider shows its result for that service, the same as the list filtered by it.
    listed = shares(reference, ".provider-card")
    compared = shares(page)
    assert compared == {name: listed[name] for name in compared}
    assert sum(1 for share in compared.values() if share) >= 2
    assert len(page.select(".compare-card .fact-result .result")) == 3


def test_several_shared_services_are_asked_for_listing_only_those(get_page):
    page = tick_and_compare(get_page, "/sv/providers", TWO_SHARED)
    options = [radio["value"] for radio in page.select(".service-question input[type=radio]")]
    assert options == ["MATCH-1", "MATCH-2"]
    assert not page.select(".compare-card")  # no figures until the visitor has answered
    names = [li.get_text(strip=True) for li in page.select(".compared-names li")]
    assert len(names) == 3
    # Answering the question (a GET form, no JavaScript needed) shows that service's results.
    form = page.select_one("form.service-question")
    fields = [(i["name"], i["value"]) for i in form.find_all("input", type="hidden")]
    answered = get_page(f"{form['action']}?{urlencode([*fields, ('service', 'MATCH-2')])}")
    assert "förstärkt" in answered.select_one(".compare-service").get_text()
    assert len(answered.select(".fact-result .result")) == 3
    switch = [o["value"] for o in answered.select("#compare-service option")]
    assert switch == ["MATCH-1", "MATCH-2"]


def test_the_service_the_list_was_filtered_by_is_used(get_page):
    page = tick_and_compare(get_page, "/sv/providers?service=MATCH-2", TWO_SHARED[:2])
    assert "förstärkt" in page.select_one(".compare-service").get_text()
    assert not page.select(".service-question")
    assert len(page.select(".fact-result .result")) == 2


def test_providers_sharing_nothing_get_facts_and_no_results_row(get_page):
    page = tick_and_compare(get_page, "/sv/providers", NONE_SHARED, diff="1")
    assert "ingen insats gemensamt" in page.select_one(".alert").get_text()
    assert len(cards(page)) == 3
    assert not page.select(".fact-result, .fact-survey, .fact-days, .result")
    assert fact_texts(page, "languages")  # the facts are there
    assert not page.select(".compare-service, #compare-service")


def test_issue_11_matching_providers_of_different_levels_no_longer_contradict(get_page):
    # Zenith gives the basic matching service, the other two the enhanced one: the old page
    # said under every one that it did not give "the" service and marked the row as different.
    slugs = ["zenith-karriar", "angsgardens-kompetenscenter", "stiftelsen-nasta-steg"]
    page = tick_and_compare(get_page, "/sv/providers", slugs, diff="1")
    text = page.select_one("main").get_text(" ", strip=True)
    assert "Ger inte den här insatsen" not in text
    assert "ingen insats gemensamt" in text
    match_1, match_2 = "Matchning mot arbete – grund", "Matchning mot arbete – förstärkt"
    assert fact_texts(page, "services") == [
        match_1,
        f"{match_2} Förberedande insats – nivå 2 Förberedande insats – nivå 3",
        f"{match_2} Förberedande insats – nivå 3",
    ]
    assert page.select(".fact-services.differs")
    assert not page.select(".fact-result")


def test_a_shared_link_with_a_service_not_all_give_says_so(get_page):
    page = get_page("/sv/compare?p=jobbtorget&p=kompassen-jobbcoachning&service=FORB-1")
    notices = " ".join(p.get_text(" ", strip=True) for p in page.select(".notice"))
    assert "ger inte insatsen" in notices and "Förberedande" in notices
    # Their one shared service today (Kompassen gave up FORB-1) is shown instead.
    assert "Matchning mot arbete – grund" in page.select_one(".compare-service").get_text()
    assert len(page.select(".fact-result .result")) == 2


def test_an_unknown_service_in_the_address_is_reported(get_page):
    page = get_page("/sv/compare?p=zenith-karriar&p=sjostadens-jobbverkstad&service=NOPE")
    assert "känner inte igen den insatsen" in page.select_one(".notice").get_text()
    assert page.select_one(".compare-service")


@pytest.mark.parametrize(
    ("slugs", "service"),
    [
        (ONE_SHARED, ""),
        (NONE_SHARED, ""),
        (TWO_SHARED, "MATCH-2"),
        (["jobbtorget", "jarvalyftet"], "INTRO-2"),
        (["zenith-karriar", "sjostadens-jobbverkstad"], ""),
    ],
    ids=["one-shared", "none-shared", "two-shared", "municipal", "two"],
)
def test_highlight_marks_exactly_the_rows_whose_shown_values_differ(get_page, slugs, service):
    query = urlencode([*(("p", slug) for slug in slugs), ("service", service), ("diff", "1")])
    page = get_page(f"/sv/compare?{query}")
    rows = {
        cls.removeprefix("fact-")
        for fact in page.select(".fact")
        for cls in fact["class"]
        if cls.startswith("fact-")
    }
    assert rows
    for row in rows:
        differ = len(set(fact_texts(page, row))) > 1
        marked = page.select(f".fact-{row}.differs")
        assert bool(marked) == differ, row
        if differ:  # marked in words in every card, not by colour alone
            assert len(marked) == len(cards(page))
            assert all("skiljer sig" in fact.dt.get_text() for fact in marked)


def test_without_highlight_nothing_is_marked(get_page):
    page = get_page(f"/sv/compare?{urlencode([('p', s) for s in ONE_SHARED])}")
    assert not page.select(".differs")
    assert not page.select(".differs-summary")


def test_from_a_profile_through_the_list_to_the_comparison(get_page):
    profile = get_page("/sv/providers/jarvalyftet")
    link = profile.find("a", string=lambda s: s and "Sfi med yrkesinriktning" in s)
    listing_url = link["href"]
    listing = get_page(listing_url)
    assert listing.find(id="compare-jarvalyftet").has_attr("checked")
    page = tick_and_compare(get_page, listing_url, ["jarvalyftet", "jobbtorget"])
    assert "Sfi med yrkesinriktning" in page.select_one(".compare-service").get_text()
    assert [c.h3.get_text(strip=True) for c in cards(page)] == ["Järvalyftet AB", "Jobbtorget"]


def test_compare_needs_two_providers(get_page):
    page = get_page("/sv/compare?p=jobbtorget&service=MATCH-1")
    assert "minst två" in page.select_one(".alert").get_text()
    assert not cards(page)
    back = page.find("a", string="Välj anordnare i listan")["href"]
    assert "service=MATCH-1" in back and "p=jobbtorget" in back


def test_compare_keeps_at_most_four(get_page):
    slugs = [a["value"] for a in get_page("/sv/providers").select("input[name=p]")][:5]
    page = get_page(f"/sv/compare?{urlencode([('p', s) for s in slugs])}")
    assert len(cards(page)) == 4
    assert "högst fyra" in page.select_one(".notice").get_text()
    assert not page.find("a", string="Lägg till fler anordnare")


def test_compare_reports_unknown_providers(get_page):
    page = get_page("/sv/compare?p=jobbtorget&p=jarvalyftet&p=nobody")
    assert "hittade inte" in page.select_one(".notice").get_text()


def test_each_card_can_be_removed_keeping_the_rest(get_page):
    page = get_page(f"/sv/compare?{urlencode([('p', s) for s in ONE_SHARED])}&diff=1")
    remove = page.find("a", string=lambda s: s and s.startswith("Ta bort Zenith"))["href"]
    assert "zenith" not in remove and "p=jarvalyftet" in remove and "diff=1" in remove


def test_every_kind_of_compare_page_is_valid_html(client):
    """The crawl reaches only the "choose two" page; check the others with the Nu Html Checker."""
    one, two, none = (
        urlencode([("p", s) for s in slugs]) for slugs in (ONE_SHARED, TWO_SHARED, NONE_SHARED)
    )
    urls = [
        f"/ar/compare?{one}&diff=1",
        f"/sv/compare?{two}",
        f"/sv/compare?{two}&service=MATCH-2&diff=1",
        f"/fa/compare?{none}&diff=1",
    ]
    errors = htmlcheck.validate({url: client.get(url).data for url in urls})
    assert not errors, "\n".join(errors)
