"""One invitation's page and the caseworker's actions on it: cancel, reopen, record, switch."""

import json
from datetime import timedelta

import pytest
from sqlmodel import select

from tests.conftest import parse_page
from tests.factories.choices import end_authorizations, stored_invitation
from tests.integration.web.admin.choices.conftest import (
    NOW,
    TODAY,
    audit_events,
    choose,
    current_choice_of,
    errors_of,
    history_of,
    invitation_form,
    later,
    list_rows,
    load,
    provider_id,
    request_switch,
)
from webapp.choices.models import ChoiceInvitation, SwitchRequest
from webapp.choices.queries import read_status
from webapp.core.clock import utc_now
from webapp.core.db import get_session
from webapp.staff.models import StaffUser


def test_invitation_page_shows_state_history_and_switch_requests(app, caseworker):
    invitation_id, _ = stored_invitation(app, case_reference="SN 7")
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
    invitation_id, code = stored_invitation(app)
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


def test_after_the_deadline_the_page_shows_the_default_and_changes_nothing(
    app, caseworker, staff_client, time_machine
):
    invitation_id, _ = stored_invitation(app, deadline=TODAY + timedelta(days=2))
    client = later(time_machine, staff_client, days=5)
    page = parse_page(client.get(f"/admin/choices/{invitation_id}"))
    assert page.find(id="choice-state")["data-state"] == "default_applied"
    assert "ickevalsalternativet Jobbtorget gäller" in page.find(id="unrecorded-default").text
    assert page.find(id="choice-history") is None
    assert history_of(app, invitation_id) == []
    assert audit_events(app, "choice.default") == []


def test_reopen_after_the_deadline_unlocks_the_code(app, caseworker, staff_client, time_machine):
    invitation_id, _ = stored_invitation(
        app,
        deadline=TODAY + timedelta(days=2),
        code_attempts=10,
        code_locked_until=utc_now() + timedelta(hours=1),
    )
    client = later(time_machine, staff_client, days=5)
    open_until = (TODAY + timedelta(days=12)).isoformat()
    response = client.post(f"/admin/choices/{invitation_id}/reopen", {"open_until": open_until})
    assert response.status_code == 302
    invitation = load(app, ChoiceInvitation, invitation_id)
    assert invitation.reopened_until.isoformat() == open_until
    assert (invitation.code_locked_until, invitation.code_attempts) == (None, 0)
    with app.app_context():
        status = read_status(get_session(), invitation=invitation, today=TODAY + timedelta(days=5))
        assert status.can_choose
    [event] = audit_events(app, "choice.reopen")
    assert event.before["code_locked_until"] is not None
    assert event.after["code_locked_until"] is None
    # The default that had fallen due is in the history first, with its own event.
    assert [choice.kind for choice in history_of(app, invitation_id)] == ["default"]
    [default] = audit_events(app, "choice.default")
    assert default.entity_id == invitation_id and default.id < event.id


def test_recording_after_the_deadline_keeps_the_default_in_the_history(
    app, caseworker, staff_client, time_machine
):
    invitation_id, _ = stored_invitation(app, deadline=TODAY + timedelta(days=2))
    client = later(time_machine, staff_client, days=5)
    jarva = provider_id(app, "jarvalyftet")
    response = client.post(f"/admin/choices/{invitation_id}/record", {"provider_id": jarva})
    assert response.status_code == 302
    assert [c.kind for c in history_of(app, invitation_id)] == ["default", "client"]
    assert [e.entity_id for e in audit_events(app, "choice.default")] == [invitation_id]
    assert [e.entity_id for e in audit_events(app, "choice.record")] == [invitation_id]


@pytest.mark.parametrize(
    ("open_until", "message"),
    [
        ("", "Skriv till och med vilken dag valet ska vara öppet."),
        ((TODAY - timedelta(days=1)).isoformat(), "Dagen kan inte vara tidigare än i dag."),
        ("i morgon", "Skriv datumet som ÅÅÅÅ-MM-DD"),
    ],
)
def test_reopen_needs_a_day_from_today(app, caseworker, open_until, message):
    invitation_id, _ = stored_invitation(app)
    response = caseworker.post(f"/admin/choices/{invitation_id}/reopen", {"open_until": open_until})
    assert response.status_code == 200
    page = parse_page(response)
    assert message in errors_of(page)["open_until"]
    assert page.find(id="open_until")["value"] == open_until
    assert load(app, ChoiceInvitation, invitation_id).reopened_until is None


def test_cancelled_invitation_cannot_be_reopened_or_chosen_for(app, caseworker):
    invitation_id, _ = stored_invitation(app, cancelled_at=NOW)
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
    invitation_id, _ = stored_invitation(app)
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
    invitation_id, _ = stored_invitation(app)
    value = provider_id(app, slug) if slug else ""
    response = caseworker.post(f"/admin/choices/{invitation_id}/record", {"provider_id": value})
    assert response.status_code == 200
    assert message in errors_of(parse_page(response))["provider_id"]
    assert current_choice_of(app, invitation_id) is None


def test_record_refuses_the_provider_already_chosen(app, caseworker):
    invitation_id, _ = stored_invitation(app)
    choose(app, invitation_id, "jarvalyftet")
    response = caseworker.post(
        f"/admin/choices/{invitation_id}/record",
        {"provider_id": provider_id(app, "jarvalyftet")},
    )
    assert "redan det gällande valet" in errors_of(parse_page(response))["provider_id"]
    assert len(history_of(app, invitation_id)) == 1


def test_approving_a_switch_records_a_new_choice_and_keeps_the_old(app, caseworker):
    invitation_id, _ = stored_invitation(app)
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
    invitation_id, _ = stored_invitation(app)
    choose(app, invitation_id, "jarvalyftet")
    request_id = request_switch(app, invitation_id, "linjen-rekrytering")
    response = caseworker.post(f"/admin/switches/{request_id}", {"decision": "approve"})
    assert response.status_code == 200
    assert "inte längre auktoriserad" in parse_page(response).select_one(".error-summary").text
    assert load(app, SwitchRequest, request_id).status == "pending"
    assert len(history_of(app, invitation_id)) == 1


def test_rejecting_a_switch_needs_a_reason(app, caseworker):
    invitation_id, _ = stored_invitation(app)
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
    invitation_id, _ = stored_invitation(app, service="FORB-1", deadline=TODAY + timedelta(days=1))
    with app.app_context():
        end_authorizations(
            get_session(),
            provider="jobbtorget",
            service="FORB-1",
            valid_until=TODAY + timedelta(days=1),
        )
        get_session().commit()
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

    invitation_id, _ = stored_invitation(
        app, code_attempts=10, code_locked_until=utc_now() + timedelta(hours=1)
    )
    choose(app, invitation_id, "jarvalyftet")
    request_switch(app, invitation_id, "arbetslust-stockholm")
    stored_invitation(app, decision_date=TODAY - timedelta(days=9), deadline=TODAY)
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
        "new code": caseworker.post(
            f"/admin/choices/{invitation_id}/new-code", {"submission": "html-check"}
        ),
    }
    documents = {}
    for name, response in pages.items():
        assert response.status_code == 200, name
        documents[name] = response.data
    errors = htmlcheck.validate(documents)
    assert not errors, "\n".join(errors)
