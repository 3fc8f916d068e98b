"""Results in the API: the same numbers and the same hiding as the pages show."""

import pytest
from babel.numbers import format_percent

from tests.conftest import parse_page
from tests.factories.results import add_empty_half_year
from tests.integration.web.api.conftest import fetch_json, walk
from tests.integration.web.api.test_open_data_page import read_csv
from webapp.core.db import get_session

VERDICTS = {
    "verdict-higher": "higher",
    "verdict-lower": "lower",
    "verdict-same": "no_clear_difference",
}
HALF_YEARS = {"1": "januari–juni", "2": "juli–december"}


def swedish_percent(share: float) -> str:
    """Format a share as the Swedish pages do."""
    return format_percent(share, locale="sv")


def numbers(text: str) -> list[int]:
    """Return the whole numbers in a text (thousands separated by no-break spaces)."""
    return [int(part) for part in text.replace("\xa0", "").split() if part.isdigit()]


def cards(page) -> dict[str, object]:
    """Map each provider on a list page to its result block."""
    return {
        article.find("h3")["id"].removeprefix("provider-"): article.select_one(".result")
        for article in page.select(".provider-card")
    }


def check_block_matches(block, item):
    """Assert a page's result block says what the API item says."""
    status = next(c for c in block["class"] if c.startswith("result-")).removeprefix("result-")
    result = item["result"]
    if result is None:
        assert status == "missing"
        assert item["reason"] in ("no_results", "not_authorized")
        return
    if result["suppressed"]:
        assert status == "suppressed"
        assert set(result) == {"suppressed"}
        return
    assert status == "shown"
    assert block.select_one(".result-share").get_text(strip=True) == swedish_percent(
        result["share"]
    )
    x, total = numbers(block.select_one(".result-count").get_text(" "))
    assert (x, total) == (result["in_work_or_studies"], result["participants"])
    detail = block.select_one(".result-detail").get_text(" ", strip=True)
    interval = result["interval"]
    expected_interval = f"{swedish_percent(interval['low'])}–{swedish_percent(interval['high'])}"
    assert expected_interval in detail
    if result["comparison"] is None:
        # All services pooled: no average and no verdict, on the page as in the API.
        assert result["average"] is None
        assert block.select_one(".verdict") is None and "Genomsnitt" not in detail
        return
    verdict = next(c for c in block.select_one(".verdict")["class"] if c in VERDICTS)
    assert VERDICTS[verdict] == result["comparison"]
    assert swedish_percent(result["average"]) in detail


@pytest.mark.parametrize(
    ("page_url", "api_service"),
    [
        ("/sv/providers?service=MATCH-1", "MATCH-1"),
        ("/sv/providers", "all"),
        ("/sv/providers?service=FORB-1", "FORB-1"),
    ],
)
def test_pooled_results_are_the_numbers_the_list_shows(client, page_url, api_service):
    blocks = cards(parse_page(client.get(page_url)))
    items = walk(client, f"/api/v1/pooled-results?service={api_service}&per_page=100")
    by_slug = {item["provider"]: item for item in items}
    assert blocks
    statuses = set()
    for slug, block in blocks.items():
        check_block_matches(block, by_slug[slug])
        statuses.add(next(c for c in block["class"] if c.startswith("result-")))
    if api_service == "all":
        assert statuses == {"result-shown", "result-suppressed", "result-missing"}


def test_pooled_results_are_the_numbers_the_provider_page_shows(client):
    page = parse_page(client.get("/sv/providers/jobbtorget"))
    items = walk(client, "/api/v1/pooled-results?provider=jobbtorget")
    by_service = {item["service"]: item for item in items}
    sections = page.select("section.service-result")
    assert sections
    for section in sections:
        code = section.find("h3")["id"].removeprefix("service-")
        check_block_matches(section.select_one(".result"), by_service[code])


def trend_rows(page) -> dict[tuple[str, str], list[str]]:
    """Map (service code, half-year label) to the cells of a provider page's trend tables."""
    rows = {}
    for table in page.select("table.trend"):
        code = table.caption["id"].removeprefix("trend-")
        for tr in table.tbody.find_all("tr"):
            rows[(code, tr.th.get_text(strip=True))] = [
                td.get_text(strip=True) for td in tr.find_all("td")
            ]
    return rows


def label(period: str) -> str:
    """Name a half-year as the Swedish pages do."""
    return f"{HALF_YEARS[period[-1]]} {period[:4]}"


@pytest.mark.parametrize("slug", ["jobbtorget", "cafe-karnhuset", "linjen-rekrytering"])
def test_half_year_results_are_the_trend_table(client, slug):
    rows = trend_rows(parse_page(client.get(f"/sv/providers/{slug}")))
    cells = walk(client, f"/api/v1/results?provider={slug}&per_page=100")
    with_results = [c for c in cells if c["result"] is not None]
    assert {(c["service"], label(c["period"])) for c in with_results} == set(rows)
    for cell in with_results:
        shown = rows[(cell["service"], label(cell["period"]))]
        result = cell["result"]
        if result["suppressed"]:
            assert shown == ["För få deltagare för att visa"]
            continue
        counts = [result["participants"], result["in_work"], result["in_studies"]]
        assert shown[0] == swedish_percent(result["share"])  # the share comes first
        assert [int(text) for text in shown[1:]] == counts
        assert result["in_work_or_studies"] == result["in_work"] + result["in_studies"]


def test_suppressed_cells_carry_no_numbers_and_no_reason(client):
    cells = walk(client, "/api/v1/results?provider=cafe-karnhuset&per_page=100")
    hidden = [c for c in cells if c["result"] and c["result"]["suppressed"]]
    assert hidden
    for cell in hidden:
        assert cell["result"] == {"suppressed": True}
        assert cell["reason"] is None


def test_missing_cells_are_null_with_a_reason(client):
    cells = walk(client, "/api/v1/results?per_page=100")
    missing = [c for c in cells if c["result"] is None]
    assert {c["reason"] for c in missing} == {"no_results", "not_authorized"}
    present = [c for c in cells if c["result"] is not None]
    assert all(c["reason"] is None for c in present)


def test_deauthorized_provider_has_no_results_after_it_ended(client):
    cells = walk(client, "/api/v1/results?provider=linjen-rekrytering&period=2025H2")
    assert cells
    assert all(c["result"] is None and c["reason"] == "not_authorized" for c in cells)


def test_new_provider_is_missing_not_suppressed(client):
    items = walk(client, "/api/v1/pooled-results?provider=framtidsvagen-jobbmatchning")
    assert items
    assert all(item["result"] is None for item in items)
    assert {item["reason"] for item in items} == {"not_authorized"}


def test_every_published_half_year_for_every_service_a_provider_had(client):
    cells = walk(client, "/api/v1/results?provider=kompassen-jobbcoachning&per_page=100")
    periods = sorted({c["period"] for c in cells})
    assert periods[0] == "2023H1" and periods[-1] == "2025H2" and len(periods) == 6
    by_service = {}
    for cell in cells:
        by_service.setdefault(cell["service"], []).append(cell["period"])
    assert "FORB-1" in by_service  # given up in 2024, still listed with its history
    assert all(found == periods for found in by_service.values())


@pytest.mark.parametrize(
    ("query", "check"),
    [
        ("service=MATCH-2", lambda c: c["service"] == "MATCH-2"),
        ("provider=jarvalyftet", lambda c: c["provider"] == "jarvalyftet"),
        ("period=2024h2", lambda c: c["period"] == "2024H2"),
        (
            "service=FORB-2&period=2023H1",
            lambda c: (c["service"], c["period"]) == ("FORB-2", "2023H1"),
        ),
    ],
)
def test_result_filters(client, query, check):
    everything = walk(client, "/api/v1/results?per_page=100")
    filtered = walk(client, f"/api/v1/results?{query}&per_page=100")
    assert filtered
    assert all(check(cell) for cell in filtered)
    assert filtered == [cell for cell in everything if check(cell)]


def test_results_come_in_a_stable_order(client):
    first = walk(client, "/api/v1/results?per_page=100")
    again = walk(client, "/api/v1/results?per_page=37")
    assert first == again
    keys = [(c["provider"], c["service"], c["period"]) for c in first]
    assert len(set(keys)) == len(keys)


def test_pooled_service_filter_and_all(client):
    everything = walk(client, "/api/v1/pooled-results?per_page=100")
    pooled_all = walk(client, "/api/v1/pooled-results?service=all&per_page=100")
    assert pooled_all == [item for item in everything if item["service"] is None]
    match = walk(client, "/api/v1/pooled-results?service=MATCH-1")
    assert match == [item for item in everything if item["service"] == "MATCH-1"]
    assert {item["periods"][1] for item in everything} == {"2025H2"}


def test_pooled_shown_result_has_interval_around_the_share(client):
    items = walk(client, "/api/v1/pooled-results?per_page=100")
    shown = [
        item["result"] for item in items if item["result"] and not item["result"]["suppressed"]
    ]
    assert shown
    for result in shown:
        assert result["interval"]["low"] <= result["share"] <= result["interval"]["high"]
        assert result["share"] == result["in_work_or_studies"] / result["participants"]
    by_service = [item for item in items if item["service"] is not None]
    compared = {
        item["result"]["comparison"]
        for item in by_service
        if item["result"] and not item["result"]["suppressed"]
    }
    assert compared == {"higher", "lower", "no_clear_difference"}
    pooled = [item["result"] for item in items if item["service"] is None and item["result"]]
    assert {r.get("comparison") for r in pooled if not r["suppressed"]} == {None}


def test_providers_filters(client):
    everyone = walk(client, "/api/v1/providers?per_page=100")
    assert len(everyone) == 24
    ended = walk(client, "/api/v1/providers?status=ended")
    assert [p["slug"] for p in ended] == ["linjen-rekrytering"]
    assert ended[0]["status"] == {"code": "ended", "services": [], "ended_on": "2025-04-01"}
    authorized = walk(client, "/api/v1/providers?status=authorized&per_page=100")
    assert len(authorized) == 23
    forb = walk(client, "/api/v1/providers?service=FORB-1&per_page=100")
    assert all(any(a["service"] == "FORB-1" for a in p["authorizations"]) for p in forb)
    kompassen = next(p for p in forb if p["slug"] == "kompassen-jobbcoachning")
    assert "FORB-1" not in kompassen["status"]["services"]  # gave it up in 2024
    gave_up = [a for a in kompassen["authorizations"] if a["service"] == "FORB-1"]
    assert gave_up[0]["valid_until"] and gave_up[0]["end_reason"]


def test_provider_document_has_the_profile(client):
    provider = fetch_json(client, "/api/v1/providers/jobbtorget")["data"]
    assert provider["org_number"] == "212000-9747"
    assert provider["municipal"] is True
    assert provider["staff_languages"] == sorted(provider["staff_languages"])
    assert {"sv", "so", "ti"} <= set(provider["staff_languages"])
    assert provider["offices"] and provider["offices"][0]["district"]
    assert provider["status"]["code"] == "authorized"
    assert provider["links"]["html"] == "/sv/providers/jobbtorget"


def test_not_yet_authorized_provider(client, time_machine):
    time_machine.move_to("2026-06-01")
    provider = fetch_json(client, "/api/v1/providers/framtidsvagen-jobbmatchning")["data"]
    assert provider["status"]["code"] == "not_yet"
    assert provider["status"]["starts_on"] == "2026-09-01"
    listed = walk(client, "/api/v1/providers?status=not_yet")
    assert [p["slug"] for p in listed] == ["framtidsvagen-jobbmatchning"]


def test_no_minimum_and_a_half_year_nobody_finished(app, client, rollback, monkeypatch):
    """With MIN_GROUP_SIZE=0 an empty half-year reads as no results everywhere; nothing fails."""
    monkeypatch.setitem(app.config, "MIN_GROUP_SIZE", 0)
    with app.app_context():
        session = get_session()
        add_empty_half_year(session)
        session.commit()

    page = parse_page(client.get("/sv/providers/jobbtorget"))
    trend = trend_rows(page)
    assert trend[("MATCH-1", label("2025H2"))] == ["Ingen avslutade insatsen under halvåret"]
    assert len(trend[("MATCH-1", label("2025H1"))]) == 4  # the half-year before is shown
    (cell,) = fetch_json(
        client, "/api/v1/results?provider=jobbtorget&service=MATCH-1&period=2025H2"
    )["data"]
    assert (cell["result"], cell["reason"]) == (None, "no_results")
    (row,) = [
        row
        for row in read_csv(client.get("/sv/open-data/results.csv"))
        if (row["slug"], row["insats"], row["halvar"]) == ("jobbtorget", "MATCH-1", "2025H2")
    ]
    assert (row["visas"], row["orsak"], row["deltagare"], row["andel"]) == (
        "nej",
        "no_results",
        "",
        "",
    )
    pooled = fetch_json(client, "/api/v1/pooled-results?provider=jobbtorget&service=MATCH-1")
    assert pooled["data"][0]["result"]["participants"] == trend_participants(trend, "2025H1")


def trend_participants(trend, period: str) -> int:
    """Return the participants a trend table shows for MATCH-1 in a half-year."""
    return int(trend[("MATCH-1", label(period))][1].replace("\xa0", ""))
