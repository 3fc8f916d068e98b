"""Publishing half-years per service: the page, the buttons, refusals, and what goes public."""

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from tests.conftest import parse_page
from tests.integration.web.admin.test_imports import CONFIRM_URL, HEADER, confirm_data, upload
from webapp.core.db import get_session
from webapp.core.extensions import limiter
from webapp.staff.models import AuditEvent

PAGE_URL = "/admin/results/half-years"
PUBLISH_URL = "/admin/results/half-years/publish"
WITHDRAW_URL = "/admin/results/half-years/withdraw"
# Three of the providers authorized for MATCH-1 during 2026H1 report; the rest have not yet.
PARTIAL_ROWS = [
    "212000-9747;MATCH-1;2026H1;50;20;5;100",
    "559387-2012;MATCH-1;2026H1;30;12;2;90",
    "802517-3645;MATCH-1;2026H1;25;9;1;80",
]


@pytest.fixture(autouse=True)
def fixed_day(time_machine):
    """Publish on 22 November 2026: 2026H1 is over, 2026H2 is not."""
    time_machine.move_to(datetime(2026, 11, 22, 10, 0, tzinfo=UTC), tick=False)
    limiter.reset()


@pytest.fixture
def editor(staff_client):
    """A client logged in as an editor, inside a rolled-back transaction."""
    return staff_client("editor")


def service_rows(page, code: str) -> dict[str, list[str]]:
    """Return a service's table on the publishing page: half-year code -> its cells' texts."""
    table = page.find(id=f"service-{code}").find_parent("section").find("table")
    rows = {}
    for tr in table.tbody.find_all("tr"):
        cells = [cell.get_text(" ", strip=True) for cell in tr.find_all(["th", "td"])]
        rows[cells[0].split("(")[-1].rstrip(")")] = cells
    return rows


def public_snapshot(client) -> dict[str, str]:
    """Return what the public sees of the results: pages, API and CSV, by address."""
    addresses = [
        "/sv/providers",
        "/sv/providers?service=MATCH-1&sort=result",
        "/sv/providers?service=FORB-2&sort=result",
        "/sv/providers/jobbtorget",
        "/sv/compare?p=jobbtorget&p=oppna-vagar&service=MATCH-1",
        "/sv/about-results",
        "/api/v1/pooled-results?per_page=100",
        "/api/v1/results?per_page=100&service=MATCH-1",
        "/sv/open-data/results.csv",
    ]
    return {url: client.get(url).get_data(as_text=True) for url in addresses}


def pooled(client, service: str) -> dict[str, dict]:
    """Return the API's pooled results for one service, by provider slug."""
    items = client.get(f"/api/v1/pooled-results?service={service}&per_page=100").get_json()
    return {item["provider"]: item for item in items["data"]}


def test_the_page_shows_reporting_and_publication_per_service(editor):
    response = editor.get(PAGE_URL)
    assert response.status_code == 200
    page = parse_page(response)
    assert page.h1.get_text(strip=True) == "Publicera resultat"
    rows = service_rows(page, "MATCH-1")
    assert list(rows)[:3] == ["2026H1", "2025H2", "2025H1"]
    assert rows["2026H1"][1].startswith("0 av ")
    assert rows["2026H1"][3] == "Inga resultat inlästa."
    assert rows["2025H2"][2].startswith("Ja,") and "Ingår i resultatet" in rows["2025H2"][2]
    assert "Ingår i resultatet" not in rows["2024H2"][2]
    assert rows["2025H2"][3] == "Ta bort publiceringen av 2025H2 för MATCH-1"
    window = page.find(id="service-MATCH-1").find_next("p").get_text()
    assert "januari 2025 – december 2025" in window
    assert page.find("a", href="/admin/results/import")


def test_a_partial_import_changes_nothing_public_until_it_is_published(app, editor, staff_client):
    public = app.test_client()
    before = public_snapshot(public)

    preview = upload(editor, "\n".join([HEADER, *PARTIAL_ROWS]) + "\n")
    impact = parse_page(preview).find(id="import-impact").tbody.find_all("tr")
    assert [tr.th.get_text(strip=True) for tr in impact] == ["MATCH-1"]
    assert "Inte förrän du publicerar" in impact[0].get_text()
    assert editor.post(CONFIRM_URL, confirm_data(preview)).status_code == 302

    assert public_snapshot(public) == before
    rows = service_rows(parse_page(editor.get(PAGE_URL)), "MATCH-1")
    assert rows["2026H1"][1].startswith("3 av ") and "har inte rapporterat" in rows["2026H1"][1]
    assert rows["2026H1"][3] == "Publicera 2026H1 för MATCH-1"

    other_services = {code: pooled(public, code) for code in ("FORB-1", "FORB-2", "INTRO-1")}
    published = editor.post(PUBLISH_URL, {"service": "MATCH-1", "period": "2026H1"})
    assert published.status_code == 303

    # No other service moved.
    assert {code: pooled(public, code) for code in other_services} == other_services
    # MATCH-1 now covers 2025H2–2026H1; a provider that has not reported 2026H1 is shown on
    # July–December 2025 alone, and says so: never six months under a twelve-month label.
    match = pooled(public, "MATCH-1")
    assert {tuple(item["periods"]) for item in match.values()} == {("2025H2", "2026H1")}
    page = parse_page(public.get("/sv/providers?service=MATCH-1"))
    assert "juli 2025 – juni 2026" in page.select_one(".period-note").get_text()
    for article in page.select(".provider-card .result-shown"):
        slug = article.find_parent("article").h3["id"].removeprefix("provider-")
        covered = match[slug]["result"]["half_years"]
        label = article.select_one(".result-period")
        if covered == ["2025H2", "2026H1"]:
            assert label is None
        else:
            assert covered == ["2025H2"]
            assert label.get_text(strip=True) == (
                "Gäller bara deltagare som avslutade insatsen juli–december 2025."
            )
    assert match["jobbtorget"]["result"]["half_years"] == ["2025H2", "2026H1"]

    with app.app_context():
        (event,) = get_session().exec(
            select(AuditEvent).where(AuditEvent.action == "results.publish")
        )
        assert event.summary == "MATCH-1 2026H1: published (3 results)"
        assert event.actor_email == "editor@kommun.example"
    log = parse_page(staff_client("admin").get("/admin/audit?action=results.publish"))
    assert "Halvår publicerat" in log.get_text()


def test_withdrawing_takes_a_half_year_off_and_the_window_back(app, editor):
    public = app.test_client()
    done = editor.post(WITHDRAW_URL, {"service": "MATCH-1", "period": "2025H2"})
    assert done.status_code == 303
    page = parse_page(editor.get(PAGE_URL))
    assert "är inte längre publicerat för MATCH-1" in page.select_one(".success").get_text()
    assert service_rows(page, "MATCH-1")["2025H2"][3] == "Publicera 2025H2 för MATCH-1"
    match = pooled(public, "MATCH-1")
    assert {tuple(item["periods"]) for item in match.values()} == {("2024H2", "2025H1")}
    cells = public.get("/api/v1/results?service=MATCH-1&period=2025H2").get_json()
    assert cells["data"] == []
    assert {tuple(i["periods"]) for i in pooled(public, "FORB-1").values()} == {
        ("2025H1", "2025H2")
    }


@pytest.mark.parametrize(
    ("url", "form", "status", "message"),
    [
        (PUBLISH_URL, {"service": "MATCH-1", "period": "2026H2"}, 409, "inte slut än"),
        (PUBLISH_URL, {"service": "MATCH-1", "period": "2026H1"}, 409, "inga inlästa resultat"),
        (PUBLISH_URL, {"service": "MATCH-1", "period": "2025H2"}, 409, "redan publicerat"),
        (WITHDRAW_URL, {"service": "MATCH-1", "period": "2022H1"}, 409, "inte publicerat"),
        (PUBLISH_URL, {"service": "MATCH-9", "period": "2025H2"}, 400, "Välj en insats"),
        (PUBLISH_URL, {"service": "MATCH-1", "period": "2025"}, 400, "Välj en insats"),
        (WITHDRAW_URL, {}, 400, "Välj en insats"),
    ],
)
def test_refusals_explain_themselves_and_change_nothing(app, editor, url, form, status, message):
    def count() -> int:
        with app.app_context():
            return len(get_session().exec(select(AuditEvent.id)).all())

    before = count()
    response = editor.post(url, form)
    assert response.status_code == status
    alert = parse_page(response).select_one(".alert[role=alert]")
    assert message in alert.get_text()
    assert count() == before


def test_only_staff_who_import_may_publish(staff_client):
    viewer = staff_client("caseworker")
    assert viewer.get(PAGE_URL).status_code == 403
    assert viewer.post(PUBLISH_URL, {"service": "MATCH-1", "period": "2025H2"}).status_code == 403


def test_the_import_page_leads_to_publishing(editor):
    page = parse_page(editor.get("/admin/results/import"))
    assert page.find("a", href=PAGE_URL)
