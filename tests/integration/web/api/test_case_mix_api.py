"""The case-mix open data: strata rates and expected results agree with each other and the pages."""

from collections import defaultdict

from tests.integration.web.api.conftest import fetch_json, walk


def test_every_stratum_of_a_half_year_gets_the_rate_of_its_pool(client):
    rates = walk(client, "/api/v1/strata-rates?service=MATCH-1&period=2025H2&per_page=100")
    assert rates, "the demo has strata for MATCH-1"
    pools = defaultdict(set)
    for item in rates:
        pool = item["pool"]
        assert pool["rate"] == pool["in_work_or_studies"] / pool["participants"]
        pools[pool["code"]].add((pool["participants"], pool["in_work_or_studies"]))
    # One pool, one set of counts, whichever of its strata it is read from.
    assert all(len(counts) == 1 for counts in pools.values())
    # Every pool but "all" holds at least 20 participants: rates never rest on a few people.
    assert all(n >= 20 for code, counts in pools.items() for n, _s in counts if code != "all")


def test_pools_split_the_shown_participants_of_a_service_half_year(client):
    rates = walk(client, "/api/v1/strata-rates?service=MATCH-1&period=2025H2&per_page=100")
    pools = {item["pool"]["code"]: item["pool"] for item in rates}
    participants = sum(pool["participants"] for pool in pools.values())
    cells = fetch_json(client, "/api/v1/results?service=MATCH-1&period=2025H2&per_page=100")
    shown = sum(
        cell["result"]["participants"]
        for cell in cells["data"]
        if cell["result"] and not cell["result"]["suppressed"]
    )
    # Every demo half-year's strata add up to its result: the pools hold every shown participant.
    assert participants == shown


def test_expected_results_match_the_pooled_results_and_round_to_a_percent(client):
    expected = walk(client, "/api/v1/expected-results?per_page=100")
    pooled = {
        (item["provider"], item["service"]): item
        for item in walk(client, "/api/v1/pooled-results?per_page=100")
        if item["service"]
    }
    shown = [item for item in expected if item["result"] and not item["result"]["suppressed"]]
    assert len(shown) > 40
    verdicts = {item["result"]["comparison"] for item in shown}
    assert verdicts == {"higher", "lower", "no_clear_difference"}
    for item in shown:
        result = item["result"]
        assert round(result["expected_share"], 2) == result["expected_share"]
        headline = pooled[(item["provider"], item["service"])]["result"]
        # The demo's strata add up everywhere: the same participants as the headline.
        assert result["participants"] == headline["participants"]
        assert result["half_years"] == headline["half_years"]
    hidden = [item for item in expected if item["result"] and item["result"]["suppressed"]]
    assert {item["provider"] for item in hidden} >= {"sjostadens-jobbverkstad"}
    assert all(item["result"] == {"suppressed": True} for item in hidden)


def test_a_provider_without_results_has_no_expected_share_and_says_why(client):
    slug = "framtidsvagen-jobbmatchning"  # authorized from 2026: no results in the window
    body = fetch_json(client, f"/api/v1/expected-results?provider={slug}")
    pooled = fetch_json(client, f"/api/v1/pooled-results?provider={slug}")["data"]
    reasons = {item["service"]: item["reason"] for item in pooled}
    assert body["data"]
    for item in body["data"]:
        assert item["result"] is None
        assert item["reason"] == reasons[item["service"]] == "not_authorized"


def test_the_files_carry_the_same_figures(client):
    text = client.get("/sv/open-data/expected-results.csv").get_data(as_text=True)
    rows = [line.split(";") for line in text.lstrip("\ufeff").splitlines()]
    header = rows[0]
    found = {
        (row[header.index("slug")], row[header.index("insats")]): row
        for row in rows[1:]
        if row[header.index("visas")] == "ja"
    }
    for item in walk(client, "/api/v1/expected-results?per_page=100"):
        if item["result"] and not item["result"]["suppressed"]:
            row = found[(item["provider"], item["service"])]
            assert int(row[header.index("deltagare")]) == item["result"]["participants"]
            expected = float(row[header.index("forvantad_andel")].replace(",", "."))
            assert expected == item["result"]["expected_share"]
    strata = client.get("/sv/open-data/strata-rates.csv").get_data(as_text=True)
    assert strata.lstrip("\ufeff").startswith("insats;halvar;aldersgrupp;tid_med_bistand;")


def test_dcat_lists_the_new_files(client):
    body = fetch_json(client, "/api/dcat.jsonld")
    urls = {
        distribution["dcat:accessURL"]["@id"]
        for distribution in body["dcat:dataset"][0]["dcat:distribution"]
    }
    assert any(url.endswith("/sv/open-data/strata-rates.csv") for url in urls)
    assert any(url.endswith("/sv/open-data/expected-results.csv") for url in urls)
