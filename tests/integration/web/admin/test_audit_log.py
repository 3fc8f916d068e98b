"""The audit log pages: filters, pages, the CSV export, and who may see them."""

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlmodel import select

from tests import htmlcheck
from tests.conftest import parse_page
from tests.sqlcount import counted_statements
from webapp.core.clock import today
from webapp.core.db import get_session
from webapp.core.extensions import limiter
from webapp.providers.models import Provider
from webapp.staff.models import AuditEvent

CSV_HEADER = ["tid", "vem", "handling", "typ", "id", "sammanfattning", "före", "efter"]


@pytest.fixture(autouse=True)
def fresh_login_limits(app):
    """Start each test with no login attempts counted: these tests log in often."""
    limiter.reset()


def add_events(app, *events: AuditEvent) -> None:
    """Write events straight to the log (inside the test's transaction)."""
    with app.app_context():
        session = get_session()
        session.add_all(events)
        session.commit()


def provider_id(app, slug: str) -> int:
    """Return a seeded provider's id."""
    with app.app_context():
        return get_session().exec(select(Provider.id).where(Provider.slug == slug)).one()


@pytest.fixture
def sample_events(app, rollback):
    """Three events by test actors on known days, oldest first."""
    jobbtorget = provider_id(app, "jobbtorget")
    events = [
        AuditEvent(
            occurred_at=datetime(2025, 3, 10, 12, 0, tzinfo=UTC),
            actor_email="redaktor@granskning-test.example",
            action="provider.update",
            entity_type="provider",
            entity_id=jobbtorget,
            summary="Jobbtorget",
            before={"name": "Gammalt namn", "phone": "08-1"},
            after={"name": "Nytt namn", "phone": "08-1"},
        ),
        AuditEvent(
            occurred_at=datetime(2025, 3, 12, 12, 0, tzinfo=UTC),
            actor_email="importor@granskning-test.example",
            action="results.import",
            entity_type="result",
            summary="2025H1",
        ),
        AuditEvent(
            occurred_at=datetime(2025, 4, 1, 12, 0, tzinfo=UTC),
            actor_email="redaktor@granskning-test.example",
            action="test.unknown_code",
            summary="något nytt",
        ),
    ]
    add_events(app, *events)
    return {"provider_id": jobbtorget}


def summaries(page) -> list[str]:
    """Return the summary column of the audit table, top to bottom."""
    table = page.select_one("main table")
    if table is None:
        return []
    rows = table.find("tbody", recursive=False).find_all("tr", recursive=False)
    return [row.find_all("td", recursive=False)[4].get_text(strip=True) for row in rows]


def test_log_shows_logins_newest_first_with_labels(staff, staff_client):
    client = staff_client("admin")
    page = parse_page(client.get("/admin/audit"))
    rows = page.select_one("main table").tbody.find_all("tr", recursive=False)
    first = [cell.get_text(" ", strip=True) for cell in rows[0].find_all("td", recursive=False)]
    assert first[1] == staff["admin"]
    assert first[2] == "Inloggning"
    options = {
        option["value"]: option.get_text() for option in page.find(id="action").find_all("option")
    }
    assert options["auth.login"] == "Inloggning"
    assert options[""] == "Alla handlingar"


def test_filter_by_action_and_actor(sample_events, staff_client):
    client = staff_client("admin")
    page = parse_page(client.get("/admin/audit?action=provider.update&actor=granskning-test"))
    assert summaries(page) == ["Jobbtorget"]
    assert page.find(id="action").find("option", selected=True)["value"] == "provider.update"
    assert page.find(id="actor")["value"] == "granskning-test"


def test_actor_filter_ignores_case_and_sorts_newest_first(sample_events, staff_client):
    page = parse_page(staff_client("admin").get("/admin/audit?actor=GRANSKNING-Test"))
    assert summaries(page) == ["något nytt", "2025H1", "Jobbtorget"]


def test_actor_filter_treats_wildcards_as_text(sample_events, staff_client):
    page = parse_page(staff_client("admin").get("/admin/audit?actor=%25"))
    assert summaries(page) == []
    assert page.select_one(".result-summary").get_text(strip=True) == "0 händelser"


def test_filter_by_entity_type(sample_events, staff_client):
    page = parse_page(
        staff_client("admin").get("/admin/audit?entity_type=provider&actor=granskning")
    )
    assert summaries(page) == ["Jobbtorget"]
    options = [option["value"] for option in page.find(id="entity_type").find_all("option")]
    assert {"provider", "result", "staff"} <= set(options)


def test_filter_by_dates_includes_both_days(sample_events, staff_client):
    client = staff_client("admin")
    page = parse_page(
        client.get("/admin/audit?actor=granskning&date_from=2025-03-11&date_to=2025-03-12")
    )
    assert summaries(page) == ["2025H1"]
    page = parse_page(client.get("/admin/audit?actor=granskning&date_from=2025-03-10"))
    assert summaries(page) == ["något nytt", "2025H1", "Jobbtorget"]
    page = parse_page(client.get("/admin/audit?actor=granskning&date_to=2025-03-09"))
    assert summaries(page) == []


@pytest.mark.parametrize(
    ("query", "field_id", "message"),
    [
        ("date_from=22/11/2026", "date_from", "Skriv datumet som ÅÅÅÅ-MM-DD"),
        ("date_to=2026-02-30", "date_to", "Skriv datumet som ÅÅÅÅ-MM-DD"),
        ("date_from=igår", "date_from", "Skriv datumet som ÅÅÅÅ-MM-DD"),
        ("date_to=9999-12-31", "date_to", "Skriv datumet som ÅÅÅÅ-MM-DD"),
        (
            "date_from=2025-03-12&date_to=2025-03-11",
            "date_to",
            "Slutdatumet kan inte vara före startdatumet.",
        ),
    ],
)
def test_malformed_dates_get_a_message(sample_events, staff_client, query, field_id, message):
    response = staff_client("admin").get(f"/admin/audit?actor=granskning&{query}")
    assert response.status_code == 200
    page = parse_page(response)
    assert message in page.find(id=f"{field_id}-error").get_text()
    assert message in page.select_one(".error-summary").get_text()
    assert page.find(id="actor")["value"] == "granskning"  # what was typed is kept
    assert page.select_one("main table") is None


def test_provider_events_link_to_the_provider_and_show_changes(sample_events, staff_client):
    page = parse_page(
        staff_client("admin").get("/admin/audit?action=provider.update&actor=granskning")
    )
    row = page.select_one("main table").tbody.find("tr", recursive=False)
    cells = row.find_all("td", recursive=False)
    link = cells[3].find("a")
    assert link["href"] == f"/admin/providers/{sample_events['provider_id']}"
    assert link.get_text(" ", strip=True) == f"Anordnare {sample_events['provider_id']}"
    details = cells[5].find("details")
    assert details.summary.get_text(strip=True) == "1 ändrat fält"
    changes = [
        [cell.get_text(strip=True) for cell in tr.find_all(["th", "td"])]
        for tr in details.table.tbody.find_all("tr")
    ]
    assert changes == [["name", "Gammalt namn", "Nytt namn"]]  # the unchanged phone is left out


def test_unknown_actions_show_their_code(sample_events, staff_client):
    page = parse_page(staff_client("admin").get("/admin/audit?actor=granskning"))
    actions = [
        row.find_all("td", recursive=False)[2].get_text(strip=True)
        for row in page.select_one("main table").tbody.find_all("tr", recursive=False)
    ]
    assert actions == ["test.unknown_code", "Import av resultat", "Ändrad anordnare"]
    option = page.find(id="action").find("option", value="test.unknown_code")
    assert option.get_text() == "test.unknown_code"


def add_paged_events(app, how_many: int) -> None:
    """Add numbered events one minute apart, by one actor."""
    start = datetime(2024, 1, 1, 9, 0, tzinfo=UTC)
    add_events(
        app,
        *(
            AuditEvent(
                occurred_at=start + timedelta(minutes=number),
                actor_email="sida@granskning-test.example",
                action="test.paged",
                summary=f"händelse {number}",
            )
            for number in range(1, how_many + 1)
        ),
    )


def test_pages_keep_the_filters(app, staff_client):
    add_paged_events(app, 60)
    client = staff_client("admin")
    first = parse_page(client.get("/admin/audit?action=test.paged&actor=sida"))
    assert summaries(first)[:2] == ["händelse 60", "händelse 59"]
    assert len(summaries(first)) == 50
    assert first.find("a", rel="prev") is None
    next_link = first.find("a", rel="next")["href"]
    assert parse_qs(urlsplit(next_link).query) == {
        "action": ["test.paged"],
        "actor": ["sida"],
        "page": ["2"],
    }

    second = parse_page(client.get(next_link))
    assert summaries(second) == [f"händelse {number}" for number in range(10, 0, -1)]
    assert second.find("a", rel="next") is None
    previous = parse_qs(urlsplit(second.find("a", rel="prev")["href"]).query)
    assert previous == {"action": ["test.paged"], "actor": ["sida"], "page": ["1"]}


@pytest.mark.parametrize("page_number", ["0", "-3", "abc", "99999999999999999999999"])
def test_odd_page_numbers_show_a_page_that_exists(app, staff_client, page_number):
    add_paged_events(app, 3)
    response = staff_client("admin").get(f"/admin/audit?action=test.paged&page={page_number}")
    assert response.status_code == 200
    assert len(summaries(parse_page(response))) == 3


def test_a_page_costs_the_same_statements_however_many_events(app, staff_client):
    client = staff_client("admin")
    url = "/admin/audit?actor=sida&date_from=2024-01-01"
    add_paged_events(app, 2)
    engine = app.extensions["db_engine"]
    with counted_statements(engine) as few:
        assert client.get(url).status_code == 200
    add_paged_events(app, 120)
    with counted_statements(engine) as many:
        assert client.get(url).status_code == 200
    assert len(few) == len(many)
    # The account, the two option lists, the count and the page itself.
    assert len([sql for sql in many if sql.lstrip().upper().startswith("SELECT")]) == 5


def read_csv(response) -> list[list[str]]:
    """Parse a CSV export as Excel would read it."""
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")  # the byte order mark Excel looks for
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def test_csv_export(sample_events, staff_client):
    response = staff_client("admin").get("/admin/audit.csv?actor=granskning-test")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.mimetype_params["charset"] == "utf-8"
    expected_name = f"granskningslogg-{today().isoformat()}.csv"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{expected_name}"'
    rows = read_csv(response)
    assert rows[0] == CSV_HEADER
    assert len(rows) == 4
    newest, _, oldest = rows[1:]
    assert newest[2] == "test.unknown_code"
    assert oldest[1:6] == [
        "redaktor@granskning-test.example",
        "provider.update",
        "provider",
        str(sample_events["provider_id"]),
        "Jobbtorget",
    ]
    assert oldest[0].startswith("2025-03-10 ")
    assert json.loads(oldest[6]) == {"name": "Gammalt namn", "phone": "08-1"}
    assert json.loads(oldest[7]) == {"name": "Nytt namn", "phone": "08-1"}
    assert newest[6] == newest[7] == ""


def test_csv_has_every_matching_row_without_pages(app, staff_client):
    add_paged_events(app, 60)
    rows = read_csv(staff_client("admin").get("/admin/audit.csv?action=test.paged&page=2"))
    assert len(rows) == 61


def test_csv_defuses_formulas(app, staff_client):
    add_events(
        app,
        AuditEvent(
            actor_email="@formel.example",
            action="test.formula",
            entity_type="-1",
            summary='=HYPERLINK("https://evil.example","klicka")',
            after={"x": 1},
        ),
        AuditEvent(action="test.formula", summary="+46 8 123", actor_email="formel"),
    )
    rows = read_csv(staff_client("admin").get("/admin/audit.csv?action=test.formula"))
    second, first = rows[1:]
    assert first[1] == "'@formel.example"
    assert first[3] == "'-1"
    assert first[5] == '\'=HYPERLINK("https://evil.example","klicka")'
    assert first[7] == '{"x": 1}'
    assert second[5] == "'+46 8 123"


def test_csv_with_bad_dates_returns_to_the_list_with_messages(staff_client):
    client = staff_client("admin")
    response = client.get("/admin/audit.csv?date_from=igår&actor=x")
    assert response.status_code == 302
    target = urlsplit(response.headers["Location"])
    assert target.path == "/admin/audit"
    assert parse_qs(target.query) == {"date_from": ["igår"], "actor": ["x"]}
    page = parse_page(client.get(response.headers["Location"]))
    assert "ÅÅÅÅ-MM-DD" in page.find(id="date_from-error").get_text()


def test_csv_link_carries_the_filters(staff_client):
    page = parse_page(staff_client("admin").get("/admin/audit?action=auth.login&page=1"))
    link = page.find("a", href=lambda href: href and href.startswith("/admin/audit.csv"))
    assert parse_qs(urlsplit(link["href"]).query) == {"action": ["auth.login"]}


@pytest.mark.parametrize("role", ["caseworker", "editor"])
def test_only_admins_see_the_log(staff_client, role):
    client = staff_client(role)
    for url in ("/admin/audit", "/admin/audit?action=auth.login", "/admin/audit.csv"):
        assert client.get(url).status_code == 403, url
    menu = parse_page(client.get("/admin/")).select_one("nav.main-nav")
    assert not menu.find("a", href="/admin/audit")


def test_no_route_changes_the_log(app, staff_client):
    """The log's URLs answer only reading methods; the database refuses changes too."""
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/admin/audit"):
            assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule
    client = staff_client("admin")
    assert client.post("/admin/audit", {"action": "x"}).status_code == 405
    assert client.post("/admin/audit.csv").status_code == 405


def test_audit_pages_are_valid_html(sample_events, staff_client):
    client = staff_client("admin")
    pages = {
        url: client.get(url).data
        for url in (
            "/admin/audit",
            "/admin/audit?actor=granskning",
            "/admin/audit?date_from=igår&date_to=2025-13-01",
        )
    }
    errors = htmlcheck.validate(pages)
    assert not errors, "\n".join(errors)
