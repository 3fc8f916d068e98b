"""Authorizing a provider from the admin: the form, the periods, refusals."""

from datetime import date

import pytest

from tests.clock import freeze
from tests.conftest import parse_page
from tests.integration.web.admin.authorizations.pages import (
    TODAY,
    authorize,
    deauthorize,
    errors_by_field,
    events_of,
    last_audit,
    listed_names,
    periods_of,
    service_ids,
)
from tests.integration.web.admin.provider_pages import count_rows, provider_id
from webapp.authorizations.models import AuthorizationEvent
from webapp.staff.models import AuditEvent


def test_authorize_form_groups_services_by_scheme_and_locks_open_ones(app, staff_client, today):
    client = staff_client("editor")
    page = parse_page(client.get(f"/admin/providers/{provider_id(app, 'jarvalyftet')}/authorize"))
    groups = page.select("fieldset#services fieldset")
    assert len(groups) == 3  # matching, preparatory, introduction
    assert all(group.legend.get_text(strip=True) for group in groups)
    boxes = {
        box.find_next("label").get_text(strip=True).split()[0]: box
        for box in page.select("fieldset#services input[type=checkbox]")
    }
    assert set(boxes) == {"MATCH-1", "MATCH-2", "FORB-1", "FORB-2", "FORB-3", "INTRO-1", "INTRO-2"}
    assert boxes["MATCH-1"].has_attr("disabled")
    assert not boxes["FORB-1"].has_attr("disabled")
    status = page.find(id=boxes["MATCH-1"]["aria-describedby"]).get_text(strip=True)
    assert status == "Auktoriserad från 1 september 2022 tills vidare."
    back = page.select_one("main a")
    assert back["href"] == f"/admin/providers/{provider_id(app, 'jarvalyftet')}"


def test_authorize_one_service_from_today(app, client, staff_client, today):
    editor = staff_client("editor")
    assert "Arbetslust Stockholm AB" not in listed_names(client, "/sv/providers?service=FORB-1")
    events_before = count_rows(app, AuthorizationEvent)

    response = authorize(editor, app, "arbetslust-stockholm", ["FORB-1"])

    pid = provider_id(app, "arbetslust-stockholm")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/admin/providers/{pid}/history"
    assert ("FORB-1", TODAY, None, None) in periods_of(app, "arbetslust-stockholm")
    assert count_rows(app, AuthorizationEvent) == events_before + 1
    [event] = events_of(app, "arbetslust-stockholm")
    assert (event.kind, event.effective_date, event.decision_date) == (
        "authorize",
        TODAY,
        date(2026, 11, 20),
    )
    assert event.decision_reference == "AMN 2026/0123"
    assert event.recorded_by is not None
    audit = last_audit(app)
    assert (audit.action, audit.entity_type, audit.entity_id) == (
        "authorization.grant",
        "provider",
        pid,
    )
    assert audit.actor_email == "editor@kommun.example"
    assert "FORB-1" in audit.summary and "AMN 2026/0123" in audit.summary
    assert audit.after["events"] == [event.id]
    # The public list follows at once.
    assert "Arbetslust Stockholm AB" in listed_names(client, "/sv/providers?service=FORB-1")
    history = parse_page(editor.get(response.headers["Location"]))
    assert history.select_one("p.success").get_text(strip=True) == "Auktorisationen är registrerad."


def test_authorize_several_services_from_a_future_day(
    app, client, staff_client, today, time_machine
):
    editor = staff_client("editor")
    response = authorize(
        editor,
        app,
        "jarvalyftet",
        ["FORB-1", "FORB-2"],
        decision_date="2026-11-02",
        effective_date="2027-01-01",
        decision_reference="  AMN   2026/0777 ",
    )
    assert response.status_code == 302
    periods = periods_of(app, "jarvalyftet")
    assert ("FORB-1", date(2027, 1, 1), None, None) in periods
    assert ("FORB-2", date(2027, 1, 1), None, None) in periods
    events = events_of(app, "jarvalyftet")
    assert [e.service_id for e in events] == [service_ids(app)[c] for c in ("FORB-1", "FORB-2")]
    assert {e.decision_reference for e in events} == {"AMN 2026/0777"}  # trimmed
    assert len({e.recorded_at for e in events}) == 1  # one decision, one moment
    assert "Järvalyftet AB" not in listed_names(client, "/sv/providers?service=FORB-1")
    freeze(time_machine, date(2026, 12, 31))
    assert "Järvalyftet AB" not in listed_names(client, "/sv/providers?service=FORB-1")
    freeze(time_machine, date(2027, 1, 1))
    assert "Järvalyftet AB" in listed_names(client, "/sv/providers?service=FORB-1")


def test_authorize_refuses_an_overlapping_period(app, staff_client, today):
    editor = staff_client("editor")
    periods_before = periods_of(app, "jarvalyftet")
    events_before = count_rows(app, AuthorizationEvent)
    audit_before = count_rows(app, AuditEvent)

    # MATCH-1 is open-ended (its box is disabled; a hand-made request tries anyway).
    response = authorize(
        editor, app, "jarvalyftet", ["MATCH-1", "FORB-1"], effective_date="2027-03-01"
    )

    assert response.status_code == 200
    page = parse_page(response)
    assert errors_by_field(page) == {
        "services": "MATCH-1 Matchning mot arbete – grund: anordnaren är redan auktoriserad för "
        "insatsen från 1 september 2022 och tills vidare. Perioder får inte överlappa."
    }
    assert page.select_one(".error-summary a")["href"] == "#services"
    # Nothing written, not even the service that had no overlap.
    assert periods_of(app, "jarvalyftet") == periods_before
    assert count_rows(app, AuthorizationEvent) == events_before
    assert count_rows(app, AuditEvent) == audit_before
    # What was typed stays.
    assert page.find(id="effective_date")["value"] == "2027-03-01"
    assert page.find(id="decision_reference")["value"] == "AMN 2026/0123"
    forb = page.find("input", attrs={"value": str(service_ids(app)["FORB-1"])})
    assert forb.has_attr("checked")


def test_authorize_refuses_overlap_with_a_scheduled_end(app, staff_client, today):
    editor = staff_client("editor")
    response = deauthorize(editor, app, "jarvalyftet", ["MATCH-1"], effective_date="2027-01-01")
    assert response.status_code == 302
    response = authorize(editor, app, "jarvalyftet", ["MATCH-1"], effective_date="2026-12-01")
    assert errors_by_field(parse_page(response))["services"] == (
        "MATCH-1 Matchning mot arbete – grund: en auktorisation gäller redan från "
        "1 september 2022 och upphör 1 januari 2027. En ny auktorisation kan börja gälla "
        "tidigast 1 januari 2027."
    )


def test_authorize_asks_for_every_missing_field(app, staff_client, today):
    editor = staff_client("editor")
    events_before = count_rows(app, AuthorizationEvent)
    response = editor.post(
        f"/admin/providers/{provider_id(app, 'jarvalyftet')}/authorize",
        {"decision_date": "", "effective_date": "", "decision_reference": "   "},
    )
    assert response.status_code == 200
    page = parse_page(response)
    assert errors_by_field(page) == {
        "services": "Välj minst en insats.",
        "decision_date": "Skriv vilket datum beslutet fattades.",
        "effective_date": "Skriv från vilket datum beslutet gäller.",
        "decision_reference": "Skriv beslutets diarienummer.",
    }
    assert len(page.select(".error-summary li")) == 4
    assert count_rows(app, AuthorizationEvent) == events_before


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"decision_date": "2026-11-23", "effective_date": "2026-12-01"},
            "decision_date",
            "Beslutsdatum kan inte ligga i framtiden.",
        ),
        (
            {"decision_date": "2026-11-20", "effective_date": "2026-11-19"},
            "effective_date",
            "Auktorisationen kan inte börja gälla före beslutsdatum.",
        ),
        (
            {"effective_date": "1/12 2026"},
            "effective_date",
            "Skriv datumet som år-månad-dag, till exempel 2026-12-01.",
        ),
        (
            {"decision_date": "2026-02-30"},
            "decision_date",
            "Skriv datumet som år-månad-dag, till exempel 2026-12-01.",
        ),
        (
            {"decision_reference": "AMN 2026/" + "1" * 60},
            "decision_reference",
            "Diarienumret får vara högst 60 tecken.",
        ),
        (
            {"decision_reference": "AMN 2026/0123; DROP"},
            "decision_reference",
            "Diarienumret får bara innehålla bokstäver, siffror, mellanslag och / - . : ( ).",
        ),
        (
            {"decision_reference": "AMN"},
            "decision_reference",
            "Diarienumret måste innehålla minst en siffra, till exempel AMN 2026/0123.",
        ),
    ],
    ids=[
        "decided-in-future",
        "starts-before-decision",
        "not-a-date",
        "no-such-day",
        "reference-too-long",
        "reference-odd-characters",
        "reference-without-digit",
    ],
)
def test_authorize_explains_bad_input(app, staff_client, today, fields, field, message):
    editor = staff_client("editor")
    events_before = count_rows(app, AuthorizationEvent)
    response = authorize(editor, app, "jarvalyftet", ["FORB-1"], **fields)
    assert response.status_code == 200
    page = parse_page(response)
    assert errors_by_field(page) == {field: message}
    assert page.find(id=field)["aria-invalid"] == "true"
    typed = fields[field]
    assert page.find(id=field)["value"] == typed.strip()
    assert count_rows(app, AuthorizationEvent) == events_before


def test_an_earlier_effective_date_is_fine_when_not_before_the_decision(app, staff_client, today):
    editor = staff_client("editor")
    response = authorize(
        editor,
        app,
        "jarvalyftet",
        ["FORB-3"],
        decision_date="2026-10-01",
        effective_date="2026-10-15",
    )
    assert response.status_code == 302
    assert ("FORB-3", date(2026, 10, 15), None, None) in periods_of(app, "jarvalyftet")
