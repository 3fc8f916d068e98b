"""A provider's authorization history in the admin, who may decide, and valid pages."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests import htmlcheck
from tests.conftest import parse_page
from tests.integration.web.admin.authorizations.pages import (
    authorize,
    deauthorize,
    events_of,
)
from tests.integration.web.admin.provider_pages import provider_id


def test_history_shows_every_decision_in_order(app, staff, staff_client, today, time_machine):
    editor = staff_client("editor")
    # Recorded first, effective last.
    deauthorize(
        editor,
        app,
        "jarvalyftet",
        ["INTRO-1", "INTRO-2"],
        reason="other",
        effective_date="2027-02-01",
        note="Lokalerna stängs.",
        decision_reference="AMN 2026/0500",
    )
    time_machine.shift(60)
    authorize(editor, app, "jarvalyftet", ["FORB-1", "FORB-2"], effective_date="2026-12-01")
    time_machine.shift(60)
    deauthorize(editor, app, "jarvalyftet", ["FORB-2"], effective_date="2026-12-01")

    page = parse_page(
        staff_client("caseworker").get(
            f"/admin/providers/{provider_id(app, 'jarvalyftet')}/history"
        )
    )
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
        for row in page.select("table#decisions tbody tr")
    ]
    assert [row[:6] for row in rows] == [
        [
            "1 december 2026",
            "Auktorisation",
            "FORB-1 Förberedande insats – nivå 1 FORB-2 Förberedande insats – nivå 2",
            "20 november 2026",
            "AMN 2026/0123",
            "",
        ],
        [
            "1 december 2026",
            "Avauktorisation",
            "FORB-2 Förberedande insats – nivå 2",
            "20 november 2026",
            "AMN 2026/0456",
            "Brott mot auktorisationsvillkoren",
        ],
        [
            "1 februari 2027",
            "Avauktorisation",
            "INTRO-1 Sfi med arbetsintroduktion INTRO-2 Sfi med yrkesinriktning",
            "20 november 2026",
            "AMN 2026/0500",
            "Annat skäl",
        ],
    ]
    assert rows[2][6] == "Lokalerna stängs."
    assert all(staff["editor"] in row[7] for row in rows)
    assert page.select_one("table#decisions caption").get_text(strip=True) == "3 beslut"
    periods = {
        row.th.get_text(" ", strip=True): [
            td.get_text(" ", strip=True) for td in row.find_all("td")
        ]
        for row in page.select("table#periods tbody tr")
    }
    # FORB-2 was de-authorized from the day it was to start: it never took effect.
    assert "FORB-2 Förberedande insats – nivå 2" not in periods
    assert periods["INTRO-1 Sfi med arbetsintroduktion"][:4] == [
        "1 september 2022",
        "1 februari 2027",
        "Gäller",
        "Annat skäl",
    ]
    assert periods["FORB-1 Förberedande insats – nivå 1"][:3] == [
        "1 december 2026",
        "Tills vidare",
        "Kommande",
    ]


def test_history_without_decisions_shows_the_periods(app, staff_client, today):
    page = parse_page(
        staff_client("editor").get(
            f"/admin/providers/{provider_id(app, 'kompassen-jobbcoachning')}/history"
        )
    )
    assert page.select("table#decisions") == []
    rows = page.select("table#periods tbody tr")
    assert [row.th.get_text(" ", strip=True).split()[0] for row in rows] == ["MATCH-1", "FORB-1"]
    assert "På anordnarens begäran" in rows[1].get_text()
    assert "Avslutad" in rows[1].get_text()


def test_authorization_events_are_append_only(app, staff_client, today, rollback):
    deauthorize(staff_client("editor"), app, "jarvalyftet", ["MATCH-1"])
    assert events_of(app, "jarvalyftet")
    with pytest.raises(DBAPIError), rollback.begin_nested():
        rollback.execute(text("UPDATE authorization_event SET note = 'ändrad'"))
    with pytest.raises(DBAPIError), rollback.begin_nested():
        rollback.execute(text("DELETE FROM authorization_event"))
    assert len(events_of(app, "jarvalyftet")) == 1


def test_caseworkers_see_the_history_but_cannot_decide(app, staff_client, today):
    caseworker = staff_client("caseworker")
    pid = provider_id(app, "jarvalyftet")
    assert caseworker.get(f"/admin/providers/{pid}/authorize").status_code == 403
    assert caseworker.get(f"/admin/providers/{pid}/deauthorize").status_code == 403
    assert authorize(caseworker, app, "jarvalyftet", ["FORB-1"]).status_code == 403
    assert deauthorize(caseworker, app, "jarvalyftet", ["MATCH-1"]).status_code == 403
    assert events_of(app, "jarvalyftet") == []
    page = parse_page(caseworker.get(f"/admin/providers/{pid}/history"))
    links = [a["href"] for a in page.select("main a")]
    assert f"/admin/providers/{pid}/authorize" not in links
    editor_page = parse_page(staff_client("editor").get(f"/admin/providers/{pid}/history"))
    assert f"/admin/providers/{pid}/authorize" in [a["href"] for a in editor_page.select("main a")]


@pytest.mark.parametrize("action", ["authorize", "deauthorize", "history"])
def test_unknown_provider_is_not_found(staff_client, action):
    assert staff_client("editor").get(f"/admin/providers/999999/{action}").status_code == 404


def test_authorization_pages_are_valid_html(app, staff_client, today):
    editor = staff_client("editor")
    pid = provider_id(app, "jarvalyftet")
    deauthorize(editor, app, "jarvalyftet", ["INTRO-2"], reason="other", note="Rättelse <b>")
    documents = {
        "authorize": editor.get(f"/admin/providers/{pid}/authorize").data,
        "authorize-errors": authorize(
            editor, app, "jarvalyftet", ["MATCH-1"], decision_reference=""
        ).data,
        "deauthorize": editor.get(f"/admin/providers/{pid}/deauthorize").data,
        "deauthorize-errors": deauthorize(editor, app, "jarvalyftet", [], reason="").data,
        "deauthorize-nothing": editor.get(
            f"/admin/providers/{provider_id(app, 'linjen-rekrytering')}/deauthorize"
        ).data,
        "history": editor.get(f"/admin/providers/{pid}/history").data,
    }
    errors = htmlcheck.validate(documents)
    assert not errors, "\n".join(errors)
