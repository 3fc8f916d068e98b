"""Expected against actual on profiles, people like you on the list and profile, the method page."""

from tests.conftest import parse_page


def test_a_profile_shows_actual_and_expected_with_a_plain_sentence(get_page):
    page = get_page("/sv/providers/jarvalyftet")
    block = page.select_one("#service-MATCH-1 ~ .expected, section.service-result .expected")
    assert block is not None
    text = block.get_text(" ", strip=True).replace("\xa0", " ")
    assert "För personer som liknar dem som anordnaren tog emot skulle ungefär 45 %" in text
    assert "Hos anordnaren var det 61 %." in text
    assert "Högre än förväntat" in text
    assert "41 av 67 deltagare" in text
    assert block.find("a", href="/sv/about-results/method")


def test_every_shown_result_on_the_demo_has_an_expected_share(client):
    for slug in ("jobbtorget", "oppna-vagar", "bryggan-sfi-och-jobb"):
        page = parse_page(client.get(f"/sv/providers/{slug}"))
        for section in page.select("section.service-result"):
            if section.select_one(".result-shown"):
                assert section.select_one(".expected"), f"{slug} {section.h3.get_text()}"


def test_the_expected_block_speaks_every_language(client):
    page = parse_page(client.get("/ar/providers/jarvalyftet"))
    assert page.html["dir"] == "rtl"
    sentence = page.select_one(".expected-sentence").get_text(strip=True)
    assert "%" in sentence or "٪" in sentence
    assert "För personer" not in sentence


def test_people_like_you_on_a_profile_without_javascript(client):
    page = parse_page(client.get("/sv/providers/jarvalyftet?people=newcomers"))
    form = page.select_one("form.people-form")
    assert form["method"] == "get"
    assert form.select_one("select[name=people] option[selected]")["value"] == "newcomers"
    results = page.select_one("#people-results")
    assert "Nyanlända (mindre än 3 år i Sverige)" in results.get_text()
    services = results.select(".people-service")
    assert services and all(s.select_one(".result") for s in services)


def test_people_like_you_as_an_htmx_fragment(client):
    response = client.get("/sv/providers/jarvalyftet?people=18-24", headers={"HX-Request": "true"})
    fragment = parse_page(response, fragment=True)
    assert fragment.select_one(".people-results")
    assert fragment.find("h1") is None


def test_the_list_shows_a_groups_results_and_says_so(client):
    everyone = parse_page(client.get("/sv/providers?service=MATCH-1"))
    young = parse_page(client.get("/sv/providers?service=MATCH-1&people=18-24"))
    note = young.select_one(".people-note").get_text(" ", strip=True)
    assert "Resultaten gäller: Deltagare 18–24 år." in note
    assert everyone.select_one(".people-note") is None
    selected = young.select_one("#filter-people option[selected]")
    assert selected["value"] == "18-24"
    counts = [c.get_text() for c in everyone.select(".result-count")]
    young_counts = [c.get_text() for c in young.select(".result-count")]
    assert young_counts and young_counts != counts


def test_a_card_without_results_for_the_group_says_so(client):
    young = parse_page(client.get("/sv/providers?people=18-24"))
    empty = [p.get_text(" ", strip=True) for p in young.select(".result-none")]
    assert any("Inga resultat för gruppen ännu" in text for text in empty)
    assert not any(text.endswith("Inga resultat ännu") for text in empty)
    everyone = parse_page(client.get("/sv/providers"))
    assert not any("gruppen" in p.get_text() for p in everyone.select(".result-none"))


def test_an_unknown_group_falls_back_to_everyone_with_a_notice(client):
    page = parse_page(client.get("/sv/providers?people=children"))
    assert "Därför visas resultat för alla deltagare" in page.select_one(".notice").get_text()
    profile = client.get("/sv/providers/jobbtorget?people=children")
    assert profile.status_code == 200


def test_the_method_page_works_the_example_through(get_page):
    page = get_page("/sv/about-results/method")
    text = page.get_text(" ", strip=True).replace("\xa0", " ")
    assert "13 av 40 deltagare, alltså ungefär 33 %" in text
    assert "18 av 40 deltagare arbetade eller studerade, alltså 45 %" in text
    assert "31 %–60 %" in text and "37 %–53 %" in text
    assert len(page.select(".worked-example tbody tr")) == 3
    about = get_page("/sv/about-results")
    assert about.find("a", href="/sv/about-results/method")
