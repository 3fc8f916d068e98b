"""How the service is delivered in the open data: the API and the CSV file, as the pages say it."""

import pytest

from tests.conftest import parse_page
from tests.factories.results import set_delivery, stored_cell
from tests.integration.web.api.conftest import fetch_json, walk
from tests.integration.web.api.test_open_data_page import read_csv
from tests.integration.web.api.test_openapi import check_live, document  # noqa: F401
from webapp.core.db import get_session

WINDOW = ("2025H1", "2025H2")
DELIVERY_COLUMNS = [
    "paborjade",
    "slutade_i_fortid",
    "andel_slutade_i_fortid",
    "orsak_slutade_i_fortid",
    "median_dagar_forsta_motet",
    "antal_forsta_motet",
    "orsak_forsta_motet",
]


def cell(client, slug: str, code: str, period: str) -> dict:
    """Return one half-year cell of the API."""
    url = f"/api/v1/results?provider={slug}&service={code}&period={period}"
    (found,) = fetch_json(client, url)["data"]
    return found


def csv_row(client, slug: str, code: str, period: str) -> dict[str, str]:
    """Return one row of the results file."""
    rows = read_csv(client.get("/sv/open-data/results.csv"))
    (found,) = [r for r in rows if (r["slug"], r["insats"], r["halvar"]) == (slug, code, period)]
    return found


def pooled(client, slug: str, code: str) -> dict:
    """Return a provider's pooled result for a service."""
    (found,) = fetch_json(client, f"/api/v1/pooled-results?provider={slug}&service={code}")["data"]
    return found["result"]


def test_a_shown_cell_gives_its_delivery_counts_in_the_api_and_the_file(app, client):
    with app.app_context():
        row = stored_cell(get_session(), slug="jobbtorget", code="MATCH-1", period="2025H2")

    result = cell(client, "jobbtorget", "MATCH-1", "2025H2")["result"]
    line = csv_row(client, "jobbtorget", "MATCH-1", "2025H2")

    assert result["left_early"] == {
        "suppressed": False,
        "started": row.started,
        "left_early": row.left_early,
        "share": row.left_early / row.started,
    }
    assert result["first_meeting"] == {
        "suppressed": False,
        "median_days": row.first_meeting_days,
        "people": row.first_meeting_people,
    }
    assert [line[name] for name in DELIVERY_COLUMNS] == [
        str(row.started),
        str(row.left_early),
        f"{row.left_early / row.started:.4f}".replace(".", ","),
        "",
        str(row.first_meeting_days),
        str(row.first_meeting_people),
        "",
    ]


def test_a_median_over_too_few_people_is_suppressed_everywhere(app, client):
    """Zenith knew the day of choice for only a few of those who started in 2025H2."""
    result = cell(client, "zenith-karriar", "MATCH-1", "2025H2")["result"]
    line = csv_row(client, "zenith-karriar", "MATCH-1", "2025H2")

    assert result["suppressed"] is False
    assert result["first_meeting"] == {"suppressed": True}
    assert [line[name] for name in DELIVERY_COLUMNS[4:]] == ["", "", "suppressed"]
    periods = [
        m["period"]
        for m in pooled(client, "zenith-karriar", "MATCH-1")["first_meeting"]["half_years"]
    ]
    assert periods == ["2025H1"]


def test_a_hidden_cell_says_nothing_about_delivery(client):
    result = cell(client, "sjostadens-jobbverkstad", "MATCH-1", "2025H2")["result"]
    line = csv_row(client, "sjostadens-jobbverkstad", "MATCH-1", "2025H2")

    assert result == {"suppressed": True}
    assert line["orsak"] == "suppressed"
    assert [line[name] for name in DELIVERY_COLUMNS] == [""] * 7


def test_too_few_starters_and_nothing_reported_are_told_apart(app, client, rollback, document):  # noqa: F811
    with app.app_context():
        session = get_session()
        set_delivery(
            session, slug="jobbtorget", code="MATCH-1", period="2025H2", started=9, left_early=2
        )
        set_delivery(
            session,
            slug="jobbtorget",
            code="MATCH-1",
            period="2025H1",
            started=None,
            left_early=None,
            first_meeting_days=None,
            first_meeting_people=None,
        )
        session.commit()

    hidden = cell(client, "jobbtorget", "MATCH-1", "2025H2")["result"]
    unreported = cell(client, "jobbtorget", "MATCH-1", "2025H1")["result"]

    assert hidden["left_early"] == {"suppressed": True}
    assert unreported["left_early"] is None and unreported["first_meeting"] is None
    assert csv_row(client, "jobbtorget", "MATCH-1", "2025H2")["orsak_slutade_i_fortid"] == (
        "suppressed"
    )
    line = csv_row(client, "jobbtorget", "MATCH-1", "2025H1")
    assert (line["orsak_slutade_i_fortid"], line["orsak_forsta_motet"]) == (
        "not_reported",
        "not_reported",
    )
    # Neither half-year's starters are shown: the pooled figure is hidden, not made of nothing.
    figure = pooled(client, "jobbtorget", "MATCH-1")
    assert figure["left_early"] == {"suppressed": True}
    for url in (
        "/api/v1/results?provider=jobbtorget&service=MATCH-1",
        "/api/v1/pooled-results?provider=jobbtorget",
    ):
        check_live(client, document, url, 200)


def test_pooled_delivery_is_what_the_profile_shows(app, client):
    with app.app_context():
        session = get_session()
        rows = [stored_cell(session, slug="jobbtorget", code="MATCH-1", period=p) for p in WINDOW]

    figure = pooled(client, "jobbtorget", "MATCH-1")
    page = parse_page(client.get("/sv/providers/jobbtorget"))
    section = page.find(id="service-MATCH-1").find_parent("section")

    started, left = sum(r.started for r in rows), sum(r.left_early for r in rows)
    assert figure["left_early"] == {
        "suppressed": False,
        "started": started,
        "left_early": left,
        "share": left / started,
        "half_years": list(WINDOW),
    }
    assert f"{left} av {started}" in section.select_one(".fact-left_early dd").get_text()
    assert figure["first_meeting"]["half_years"] == [
        {"period": r.period, "median_days": r.first_meeting_days, "people": r.first_meeting_people}
        for r in rows
    ]
    medians = [li.get_text(" ", strip=True) for li in section.select(".fact-first_meeting li")]
    assert len(medians) == 2  # newest first on the page, oldest first in the API
    for row, median in zip(reversed(rows), medians, strict=True):
        assert f"Median {row.first_meeting_days} dagar" in median
        assert f"({row.first_meeting_people} personer" in median


@pytest.mark.parametrize("service", ["all", None])
def test_all_services_pooled_have_no_delivery_figures(client, service):
    query = "?provider=jobbtorget" + ("&service=all" if service else "")
    items = walk(client, f"/api/v1/pooled-results{query}")
    together = [item for item in items if item["service"] is None]
    assert together and all(
        (item["result"]["left_early"], item["result"]["first_meeting"]) == (None, None)
        for item in together
    )
    for item in items:
        if item["service"] is not None and item["result"] and not item["result"]["suppressed"]:
            assert item["result"]["left_early"]["suppressed"] is False


def test_the_catalogue_and_the_page_describe_the_delivery_measures(client):
    catalog = fetch_json(client, "/api/dcat.jsonld")
    (dataset,) = [
        d for d in catalog["dcat:dataset"] if d["dcterms:identifier"].endswith("#dataset")
    ]
    english = next(t for t in dataset["dcterms:description"] if t["@language"] == "en")
    assert "left early" in english["@value"] and "first meeting" in english["@value"]
    page = parse_page(client.get("/sv/open-data"))
    described = [row.th.get_text(strip=True) for row in page.select("table tbody tr")]
    assert set(DELIVERY_COLUMNS) <= set(described)
    openapi = fetch_json(client, "/api/openapi.json")
    shown = openapi["components"]["schemas"]["HalfYearShown"]["properties"]
    assert {"left_early", "first_meeting"} <= set(shown)
