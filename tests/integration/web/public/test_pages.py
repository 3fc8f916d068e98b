"""The public pages as a visitor gets them, checked on the parsed HTML."""

import pytest

from webapp.core.textkeys import swedish_sort_key

PUBLIC_PAGES = [
    "/sv/",
    "/sv/providers",
    "/sv/providers?service=MATCH-1&sort=result",
    "/sv/providers/jobbtorget",
    "/sv/providers/linjen-rekrytering",
    "/sv/compare?p=jobbtorget&p=jarvalyftet&p=arbetslust-stockholm",
    "/sv/about-results",
    "/sv/accessibility",
]


def listed_slugs(page) -> list[str]:
    """Return the providers in a list page, in order."""
    return [box["value"] for box in page.select(".provider-list input[name=p]")]


def card(page, slug):
    """Return the list card of one provider."""
    return page.find(id=f"compare-{slug}").find_parent("article")


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_page_renders_in_swedish(get_page, url):
    page = get_page(url)
    assert page.html["lang"] == "sv"
    assert page.html["dir"] == "ltr"
    assert "påhittade" in page.select_one(".demo-banner").get_text()


def test_root_redirects_to_swedish_by_default(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/sv/"


def test_unprefixed_public_address_redirects_with_its_query(client):
    response = client.get("/providers?service=MATCH-1")
    assert response.headers["Location"] == "/sv/providers?service=MATCH-1"


@pytest.mark.parametrize("url", ["/xx/", "/xx/providers", "/sv/no-such-page", "/nothing-here"])
def test_unknown_addresses_get_the_friendly_404(get_page, url):
    page = get_page(url, status=404)
    assert page.h1.get_text(strip=True) == "Sidan finns inte"


def test_unknown_provider_is_404(get_page):
    get_page("/sv/providers/no-such-provider", status=404)


def test_list_shows_only_providers_authorized_today(get_page):
    slugs = listed_slugs(get_page("/sv/providers"))
    assert "jobbtorget" in slugs
    assert "framtidsvagen-jobbmatchning" in slugs  # authorized since September
    assert "linjen-rekrytering" not in slugs  # de-authorized last year
    assert len(slugs) == 23


def test_count_is_announced_as_status(get_page):
    page = get_page("/sv/providers")
    assert page.find(id="result-count")["role"] == "status"
    assert "23 anordnare" in page.find(id="result-count").get_text(" ", strip=True)


def test_service_filter_narrows_the_list_and_names_the_service(get_page):
    page = get_page("/sv/providers?service=FORB-1")
    slugs = listed_slugs(page)
    assert 0 < len(slugs) < 23
    assert "kompassen-jobbcoachning" not in slugs  # gave up FORB-1 in 2024
    assert "FORB-1" in page.select_one("#filter-service option[selected]")["value"]


def test_language_filter_keeps_only_providers_speaking_it(get_page):
    page = get_page("/sv/providers?language=ti")
    for slug in listed_slugs(page):
        assert "tigrinja" in card(page, slug).select_one(".facts").get_text()
    assert page.select_one("#filter-language option[selected]")["value"] == "ti"


def test_district_and_feature_filters_combine(get_page):
    page = get_page("/sv/providers?district=Rinkeby-Kista&feature=childcare")
    slugs = listed_slugs(page)
    assert slugs
    for slug in slugs:
        text = card(page, slug).get_text(" ")
        assert "Rinkeby-Kista" in text
        assert "Barnomsorg under aktiviteterna" in text
    assert page.find(id="feature-childcare").has_attr("checked")


def test_target_group_filter(get_page):
    all_slugs = listed_slugs(get_page("/sv/providers"))
    newcomers = listed_slugs(get_page("/sv/providers?group=newcomers"))
    assert 0 < len(newcomers) < len(all_slugs)


@pytest.mark.parametrize("text", ["karnhuset", "KÄRNHUSET", "Cafe", "café kärn"])
def test_name_search_ignores_case_and_diacritics(get_page, text):
    assert "cafe-karnhuset" in listed_slugs(get_page(f"/sv/providers?q={text}"))


def test_name_search_treats_like_wildcards_as_text(get_page):
    assert listed_slugs(get_page("/sv/providers?q=%25")) == []


def test_name_sort_follows_swedish_alphabet(get_page):
    page = get_page("/sv/providers?sort=name")
    names = [a.get_text(strip=True) for a in page.select(".provider-card h3 a")]
    assert names == sorted(names, key=swedish_sort_key)
    assert names[-1][0] in "ÅÄÖ"  # å, ä, ö come after z


def test_result_sort_puts_hidden_and_missing_results_last(get_page):
    page = get_page("/sv/providers?service=MATCH-1&sort=result")
    statuses = [
        next(c for c in article.select_one(".result")["class"] if c != "result")
        for article in page.select(".provider-card")
    ]
    shown = [s for s in statuses if s == "result-shown"]
    assert statuses[: len(shown)] == shown
    assert "result-missing" in statuses
    # Shown ones by verdict, then by the lower end of the likely range, as the page says.
    verdicts = [
        VERDICT_ORDER[next(c for c in span["class"] if c in VERDICT_ORDER)]
        for span in page.select(".provider-card .result-shown .verdict")
    ]
    lows = [
        int(block.get_text().split("Troligt intervall:")[1].split("%")[0].strip())
        for block in page.select(".provider-card .result-shown .result-detail")
    ]
    assert verdicts == sorted(verdicts)
    assert all(
        lows[i] >= lows[i + 1] for i in range(len(lows) - 1) if verdicts[i] == verdicts[i + 1]
    )
    assert "först högre än genomsnittet" in page.select_one(".order-note").get_text()


VERDICT_ORDER = {"verdict-higher": 0, "verdict-same": 1, "verdict-lower": 2}


def test_result_sort_needs_a_service(get_page):
    page = get_page("/sv/providers?sort=result")
    assert any("Välj en insats för att sortera" in n.get_text() for n in page.select(".notice"))
    names = [a.get_text(strip=True) for a in page.select(".provider-card h3 a")]
    assert names == sorted(names, key=swedish_sort_key)
    assert "Sorterat efter namn" in page.select_one(".order-note").get_text()


def test_suppressed_result_shows_words_not_numbers(get_page):
    page = get_page("/sv/providers")
    block = card(page, "sjostadens-jobbverkstad").select_one(".result")
    assert "För få deltagare för att visa ett resultat" in block.get_text()
    assert "%" not in block.get_text()
    assert "0" not in block.get_text()


def test_new_provider_says_no_results_yet(get_page):
    block = card(get_page("/sv/providers"), "framtidsvagen-jobbmatchning").select_one(".result")
    assert "Inga resultat ännu" in block.get_text()


def test_shown_result_has_count_interval_and_verdict_in_words(get_page):
    block = card(get_page("/sv/providers?service=MATCH-1"), "jobbtorget").select_one(".result")
    text = block.get_text(" ", strip=True)
    assert " av " in text and "deltagare" in text
    assert "Troligt intervall" in text
    assert "Genomsnitt för alla anordnare" in text
    assert block.select_one(".verdict").get_text(strip=True)
    assert block.select_one("svg")["aria-hidden"] == "true"


def test_unknown_filter_values_get_a_notice_and_are_ignored(get_page):
    page = get_page("/sv/providers?service=NOPE&language=zz&sort=weird")
    notices = " ".join(p.get_text() for p in page.select(".notice"))
    assert "insatsen" in notices and "språket" in notices
    assert len(listed_slugs(page)) == 23


def test_search_text_typed_is_kept_in_the_form(get_page):
    page = get_page("/sv/providers?q=%C3%A4ngs")
    assert page.find(id="filter-q")["value"] == "ängs"


def test_htmx_request_gets_only_the_results_fragment(client, get_page):
    full = get_page("/sv/providers?language=so")
    response = client.get("/sv/providers?language=so", headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "<html" not in body and "<h1" not in body
    fragment = get_page("/sv/providers?language=so", headers={"HX-Request": "true"}, fragment=True)
    assert listed_slugs(fragment) == listed_slugs(full)
    # The live region stays in the page; only what it says is replaced, so it is announced.
    assert fragment.find(id="result-count")["data-hx-swap-oob"] == "innerHTML"
    assert fragment.find(id="filter-count")["data-hx-swap-oob"] == "true"


def test_htmx_history_restore_gets_the_full_page(get_page):
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    page = get_page("/sv/providers", headers=headers)
    assert page.find("h1")


def test_responses_vary_on_htmx_header(client):
    assert "HX-Request" in client.get("/sv/providers").headers.get("Vary", "")


def test_filter_form_is_a_get_form_enhanced_with_htmx(get_page):
    form = get_page("/sv/providers").find(id="filters")
    assert form["method"] == "get"
    assert form["data-hx-get"] == form["action"]
    assert form["data-hx-push-url"] == "true"
    assert form.find("button", type="submit")


def test_selected_providers_stay_checked(get_page):
    page = get_page("/sv/providers?p=jobbtorget")
    assert page.find(id="compare-jobbtorget").has_attr("checked")


def test_provider_page_shows_profile_and_trend(get_page):
    page = get_page("/sv/providers/jobbtorget")
    assert page.h1.get_text(strip=True).startswith("Jobbtorget")
    assert "Kommunens egen anordnare" in page.get_text()
    assert page.select("table.trend caption")
    assert page.select_one(".offices li")
    assert page.find("bdi", string="212000-9747")


def test_half_year_table_puts_the_share_first(get_page):
    page = get_page("/sv/providers/jobbtorget")
    table = page.select_one("table.trend")
    headers = [th.get_text(strip=True) for th in table.select("thead th")]
    assert headers == ["Halvår", "Andel", "Deltagare", "I arbete", "I studier"]
    first_row = [td.get_text(strip=True) for td in table.select("tbody tr:first-child td")]
    assert first_row[0].endswith("%")
    assert table.caption.get_text(strip=True).startswith("Resultat per halvår för")


def test_trend_hides_half_years_with_too_few_participants(get_page):
    page = get_page("/sv/providers/cafe-karnhuset")
    cells = [td.get_text(strip=True) for td in page.select("table.trend td[colspan]")]
    assert cells and all(c == "För få deltagare för att visa" for c in cells)


def test_deauthorized_provider_page_has_notice_and_no_compare_link(get_page):
    page = get_page("/sv/providers/linjen-rekrytering")
    notice = page.select_one(".alert").get_text(" ", strip=True)
    assert "kan inte väljas längre" in notice
    assert "2025" in notice
    assert not page.find("a", string=lambda s: s and s.startswith("Jämför med andra"))


def test_profile_offers_comparison_keeping_the_provider_in_the_url(get_page):
    page = get_page("/sv/providers/jobbtorget")
    link = page.find("a", string=lambda s: s and s.startswith("Jämför med andra"))
    assert "p=jobbtorget" in link["href"] and "service=" in link["href"]


def test_about_results_names_the_minimum(get_page, app):
    text = get_page("/sv/about-results").get_text(" ")
    assert f"färre än {app.config['MIN_GROUP_SIZE']} deltagare" in text


def test_accessibility_statement_has_the_required_parts(get_page):
    headings = [h.get_text(strip=True) for h in get_page("/sv/accessibility").find_all("h2")]
    for required in ("Hur tillgänglig är webbplatsen?", "Tillsyn", "Hur vi testat webbplatsen"):
        assert required in headings


def test_pages_load_nothing_from_other_hosts(get_page):
    for url in PUBLIC_PAGES:
        page = get_page(url)
        for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src")):
            for element in page.find_all(tag):
                value = element.get(attribute, "")
                if tag == "link" and element.get("rel") == ["alternate"]:
                    continue
                assert not value.startswith(("http:", "https:", "//")), (url, value)


def test_security_headers_on_public_pages(client):
    headers = client.get("/sv/providers").headers
    csp = headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
