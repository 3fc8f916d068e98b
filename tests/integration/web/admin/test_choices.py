"""Caseworkers' choice pages: invitations and their code, the list, and acting on a choice."""

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from tests.conftest import parse_page
from tests.sqlcount import counted_statements
from webapp.authorizations.models import Authorization
from webapp.catalog.models import Service
from webapp.choices.models import Choice, ChoiceInvitation, SwitchRequest
from webapp.choices.rules import (
    create_invitation,
    find_invitation_by_code,
    normalize_code,
    read_status,
    record_choice,
)
from webapp.core.db import get_session
from webapp.core.extensions import limiter
from webapp.providers.models import Provider
from webapp.staff.models import AuditEvent, StaffUser
from webapp.web.admin.choice_forms import looks_like_personal_number

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def fresh_login_limits(app):
    """Start each test with no login attempts counted: these tests log in often."""
    limiter.reset()


@pytest.fixture
def caseworker(staff_client, time_machine):
    """A caseworker logged in on a fixed day."""
    time_machine.move_to(NOW, tick=False)
    return staff_client("caseworker")


def later(time_machine, staff_client, days: int):
    """Move the clock on by some days and log in again (the old session has expired)."""
    time_machine.move_to(NOW + timedelta(days=days), tick=False)
    return staff_client("caseworker")


# --- Rows made directly, for the pages to show -----------------------------------------


def service_id(app, code: str) -> int:
    with app.app_context():
        return get_session().exec(select(Service.id).where(Service.code == code)).one()


def provider_id(app, slug: str) -> int:
    with app.app_context():
        return get_session().exec(select(Provider.id).where(Provider.slug == slug)).one()


def make_invitation(app, *, service="MATCH-1", deadline=TODAY + timedelta(days=14), **extra):
    """Add an invitation; return its id and code."""
    with app.app_context():
        session = get_session()
        invitation, code = create_invitation(
            session,
            service_id=service_id(app, service),
            decision_date=extra.pop("decision_date", TODAY),
            deadline=deadline,
            letter_lang=extra.pop("letter_lang", "sv"),
            case_reference=extra.pop("case_reference", ""),
            key=app.config["CHOICE_CODE_KEY"],
            created_by=None,
        )
        for name, value in extra.items():
            setattr(invitation, name, value)
        session.add(invitation)
        session.commit()
        return invitation.id, code


def choose(app, invitation_id: int, slug: str, kind: str = "client", day: date = TODAY):
    with app.app_context():
        session = get_session()
        invitation = session.get(ChoiceInvitation, invitation_id)
        record_choice(session, invitation, provider_id=provider_id(app, slug), kind=kind, today=day)
        session.commit()


def request_switch(app, invitation_id: int, slug: str) -> int:
    with app.app_context():
        session = get_session()
        request = SwitchRequest(
            invitation_id=invitation_id,
            provider_id=provider_id(app, slug),
            reason="Närmare hemmet.",
        )
        session.add(request)
        session.commit()
        return request.id


def load(app, model, row_id):
    with app.app_context():
        return get_session().get(model, row_id)


def current_choice_of(app, invitation_id: int) -> Choice | None:
    with app.app_context():
        return (
            get_session()
            .exec(select(Choice).where(Choice.invitation_id == invitation_id, Choice.is_current))
            .first()
        )


def history_of(app, invitation_id: int) -> list[Choice]:
    with app.app_context():
        return list(
            get_session().exec(
                select(Choice).where(Choice.invitation_id == invitation_id).order_by(Choice.id)
            )
        )


def audit_events(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        return list(
            get_session().exec(
                select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
            )
        )


def count_invitations(app) -> int:
    with app.app_context():
        return len(get_session().exec(select(ChoiceInvitation.id)).all())


# --- Creating an invitation -------------------------------------------------------------


def invitation_form(**changes) -> dict:
    values = {
        "service": "MATCH-1",
        "decision_date": TODAY.isoformat(),
        "deadline": (TODAY + timedelta(days=14)).isoformat(),
        "letter_lang": "so",
        "case_reference": "SN 2026/1234",
        "submission": "test-submission",
    }
    return {**values, **changes}


def errors_of(page) -> dict[str, str]:
    """Return each field's error message, by the field's id."""
    return {
        message["id"].removesuffix("-error"): message.get_text(" ", strip=True)
        for message in page.select(".error-message[id]")
    }


def test_new_form_offers_defaults_grouped_services_and_languages(caseworker):
    page = parse_page(caseworker.get("/admin/choices/new"))
    assert page.find(id="decision_date")["value"] == TODAY.isoformat()
    assert page.find(id="deadline")["value"] == (TODAY + timedelta(days=14)).isoformat()
    groups = page.select("#service optgroup")
    assert [g["label"] for g in groups] == [
        "Matchning mot arbete",
        "Förberedande insatser",
        "Introduktion till arbete för nyanlända",
    ]
    assert groups[0].find("option")["value"] == "MATCH-1"
    languages = {o["value"]: (o["lang"], o.get_text()) for o in page.select("#letter_lang option")}
    assert set(languages) == {"sv", "en", "ar", "fa", "so", "ti", "uk"}
    assert languages["so"] == ("so", "Soomaali")
    assert page.find(id="case_reference-hint").get_text().count("personnummer") == 1


def test_creating_shows_the_code_once_with_a_letter_in_the_clients_language(app, caseworker):
    response = caseworker.post("/admin/choices/new", invitation_form())
    assert response.status_code == 200
    page = parse_page(response)
    code = "-".join(span.get_text() for span in page.select("#choice-code .code-group"))
    assert [len(group) for group in code.split("-")] == [4, 4, 4]

    with app.app_context():
        invitation = find_invitation_by_code(get_session(), code, app.config["CHOICE_CODE_KEY"])
        assert invitation is not None
        assert invitation.letter_lang == "so"
        assert invitation.case_reference == "SN 2026/1234"
        assert invitation.deadline == TODAY + timedelta(days=14)
        assert invitation.created_by is not None

    letter = page.find(id="choice-letter")
    assert letter["lang"] == "so" and letter["dir"] == "ltr"
    assert letter.find("a", href="http://localhost/so/choose") is not None
    assert normalize_code(letter.find(class_="letter-code").get_text()) == normalize_code(code)
    # The deadline is written in the letter's language, not the admin's.
    assert "2026" in letter.get_text() and "december" not in letter.get_text()
    assert "ekonomiskt bistånd" not in letter.get_text().lower()
    assert page.select_one(".js-print") is not None
    # Only the letter is printed.
    assert "no-print" in page.find("h1").parent["class"]


def test_letter_in_arabic_runs_right_to_left(caseworker):
    page = parse_page(caseworker.post("/admin/choices/new", invitation_form(letter_lang="ar")))
    letter = page.find(id="choice-letter")
    assert (letter["lang"], letter["dir"]) == ("ar", "rtl")
    assert page.find("html")["dir"] == "ltr"  # the admin around it stays as it was


def test_code_is_not_kept_anywhere_it_could_be_read_again(app, caseworker):
    response = caseworker.post("/admin/choices/new", invitation_form())
    page = parse_page(response)
    code = "-".join(span.get_text() for span in page.select("#choice-code .code-group"))
    [invite] = audit_events(app, "choice.invite")
    invitation_id = invite.entity_id
    raw = normalize_code(code)

    for url in ("/admin/choices", f"/admin/choices/{invitation_id}", "/admin/choices.csv"):
        text = caseworker.get(url).get_data(as_text=True)
        assert raw not in text.replace("-", "").replace(" ", ""), url

    logged = json.dumps([invite.summary, invite.before, invite.after])
    assert raw not in logged.replace("-", "") and code not in logged
    assert "code_hash" not in logged


def test_sending_the_form_again_creates_nothing_and_shows_no_code(app, caseworker):
    caseworker.post("/admin/choices/new", invitation_form())
    before = count_invitations(app)
    again = caseworker.post("/admin/choices/new", invitation_form())
    assert again.status_code == 302
    assert again.headers["Location"].startswith("/admin/choices/")
    assert count_invitations(app) == before
    page = parse_page(caseworker.get(again.headers["Location"]))
    assert page.find(id="choice-code") is None
    assert "visas bara en gång" in page.select_one(".success").get_text()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"case_reference": "19900101-1234"},
            "case_reference",
            "Det ser ut som ett personnummer",
        ),
        ({"case_reference": "ärende 900101-1234"}, "case_reference", "personnummer"),
        ({"case_reference": "199001011234"}, "case_reference", "personnummer"),
        ({"case_reference": "x" * 61}, "case_reference", "högst 60 tecken"),
        (
            {"decision_date": (TODAY + timedelta(days=1)).isoformat()},
            "decision_date",
            "Beslutsdatumet kan inte vara senare än i dag.",
        ),
        (
            {"deadline": (TODAY - timedelta(days=1)).isoformat()},
            "deadline",
            "Sista dagen kan inte vara tidigare än i dag.",
        ),
        ({"deadline": "22/12/2026"}, "deadline", "Skriv datumet som ÅÅÅÅ-MM-DD"),
        ({"deadline": "2026-02-30"}, "deadline", "Skriv datumet som ÅÅÅÅ-MM-DD"),
        ({"deadline": ""}, "deadline", "Skriv sista dagen att välja."),
        ({"decision_date": ""}, "decision_date", "Skriv datumet för beslutet."),
        ({"service": ""}, "service", "Välj vilken insats personen har fått."),
        ({"service": "NOPE-1"}, "service", "Välj en av insatserna i listan."),
        ({"letter_lang": "de"}, "letter_lang", "Välj ett av språken i listan."),
    ],
)
def test_invalid_invitations_are_refused_with_a_message(app, caseworker, changes, field, message):
    before = count_invitations(app)
    response = caseworker.post("/admin/choices/new", invitation_form(**changes))
    assert response.status_code == 200
    page = parse_page(response)
    assert message in errors_of(page)[field]
    assert page.select_one(".error-summary") is not None
    assert page.find(id="choice-code") is None
    assert count_invitations(app) == before
    # What was typed is kept.
    for name, value in changes.items():
        control = page.find(id=name)
        if control.name == "input":
            assert control["value"] == value


def test_deadline_before_the_decision_is_refused(caseworker):
    page = parse_page(
        caseworker.post(
            "/admin/choices/new",
            invitation_form(
                decision_date=(TODAY + timedelta(days=5)).isoformat(),
                deadline=(TODAY + timedelta(days=2)).isoformat(),
            ),
        )
    )
    errors = errors_of(page)
    assert "Sista dagen kan inte vara före beslutsdatumet." in errors["deadline"]
    assert "senare än i dag" in errors["decision_date"]


@pytest.mark.parametrize(
    ("text", "looks_like"),
    [
        ("900101-1234", True),
        ("19900101-1234", True),
        ("199001011234", True),
        ("9001011234", True),
        ("900161-1234", True),  # a coordination number: day + 60
        ("Dnr 900101+1234 gammal", True),
        ("SN 2026/1234", False),
        ("2026-000123", False),
        ("556123-4567", False),  # an organisation number: no month 61
        ("", False),
    ],
)
def test_personal_numbers_are_recognised(text, looks_like):
    assert looks_like_personal_number(text) is looks_like


# --- The list ---------------------------------------------------------------------------


def list_rows(page) -> dict[int, dict]:
    """Return the list's rows by invitation id: state, provider and flags."""
    return {
        int(row["data-invitation"]): {
            "state": row.select_one(".choice-state")["data-state"],
            "provider": row.select_one(".choice-provider").get_text(strip=True),
            "flags": [li.get_text(strip=True) for li in row.select(".choice-flags li")],
        }
        for row in page.select("#invitations tbody tr")
    }


@pytest.fixture
def five_invitations(app, caseworker):
    """Invitations in every state but cancelled-with-choice: returns name -> id."""
    ids = {
        "waiting": make_invitation(app)[0],
        "chosen": make_invitation(app, service="MATCH-2")[0],
        "switch": make_invitation(app)[0],
        "cancelled": make_invitation(app, cancelled_at=NOW)[0],
        "past": make_invitation(
            app,
            decision_date=TODAY - timedelta(days=20),
            deadline=TODAY - timedelta(days=3),
        )[0],
    }
    choose(app, ids["chosen"], "arbetslust-stockholm")
    choose(app, ids["switch"], "jarvalyftet")
    request_switch(app, ids["switch"], "arbetslust-stockholm")
    return ids


def test_list_shows_states_newest_first_and_applies_due_defaults(app, caseworker, five_invitations):
    page = parse_page(caseworker.get("/admin/choices"))
    rows = list_rows(page)
    ids = five_invitations
    assert list(rows)[: len(ids)] == sorted(ids.values(), reverse=True)
    assert rows[ids["waiting"]]["state"] == "waiting"
    assert rows[ids["chosen"]] == {
        "state": "chosen",
        "provider": "Arbetslust Stockholm AB",
        "flags": [],
    }
    assert rows[ids["switch"]]["state"] == "switch_requested"
    assert rows[ids["switch"]]["flags"] == ["Byte begärt"]
    assert rows[ids["cancelled"]]["state"] == "cancelled"
    # The deadline passed before the job ran: reading the list applied the default.
    assert rows[ids["past"]]["state"] == "default_applied"
    assert rows[ids["past"]]["provider"] == "Jobbtorget"
    [event] = [e for e in audit_events(app, "choice.default") if e.entity_id == ids["past"]]
    assert event.actor_id is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("state=waiting", {"waiting"}),
        ("state=chosen", {"chosen"}),
        ("state=switch_requested", {"switch"}),
        ("state=default_applied", {"past"}),
        ("state=cancelled", {"cancelled"}),
        ("service=MATCH-2", {"chosen"}),
        ("deadline_passed=y", {"past"}),
        ("state=chosen&service=MATCH-1", set()),
    ],
)
def test_list_filters(app, caseworker, five_invitations, query, expected):
    page = parse_page(caseworker.get(f"/admin/choices?{query}"))
    ids = five_invitations
    shown = set(list_rows(page)) & set(ids.values())
    assert shown == {ids[name] for name in expected}


def test_list_filters_by_current_provider_and_counts_per_provider(
    app, caseworker, five_invitations
):
    arbetslust = provider_id(app, "arbetslust-stockholm")
    page = parse_page(caseworker.get(f"/admin/choices?provider={arbetslust}"))
    assert set(list_rows(page)) & set(five_invitations.values()) == {five_invitations["chosen"]}

    page = parse_page(caseworker.get("/admin/choices"))
    counts = {
        row.th.get_text(strip=True): [td.get_text(strip=True) for td in row.find_all("td")]
        for row in page.select("#provider-counts tbody tr")
    }
    # Chosen by the client, default, total; the cancelled invitation is not counted.
    assert counts["Arbetslust Stockholm AB"] == ["1", "0", "1"]
    assert counts["Järvalyftet AB"] == ["1", "0", "1"]
    assert counts["Jobbtorget"] == ["0", "1", "1"]


def test_bad_filters_get_a_message_not_an_error(caseworker):
    response = caseworker.get("/admin/choices?state=bogus&service=NOPE&provider=abc")
    assert response.status_code == 200
    errors = errors_of(parse_page(response))
    assert errors["state"].endswith("Välj en av statusarna i listan.")
    assert errors["service"].endswith("Välj en av insatserna i listan.")
    assert errors["provider"].endswith("Välj en av anordnarna i listan.")


def test_list_flags_a_deauthorized_provider_and_a_locked_code(app, caseworker):
    chosen_id, _ = make_invitation(app, locked=True)
    choose(app, chosen_id, "linjen-rekrytering", day=date(2025, 1, 15))
    page = parse_page(caseworker.get("/admin/choices"))
    flags = list_rows(page)[chosen_id]["flags"]
    assert "Anordnaren är inte längre auktoriserad – nytt val behövs" in flags
    assert "Koden är låst efter för många försök" in flags


def test_list_pages_fifty_at_a_time(app, caseworker):
    for _ in range(51):
        make_invitation(app)
    first = parse_page(caseworker.get("/admin/choices"))
    assert len(first.select("#invitations tbody tr")) == 50
    assert first.select_one(".pagination a[rel=next]") is not None
    second = parse_page(caseworker.get("/admin/choices?page=2"))
    assert len(second.select("#invitations tbody tr")) >= 1
    assert not set(list_rows(first)) & set(list_rows(second))


def test_list_costs_the_same_number_of_statements_for_more_invitations(app, caseworker, rollback):
    def add(how_many: int):
        for number in range(how_many):
            invitation_id, _ = make_invitation(app)
            if number % 3 == 0:
                choose(app, invitation_id, "jarvalyftet")
            if number % 5 == 0:
                request_switch(app, invitation_id, "jobbtorget")

    def statements_for_list() -> int:
        caseworker.get("/admin/choices")  # any due default is applied on the first load
        with counted_statements(rollback) as statements:
            assert caseworker.get("/admin/choices").status_code == 200
        return len(statements)

    add(3)
    few = statements_for_list()
    add(45)
    assert statements_for_list() == few


def test_csv_export_follows_the_filters_and_defuses_formulas(app, caseworker, five_invitations):
    formula_id, _ = make_invitation(app, case_reference="=HYPERLINK(1)")
    choose(app, formula_id, "jobbtorget")
    response = caseworker.get("/admin/choices.csv?state=chosen")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert rows[0] == [
        "id",
        "ärendenummer",
        "insats",
        "beslutsdatum",
        "sista dag",
        "status",
        "organisationsnummer",
        "anordnare",
        "vald",
        "sätt",
    ]
    by_id = {int(row[0]): row for row in rows[1:]}
    assert set(by_id) == {formula_id, five_invitations["chosen"]}
    chosen = by_id[five_invitations["chosen"]]
    assert chosen[2:6] == [
        "MATCH-2",
        TODAY.isoformat(),
        (TODAY + timedelta(days=14)).isoformat(),
        "Vald",
    ]
    assert chosen[6:8] == ["559341-8709", "Arbetslust Stockholm AB"]
    assert chosen[8].startswith(TODAY.isoformat())
    assert chosen[9] == "Klientens val"
    assert by_id[formula_id][1] == "'=HYPERLINK(1)"


def test_csv_with_bad_filters_goes_back_to_the_list(caseworker):
    response = caseworker.get("/admin/choices.csv?state=bogus")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/choices?")


# --- One invitation and acting on it ----------------------------------------------------


def test_invitation_page_shows_state_history_and_switch_requests(app, caseworker):
    invitation_id, _ = make_invitation(app, case_reference="SN 7")
    choose(app, invitation_id, "jarvalyftet")
    request_switch(app, invitation_id, "arbetslust-stockholm")
    page = parse_page(caseworker.get(f"/admin/choices/{invitation_id}"))
    assert page.find(id="choice-state")["data-state"] == "switch_requested"
    history = page.select("#choice-history tbody tr")
    assert [row.th.get_text(strip=True) for row in history] == ["Järvalyftet AB"]
    switches = page.select("#switch-requests tbody tr")
    assert "Närmare hemmet." in switches[0].get_text()
    assert page.find(id="switch-decision") is not None


def test_unknown_invitation_is_not_found(caseworker):
    assert caseworker.get("/admin/choices/999999").status_code == 404
    assert caseworker.post("/admin/choices/999999/cancel").status_code == 404
    assert caseworker.post("/admin/switches/999999", {"decision": "reject"}).status_code == 404


def test_cancel(app, caseworker):
    invitation_id, code = make_invitation(app)
    response = caseworker.post(f"/admin/choices/{invitation_id}/cancel")
    assert response.status_code == 302
    assert load(app, ChoiceInvitation, invitation_id).cancelled_at is not None
    page = parse_page(caseworker.get(response.headers["Location"]))
    assert page.find(id="choice-state")["data-state"] == "cancelled"
    assert page.find(id="record-choice") is None and page.find(id="cancel") is None
    [event] = audit_events(app, "choice.cancel")
    assert event.entity_id == invitation_id
    assert event.before["cancelled_at"] is None and event.after["cancelled_at"]
    assert code not in json.dumps(event.after)


def test_reopen_after_the_deadline_unlocks_the_code(app, caseworker, staff_client, time_machine):
    invitation_id, _ = make_invitation(app, deadline=TODAY + timedelta(days=2))
    with app.app_context():
        session = get_session()
        invitation = session.get(ChoiceInvitation, invitation_id)
        invitation.locked, invitation.code_attempts = True, 10
        session.add(invitation)
        session.commit()
    client = later(time_machine, staff_client, days=5)
    page = parse_page(client.get(f"/admin/choices/{invitation_id}"))
    assert page.find(id="choice-state")["data-state"] == "default_applied"

    open_until = (TODAY + timedelta(days=12)).isoformat()
    response = client.post(f"/admin/choices/{invitation_id}/reopen", {"open_until": open_until})
    assert response.status_code == 302
    invitation = load(app, ChoiceInvitation, invitation_id)
    assert invitation.reopened_until.isoformat() == open_until
    assert (invitation.locked, invitation.code_attempts) == (False, 0)
    with app.app_context():
        session = get_session()
        status = read_status(session, invitation, TODAY + timedelta(days=5))
        assert status.can_choose
    [event] = audit_events(app, "choice.reopen")
    assert event.before["locked"] is True and event.after["locked"] is False


@pytest.mark.parametrize(
    ("open_until", "message"),
    [
        ("", "Skriv till och med vilken dag valet ska vara öppet."),
        ((TODAY - timedelta(days=1)).isoformat(), "Dagen kan inte vara tidigare än i dag."),
        ("i morgon", "Skriv datumet som ÅÅÅÅ-MM-DD"),
    ],
)
def test_reopen_needs_a_day_from_today(app, caseworker, open_until, message):
    invitation_id, _ = make_invitation(app)
    response = caseworker.post(f"/admin/choices/{invitation_id}/reopen", {"open_until": open_until})
    assert response.status_code == 200
    page = parse_page(response)
    assert message in errors_of(page)["open_until"]
    assert page.find(id="open_until")["value"] == open_until
    assert load(app, ChoiceInvitation, invitation_id).reopened_until is None


def test_cancelled_invitation_cannot_be_reopened_or_chosen_for(app, caseworker):
    invitation_id, _ = make_invitation(app, cancelled_at=NOW)
    response = caseworker.post(
        f"/admin/choices/{invitation_id}/reopen", {"open_until": TODAY.isoformat()}
    )
    assert response.status_code == 302
    page = parse_page(caseworker.get(response.headers["Location"]))
    assert "kan inte öppnas igen" in page.select_one("main .alert").get_text()
    assert load(app, ChoiceInvitation, invitation_id).reopened_until is None
    response = caseworker.post(
        f"/admin/choices/{invitation_id}/record",
        {"provider_id": provider_id(app, "jobbtorget")},
    )
    page = parse_page(caseworker.get(response.headers["Location"]))
    assert "Inget val kan registreras" in page.select_one("main .alert").get_text()
    assert current_choice_of(app, invitation_id) is None


def test_record_a_choice_made_by_phone(app, caseworker, staff):
    invitation_id, _ = make_invitation(app)
    page = parse_page(caseworker.get(f"/admin/choices/{invitation_id}"))
    offered = {o.get_text() for o in page.select("#provider_id option")}
    assert "Järvalyftet AB" in offered
    assert "Linjen Rekrytering AB" not in offered  # de-authorized in 2025

    jarva = provider_id(app, "jarvalyftet")
    response = caseworker.post(f"/admin/choices/{invitation_id}/record", {"provider_id": jarva})
    assert response.status_code == 302
    current = current_choice_of(app, invitation_id)
    assert (current.provider_id, current.kind) == (jarva, "client")
    with app.app_context():
        me = get_session().exec(select(StaffUser).where(StaffUser.email == staff["caseworker"]))
        assert current.recorded_by == me.one().id
    [event] = audit_events(app, "choice.record")
    assert event.after["provider_id"] == jarva

    page = parse_page(caseworker.get(f"/admin/choices/{invitation_id}"))
    assert page.find(id="choice-state")["data-state"] == "chosen"
    assert staff["caseworker"] in page.select_one("#choice-history tbody tr").get_text()


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("linjen-rekrytering", "Bara anordnare som är auktoriserade i dag kan väljas."),
        (None, "Välj vilken anordnare klienten har valt."),
    ],
)
def test_record_refuses_providers_not_authorized_today(app, caseworker, slug, message):
    invitation_id, _ = make_invitation(app)
    value = provider_id(app, slug) if slug else ""
    response = caseworker.post(f"/admin/choices/{invitation_id}/record", {"provider_id": value})
    assert response.status_code == 200
    assert message in errors_of(parse_page(response))["provider_id"]
    assert current_choice_of(app, invitation_id) is None


def test_record_refuses_the_provider_already_chosen(app, caseworker):
    invitation_id, _ = make_invitation(app)
    choose(app, invitation_id, "jarvalyftet")
    response = caseworker.post(
        f"/admin/choices/{invitation_id}/record",
        {"provider_id": provider_id(app, "jarvalyftet")},
    )
    assert "redan det gällande valet" in errors_of(parse_page(response))["provider_id"]
    assert len(history_of(app, invitation_id)) == 1


def test_approving_a_switch_records_a_new_choice_and_keeps_the_old(app, caseworker):
    invitation_id, _ = make_invitation(app)
    choose(app, invitation_id, "jarvalyftet")
    request_id = request_switch(app, invitation_id, "arbetslust-stockholm")
    response = caseworker.post(
        f"/admin/switches/{request_id}", {"decision": "approve", "decision_reason": ""}
    )
    assert response.status_code == 302
    old, new = history_of(app, invitation_id)
    assert (old.is_current, new.is_current) == (False, True)
    assert new.provider_id == provider_id(app, "arbetslust-stockholm")
    assert new.kind == "switch" and new.recorded_by is not None
    request = load(app, SwitchRequest, request_id)
    assert request.status == "approved"
    assert request.decided_at is not None and request.decided_by == new.recorded_by
    [event] = audit_events(app, "choice.switch_approve")
    assert event.entity_id == request_id
    page = parse_page(caseworker.get(f"/admin/choices/{invitation_id}"))
    assert page.find(id="choice-state")["data-state"] == "chosen"
    assert page.find(id="switch-decision") is None


def test_switch_to_a_provider_no_longer_authorized_cannot_be_approved(app, caseworker):
    invitation_id, _ = make_invitation(app)
    choose(app, invitation_id, "jarvalyftet")
    request_id = request_switch(app, invitation_id, "linjen-rekrytering")
    response = caseworker.post(f"/admin/switches/{request_id}", {"decision": "approve"})
    assert response.status_code == 200
    assert "inte längre auktoriserad" in parse_page(response).select_one(".error-summary").text
    assert load(app, SwitchRequest, request_id).status == "pending"
    assert len(history_of(app, invitation_id)) == 1


def test_rejecting_a_switch_needs_a_reason(app, caseworker):
    invitation_id, _ = make_invitation(app)
    choose(app, invitation_id, "jarvalyftet")
    request_id = request_switch(app, invitation_id, "arbetslust-stockholm")

    response = caseworker.post(
        f"/admin/switches/{request_id}", {"decision": "reject", "decision_reason": "  "}
    )
    assert response.status_code == 200
    assert "Skriv varför bytet avslås." in errors_of(parse_page(response))["decision_reason"]
    assert load(app, SwitchRequest, request_id).status == "pending"

    response = caseworker.post(
        f"/admin/switches/{request_id}",
        {"decision": "reject", "decision_reason": "Bytet saknar skäl enligt villkoren."},
    )
    assert response.status_code == 302
    request = load(app, SwitchRequest, request_id)
    assert request.status == "rejected"
    assert request.decision_reason == "Bytet saknar skäl enligt villkoren."
    assert len(history_of(app, invitation_id)) == 1
    assert audit_events(app, "choice.switch_reject")[-1].entity_id == request_id

    # A second decision, from a page left open, changes nothing.
    again = caseworker.post(f"/admin/switches/{request_id}", {"decision": "approve"})
    page = parse_page(caseworker.get(again.headers["Location"]))
    assert "redan avgjord" in page.select_one("main .alert").get_text()
    assert load(app, SwitchRequest, request_id).status == "rejected"
    assert len(history_of(app, invitation_id)) == 1


def test_no_municipal_provider_leaves_the_invitation_waiting_and_flagged(
    app, caseworker, staff_client, time_machine
):
    invitation_id, _ = make_invitation(app, service="FORB-1", deadline=TODAY + timedelta(days=1))
    with app.app_context():
        session = get_session()
        authorization = session.exec(
            select(Authorization).where(
                Authorization.provider_id == provider_id(app, "jobbtorget"),
                Authorization.service_id == service_id(app, "FORB-1"),
            )
        ).one()
        authorization.valid_until = TODAY + timedelta(days=1)
        session.add(authorization)
        session.commit()
    client = later(time_machine, staff_client, days=3)
    row = list_rows(parse_page(client.get("/admin/choices")))[invitation_id]
    assert row["state"] == "waiting"
    assert row["flags"] == [
        "Sista dagen har passerat och ickevalsalternativet kunde inte tillämpas"
    ]


def test_caseworkers_may_and_visitors_may_not(staff_client, time_machine):
    time_machine.move_to(NOW, tick=False)
    caseworker = staff_client("caseworker")
    for url in ("/admin/choices", "/admin/choices/new", "/admin/choices.csv"):
        assert caseworker.get(url).status_code == 200, url
    anonymous = staff_client(None)
    response = anonymous.get("/admin/choices")
    assert response.status_code == 302
    assert "/admin/login" in response.headers["Location"]


def test_choice_pages_are_valid_html(app, caseworker):
    from tests import htmlcheck

    invitation_id, _ = make_invitation(app, locked=True)
    choose(app, invitation_id, "jarvalyftet")
    request_switch(app, invitation_id, "arbetslust-stockholm")
    make_invitation(app, decision_date=TODAY - timedelta(days=9), deadline=TODAY)
    pages = {
        "list": caseworker.get("/admin/choices"),
        "list with errors": caseworker.get("/admin/choices?state=bogus"),
        "new": caseworker.get("/admin/choices/new"),
        "new with errors": caseworker.post(
            "/admin/choices/new", invitation_form(deadline="22/12/2026", service="")
        ),
        "created": caseworker.post("/admin/choices/new", invitation_form(letter_lang="ar")),
        "invitation": caseworker.get(f"/admin/choices/{invitation_id}"),
        "invitation with errors": caseworker.post(
            f"/admin/choices/{invitation_id}/reopen", {"open_until": "x"}
        ),
    }
    documents = {}
    for name, response in pages.items():
        assert response.status_code == 200, name
        documents[name] = response.data
    errors = htmlcheck.validate(documents)
    assert not errors, "\n".join(errors)


def test_due_defaults_are_applied_with_a_fixed_number_of_statements(
    app, staff_client, time_machine, rollback
):
    def statements_for_first_list(how_many: int) -> int:
        time_machine.move_to(NOW, tick=False)
        for _ in range(how_many):
            make_invitation(app, deadline=TODAY + timedelta(days=1))
        client = later(time_machine, staff_client, days=2)
        with counted_statements(rollback) as statements:
            page = parse_page(client.get("/admin/choices?state=waiting"))
        assert not page.select("#invitations tbody tr"), "every due default was applied"
        # Reads only: SQLite's driver sends one INSERT per new row where PostgreSQL
        # sends one per table.
        return len([s for s in statements if s.lstrip().upper().startswith("SELECT")])

    assert statements_for_first_list(2) == statements_for_first_list(20)
