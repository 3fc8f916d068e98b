"""Provider records in the admin: the list, one record, who may do what, cost and validity."""

import re
from datetime import datetime

import pytest

from tests import htmlcheck
from tests.conftest import parse_page
from tests.factories.providers import make_provider
from tests.integration.web.admin.provider_pages import (
    JOBBTORGET_ORG_NUMBER,
    count_rows,
    form_values,
    new_provider_values,
    provider_id,
    stored,
)
from tests.sqlcount import counted_statements
from webapp.core.db import get_session
from webapp.providers.models import Provider

# --- The list ---------------------------------------------------------------------


@pytest.mark.parametrize("role", ["caseworker", "editor", "admin"])
def test_list_shows_every_provider_with_its_status(app, staff_client, role, time_machine):
    time_machine.move_to(datetime(2026, 8, 1, 12))
    client = staff_client(role)
    page = parse_page(client.get("/admin/providers"))
    rows = page.select("#providers tbody tr")
    assert len(rows) == count_rows(app, Provider) == 24
    status = {
        row.th.get_text(strip=True): row.select_one(".status-tag").get_text(strip=True)
        for row in rows
    }
    assert status["Jobbtorget"] == "Auktoriserad"
    assert status["Framtidsvägen Jobbmatchning AB"].startswith("Inte ännu")
    assert "1 september 2026" in status["Framtidsvägen Jobbmatchning AB"]
    assert status["Linjen Rekrytering AB"].startswith("Upphört")
    jobbtorget = next(row for row in rows if row.th.get_text(strip=True) == "Jobbtorget")
    cells = [cell.get_text(strip=True) for cell in jobbtorget.find_all("td")]
    assert cells[:2] == [JOBBTORGET_ORG_NUMBER, "Ja"]
    link = jobbtorget.th.a["href"]
    assert link == f"/admin/providers/{provider_id(app, 'jobbtorget')}"
    new_link = page.find("a", href="/admin/providers/new")
    assert (new_link is not None) == (role != "caseworker")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("JÄRVA", ["Järvalyftet AB"]),  # case and diacritics ignored
        ("212000-9747", ["Jobbtorget"]),
        ("2120009747", ["Jobbtorget"]),  # without the hyphen
        ("ingen sådan anordnare", []),
    ],
)
def test_list_searches_name_and_org_number(staff_client, query, expected):
    page = parse_page(staff_client("caseworker").get("/admin/providers", query_string={"q": query}))
    names = [row.th.get_text(strip=True) for row in page.select("#providers tbody tr")]
    assert names == expected
    assert page.find("input", id="q")["value"] == query
    if not expected:
        assert "Ingen anordnare matchar" in page.select_one(".empty").get_text()


# --- The record -------------------------------------------------------------------


@pytest.mark.parametrize("role", ["caseworker", "editor", "admin"])
def test_record_shows_fields_offices_texts_and_authorizations(app, staff_client, role):
    pk = provider_id(app, "kompassen-jobbcoachning")
    page = parse_page(staff_client(role).get(f"/admin/providers/{pk}"))
    assert page.h1.get_text(strip=True) == "Kompassen Jobbcoachning AB"
    facts = {
        div.dt.get_text(strip=True): div.dd.get_text(" ", strip=True)
        for div in page.select("#details-heading + dl > div")
    }
    assert facts["Namn i webbadressen"] == "kompassen-jobbcoachning"
    assert re.fullmatch(r"\d{6}-\d{4}", facts["Organisationsnummer"])
    snapshot = stored(app, pk=pk)
    offices = page.select("section[aria-labelledby=offices-heading] tbody tr")
    assert len(offices) == len(snapshot["offices"]) >= 1
    assert offices[0].th.get_text(strip=True) == snapshot["offices"][0]["street_address"]
    texts = page.select("section[aria-labelledby=texts-heading] tbody tr")
    assert [row.th.get_text(strip=True) for row in texts] == [
        "engelska",
        "arabiska",
        "persiska",
        "somaliska",
        "tigrinja",
        "ukrainska",
    ]
    periods = page.select("section[aria-labelledby=authorizations-heading] tbody tr")
    services = [row.th.get_text(" ", strip=True) for row in periods]
    assert any("(FORB-1)" in service for service in services)
    # Kompassen gave up FORB-1: the period has an end and a reason.
    ended = next(row for row in periods if "(FORB-1)" in row.th.get_text())
    assert "På anordnarens begäran" in ended.get_text()

    def link(url):
        return page.find("a", href=url) is not None

    assert link(f"/admin/providers/{pk}/history")
    assert link("/sv/providers/kompassen-jobbcoachning")
    assert link(f"/admin/providers/{pk}/edit") == (role != "caseworker")
    assert link(f"/admin/providers/{pk}/authorize") == (role != "caseworker")
    assert link(f"/admin/providers/{pk}/deauthorize") == (role != "caseworker")


def test_unknown_provider_is_404(staff_client):
    client = staff_client("editor")
    assert client.get("/admin/providers/999999").status_code == 404
    assert client.get("/admin/providers/999999/edit").status_code == 404
    assert client.post("/admin/providers/999999/edit", {"name": "X"}).status_code == 404


def test_caseworkers_may_not_create_or_edit(app, staff_client):
    client = staff_client("caseworker")
    pk = provider_id(app, "jobbtorget")
    assert client.get("/admin/providers/new").status_code == 403
    assert client.get(f"/admin/providers/{pk}/edit").status_code == 403
    before = count_rows(app, Provider)
    assert client.post("/admin/providers/new", {"name": "X"}).status_code == 403
    assert client.post(f"/admin/providers/{pk}/edit", {"name": "X"}).status_code == 403
    assert count_rows(app, Provider) == before
    assert stored(app, pk=pk)["name"] == "Jobbtorget"


# --- Cost and validity ------------------------------------------------------------


def test_list_and_record_cost_the_same_number_of_statements(app, staff_client, rollback):
    client = staff_client("caseworker")
    pk = provider_id(app, "jobbtorget")
    urls = ["/admin/providers", f"/admin/providers/{pk}"]

    def count():
        counts = []
        for url in urls:
            with counted_statements(app.extensions["db_engine"]) as statements:
                assert client.get(url).status_code == 200
            counts.append(len(statements))
        return counts

    small = count()
    with app.app_context():
        session = get_session()
        for number in range(40):
            make_provider(session, name=f"Extra {number}")
        session.commit()
    assert count() == small
    assert all(n <= 15 for n in small), small


def test_admin_provider_pages_are_valid_html(app, staff_client):
    client = staff_client("admin")
    pk = provider_id(app, "kompassen-jobbcoachning")
    pages = {
        "list": client.get("/admin/providers").data,
        "search": client.get("/admin/providers?q=zzz").data,
        "record": client.get(f"/admin/providers/{pk}").data,
        "new": client.get("/admin/providers/new").data,
        "edit": client.get(f"/admin/providers/{pk}/edit").data,
    }
    bad = new_provider_values(client, email="fel", other_languages="qq")
    for key in [key for key in bad if key.startswith("offices-")]:
        bad[key] = ""
    pages["errors"] = client.post("/admin/providers/new", bad).data
    values = form_values(parse_page(client.get(f"/admin/providers/{pk}/edit")))
    changed = dict(values, phone="08-222 222 22")
    client.post(f"/admin/providers/{pk}/edit", changed)
    pages["conflict"] = client.post(f"/admin/providers/{pk}/edit", values).data
    errors = htmlcheck.validate(pages)
    assert not errors, "\n".join(errors)
