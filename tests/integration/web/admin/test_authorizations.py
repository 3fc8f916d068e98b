"""Authorizing and de-authorizing providers, and the history of those decisions."""

from datetime import date, datetime

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import func, select

from tests import htmlcheck
from tests.conftest import parse_page
from webapp.authorizations.models import Authorization, AuthorizationEvent
from webapp.authorizations.vocab import END_REASONS
from webapp.catalog.models import Service
from webapp.core.db import get_session
from webapp.core.extensions import limiter
from webapp.providers.models import Provider
from webapp.staff.models import AuditEvent

TODAY = date(2026, 11, 22)


@pytest.fixture(autouse=True)
def fresh_login_limits(app):
    """Start each test with no login attempts counted: these tests log in often."""
    limiter.reset()


@pytest.fixture
def today(time_machine):
    """Freeze the clock at midday on TODAY, before anyone logs in."""
    time_machine.move_to(datetime(2026, 11, 22, 12, 0), tick=False)
    return TODAY


def move_to(time_machine, day: date) -> None:
    """Move the frozen clock to midday on day."""
    time_machine.move_to(datetime(day.year, day.month, day.day, 12, 0), tick=False)


def provider_id(app, slug: str) -> int:
    """Return a provider's id."""
    with app.app_context():
        return get_session().exec(select(Provider.id).where(Provider.slug == slug)).one()


def service_ids(app) -> dict[str, int]:
    """Map service codes to ids."""
    with app.app_context():
        return dict(get_session().exec(select(Service.code, Service.id)).all())


def periods_of(app, slug: str) -> list[tuple[str, date, date | None, str | None]]:
    """Return a provider's periods as (service code, from, until, end reason)."""
    with app.app_context():
        statement = (
            select(Service.code, Authorization.valid_from, Authorization.valid_until)
            .add_columns(Authorization.end_reason)
            .join(Service, Service.id == Authorization.service_id)
            .join(Provider, Provider.id == Authorization.provider_id)
            .where(Provider.slug == slug)
            .order_by(Service.code, Authorization.valid_from)
        )
        return [tuple(row) for row in get_session().exec(statement)]


def events_of(app, slug: str) -> list[AuthorizationEvent]:
    """Return a provider's authorization events in the order recorded."""
    with app.app_context():
        statement = (
            select(AuthorizationEvent)
            .join(Provider, Provider.id == AuthorizationEvent.provider_id)
            .where(Provider.slug == slug)
            .order_by(AuthorizationEvent.id)
        )
        return list(get_session().exec(statement))


def count_rows(app, model) -> int:
    """Count a table's rows."""
    with app.app_context():
        return get_session().exec(select(func.count()).select_from(model)).one()


def last_audit(app) -> AuditEvent:
    """Return the newest audit event."""
    with app.app_context():
        return get_session().exec(select(AuditEvent).order_by(AuditEvent.id.desc())).first()


def listed_names(client, url: str = "/sv/providers") -> list[str]:
    """Return the provider names on a public list page."""
    page = parse_page(client.get(url))
    return [h3.get_text(strip=True) for h3 in page.select(".provider-card h3")]


def errors_by_field(page: BeautifulSoup) -> dict[str, str]:
    """Return each field's error message, keyed by the field's id."""
    return {
        p["id"].removesuffix("-error"): p.get_text(" ", strip=True).removeprefix("Fel:").strip()
        for p in page.select("p.error-message")
    }


def authorize(client, app, slug: str, codes, **fields):
    """Post the authorize form for a provider."""
    ids = service_ids(app)
    data = {
        "services": [str(ids[code]) for code in codes],
        "decision_date": "2026-11-20",
        "effective_date": "2026-11-22",
        "decision_reference": "AMN 2026/0123",
        **fields,
    }
    return client.post(f"/admin/providers/{provider_id(app, slug)}/authorize", data)


def deauthorize(client, app, slug: str, codes, **fields):
    """Post the de-authorize form for a provider."""
    ids = service_ids(app)
    data = {
        "services": [str(ids[code]) for code in codes],
        "reason": "breach",
        "decision_date": "2026-11-20",
        "effective_date": "2026-11-22",
        "decision_reference": "AMN 2026/0456",
        "note": "",
        **fields,
    }
    return client.post(f"/admin/providers/{provider_id(app, slug)}/deauthorize", data)


# --- Authorizing -----------------------------------------------------------------------


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
    move_to(time_machine, date(2026, 12, 31))
    assert "Järvalyftet AB" not in listed_names(client, "/sv/providers?service=FORB-1")
    move_to(time_machine, date(2027, 1, 1))
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


# --- De-authorizing --------------------------------------------------------------------


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
    move_to(time_machine, date(2026, 11, 30))
    assert "Järvalyftet AB" in listed_names(client)
    move_to(time_machine, date(2026, 12, 1))
    assert "Järvalyftet AB" not in listed_names(client)
    profile = parse_page(client.get("/sv/providers/jarvalyftet"))
    notice = profile.select_one("[role=note]").get_text(" ", strip=True)
    assert "Anordnaren kan inte väljas längre." in notice
    assert "Auktorisationen upphörde 1 december 2026." in notice


def test_deauthorizing_before_a_future_start_cancels_the_period(
    app, client, staff_client, time_machine
):
    move_to(time_machine, date(2026, 8, 15))  # framtidsvagen starts on 1 September
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
    move_to(time_machine, date(2026, 9, 1))
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
    move_to(time_machine, date(2026, 12, 1))
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


# --- History and records ---------------------------------------------------------------


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
