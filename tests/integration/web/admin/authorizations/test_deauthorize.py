"""De-authorizing a provider from the admin: reasons, dates, the public site following."""

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
)
from tests.integration.web.admin.provider_pages import provider_id
from webapp.authorizations.vocab import END_REASONS


def test_deauthorize_form_offers_the_authorized_services_all_ticked(app, staff_client, today):
    editor = staff_client("editor")
    page = parse_page(editor.get(f"/admin/providers/{provider_id(app, 'jarvalyftet')}/deauthorize"))
    boxes = page.select("fieldset#services input[type=checkbox]")
    labels = [box.find_next("label").get_text(strip=True).split()[0] for box in boxes]
    assert labels == ["MATCH-1", "INTRO-1", "INTRO-2"]
    assert all(box.has_attr("checked") for box in boxes)
    assert page.find(id="effective_date")["value"] == "2026-11-22"
    reasons = [option["value"] for option in page.select("#reason option")]
    assert reasons == ["", *END_REASONS]


def test_deauthorize_page_when_nothing_is_left_to_end(app, staff_client, today):
    editor = staff_client("editor")
    page = parse_page(
        editor.get(f"/admin/providers/{provider_id(app, 'linjen-rekrytering')}/deauthorize")
    )
    assert page.find("form", action=lambda a: a and a.endswith("/deauthorize")) is None
    assert "ingen pågående eller kommande auktorisation" in page.main.get_text()


@pytest.mark.parametrize("reason", list(END_REASONS))
def test_deauthorize_with_each_reason(app, client, staff_client, today, reason):
    editor = staff_client("editor")
    note = "Anordnaren har lagt ned verksamheten." if reason == "other" else ""
    response = deauthorize(
        editor, app, "jarvalyftet", ["MATCH-1", "INTRO-1", "INTRO-2"], reason=reason, note=note
    )
    assert response.status_code == 302
    periods = periods_of(app, "jarvalyftet")
    assert [(code, until, why) for code, _start, until, why in periods] == [
        ("INTRO-1", TODAY, reason),
        ("INTRO-2", TODAY, reason),
        ("MATCH-1", TODAY, reason),
    ]
    events = events_of(app, "jarvalyftet")
    assert {(e.kind, e.reason, e.note, e.effective_date) for e in events} == {
        ("deauthorize", reason, note, TODAY)
    }
    audit = last_audit(app)
    assert audit.action == "authorization.revoke"
    assert [p["valid_until"] for p in audit.before["periods"]] == [None, None, None]
    assert [p["valid_until"] for p in audit.after["periods"]] == [TODAY.isoformat()] * 3
    assert "Järvalyftet AB" not in listed_names(client)


def test_deauthorize_some_services_keeps_the_others(app, client, staff_client, today):
    editor = staff_client("editor")
    assert deauthorize(editor, app, "jarvalyftet", ["MATCH-1"]).status_code == 302
    assert "Järvalyftet AB" not in listed_names(client, "/sv/providers?service=MATCH-1")
    assert "Järvalyftet AB" in listed_names(client, "/sv/providers?service=INTRO-1")


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"reason": ""}, "reason", "Välj skälet till avauktorisationen."),
        (
            {"effective_date": "2026-11-21"},
            "effective_date",
            "Avauktorisationen kan gälla från i dag eller ett senare datum, inte bakåt i tiden.",
        ),
        (
            {"reason": "immediate_revocation", "effective_date": "2026-12-01"},
            "effective_date",
            "Ett direkt återkallande gäller från i dag. Välj dagens datum eller ett annat skäl.",
        ),
        (
            {"reason": "other", "note": "  "},
            "note",
            "Beskriv skälet i anteckningen när du väljer Annat skäl.",
        ),
        ({"note": "x" * 2001}, "note", "Anteckningen får vara högst 2 000 tecken."),
        (
            {"decision_date": "2026-12-24"},
            "decision_date",
            "Beslutsdatum kan inte ligga i framtiden.",
        ),
        ({"decision_reference": ""}, "decision_reference", "Skriv beslutets diarienummer."),
        ({"effective_date": ""}, "effective_date", "Skriv från vilket datum beslutet gäller."),
    ],
    ids=[
        "no-reason",
        "in-the-past",
        "immediate-not-today",
        "other-without-note",
        "note-too-long",
        "decided-in-future",
        "no-reference",
        "no-date",
    ],
)
def test_deauthorize_explains_bad_input(app, staff_client, today, fields, field, message):
    editor = staff_client("editor")
    periods_before = periods_of(app, "jarvalyftet")
    response = deauthorize(editor, app, "jarvalyftet", ["MATCH-1"], **fields)
    assert response.status_code == 200
    page = parse_page(response)
    assert errors_by_field(page) == {field: message}
    assert periods_of(app, "jarvalyftet") == periods_before
    assert events_of(app, "jarvalyftet") == []
    # The services chosen stay chosen: only MATCH-1 of the three.
    ticked = [
        box.find_next("label").get_text(strip=True).split()[0]
        for box in page.select("fieldset#services input[checked]")
    ]
    assert ticked == ["MATCH-1"]
    typed = {"reason": "breach", "note": "", "effective_date": "2026-11-22", **fields}
    selected = page.select_one("#reason option[selected]")
    assert (selected["value"] if selected else "") == typed["reason"]
    assert page.find(id="note").get_text() == typed["note"].strip()
    assert page.find(id="effective_date")["value"] == typed["effective_date"]


def test_deauthorize_needs_a_service(app, staff_client, today):
    editor = staff_client("editor")
    response = deauthorize(editor, app, "jarvalyftet", [])
    page = parse_page(response)
    assert errors_by_field(page) == {"services": "Välj minst en insats."}
    assert page.select("fieldset#services input[checked]") == []


def test_deauthorize_refuses_a_service_without_authorization(app, staff_client, today):
    editor = staff_client("editor")
    response = deauthorize(editor, app, "jarvalyftet", ["MATCH-1", "FORB-1"])
    assert errors_by_field(parse_page(response)) == {
        "services": "FORB-1 Förberedande insats – nivå 1: anordnaren är inte auktoriserad för "
        "insatsen 22 november 2026 eller senare, så det finns ingen auktorisation att avsluta."
    }
    assert events_of(app, "jarvalyftet") == []
    assert ("MATCH-1", date(2022, 9, 1), None, None) in periods_of(app, "jarvalyftet")


def test_future_deauthorization_takes_effect_on_its_day(
    app, client, staff_client, today, time_machine
):
    editor = staff_client("editor")
    response = deauthorize(
        editor,
        app,
        "jarvalyftet",
        ["MATCH-1", "INTRO-1", "INTRO-2"],
        reason="provider_request",
        effective_date="2026-12-01",
    )
    assert response.status_code == 302
    assert "Järvalyftet AB" in listed_names(client)
    freeze(time_machine, date(2026, 11, 30))
    assert "Järvalyftet AB" in listed_names(client)
    freeze(time_machine, date(2026, 12, 1))
    assert "Järvalyftet AB" not in listed_names(client)
    profile = parse_page(client.get("/sv/providers/jarvalyftet"))
    notice = profile.select_one("[role=note]").get_text(" ", strip=True)
    assert "Anordnaren kan inte väljas längre." in notice
    assert "Auktorisationen upphörde 1 december 2026." in notice


def test_deauthorizing_before_a_future_start_cancels_the_period(
    app, client, staff_client, time_machine
):
    freeze(time_machine, date(2026, 8, 15))  # framtidsvagen starts on 1 September
    editor = staff_client("editor")
    response = deauthorize(
        editor,
        app,
        "framtidsvagen-jobbmatchning",
        ["MATCH-1", "MATCH-2"],
        reason="provider_request",
        decision_date="2026-08-14",
        effective_date="2026-08-20",
    )
    assert response.status_code == 302
    assert periods_of(app, "framtidsvagen-jobbmatchning") == []
    assert [e.kind for e in events_of(app, "framtidsvagen-jobbmatchning")] == ["deauthorize"] * 2
    assert len(last_audit(app).after["cancelled"]) == 2
    freeze(time_machine, date(2026, 9, 1))
    assert "Framtidsvägen Jobbmatchning AB" not in listed_names(client)


def test_a_mistaken_deauthorization_is_corrected_by_a_new_authorization(
    app, client, staff_client, today, time_machine
):
    editor = staff_client("editor")
    deauthorize(editor, app, "jarvalyftet", ["MATCH-1"], effective_date="2026-12-01")
    response = authorize(
        editor,
        app,
        "jarvalyftet",
        ["MATCH-1"],
        effective_date="2026-12-01",
        decision_reference="AMN 2026/0460",
    )
    assert response.status_code == 302
    match = [p for p in periods_of(app, "jarvalyftet") if p[0] == "MATCH-1"]
    assert match == [
        ("MATCH-1", date(2022, 9, 1), date(2026, 12, 1), "breach"),
        ("MATCH-1", date(2026, 12, 1), None, None),
    ]
    assert [e.kind for e in events_of(app, "jarvalyftet")] == ["deauthorize", "authorize"]
    freeze(time_machine, date(2026, 12, 1))
    assert "Järvalyftet AB" in listed_names(client, "/sv/providers?service=MATCH-1")


def test_reauthorizing_after_a_deauthorization_opens_a_new_period(app, staff_client, today):
    editor = staff_client("editor")
    response = authorize(
        editor,
        app,
        "linjen-rekrytering",
        ["MATCH-1"],
        effective_date="2027-01-01",
        decision_reference="AMN 2026/0999",
    )
    assert response.status_code == 302
    assert periods_of(app, "linjen-rekrytering")[:2] == [
        ("MATCH-1", date(2022, 9, 1), date(2025, 4, 1), "breach"),
        ("MATCH-1", date(2027, 1, 1), None, None),
    ]
