"""Switch requests that reach a person, new windows when a provider goes, notice addresses."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from tests.factories.choices import (
    end_authorizations,
    make_choice,
    make_switch_request,
    provider_id,
    service_id,
)
from tests.factories.follow_up import make_displacement, make_notice_address
from tests.factories.staff import staff_account
from tests.integration.choices.conftest import TODAY, actions_of, invitation_on, refusal_of
from webapp.choices import actions, displacement, notices
from webapp.choices.follow_up_jobs import run_follow_up
from webapp.choices.models import Displacement, NoticeAddress, SwitchRequest
from webapp.choices.queries import read_choice_page
from webapp.choices.rules import Refusal
from webapp.choices.switching import list_pending_switch_requests
from webapp.core.outbox import OutboxMessage
from webapp.staff.models import AuditEvent


def outbox(session) -> list[OutboxMessage]:
    return list(session.exec(select(OutboxMessage).order_by(OutboxMessage.id)))


def fixed_choice(session, provider="jarvalyftet", **fields):
    """An invitation whose last day has passed, with a provider chosen."""
    invitation = invitation_on(session, deadline_in=-5, **fields)
    make_choice(session, invitation, provider=provider)
    return invitation


# --- Switch requests ---------------------------------------------------------------------


def test_a_switch_request_e_mails_its_creator_and_the_team(app, session, today, mail_server):
    app.config["CHOICE_TEAM_EMAIL"] = "kundval-team@kommun.example"
    creator = staff_account(session, email="skapare@kommun.example", role="caseworker")
    invitation = fixed_choice(session, created_by=creator.id, case_reference="SN 77")
    actions.request_switch(
        session,
        invitation,
        provider_id=provider_id(session, "jobbtorget"),
        reason="Jag har flyttat till Farsta.",
        today=today,
    )
    queued = outbox(session)
    assert [m.recipient for m in queued] == [
        "skapare@kommun.example",
        "kundval-team@kommun.example",
    ]
    message = queued[0]
    assert message.kind == "switch_requested" and message.lang == "sv"
    assert f"/admin/choices/{invitation.id}" in message.body
    # Neither the client's words nor the case reference go by e-mail.
    assert "Farsta" not in message.body and "SN 77" not in message.body
    assert str(invitation.id) in message.subject


def test_no_e_mail_is_queued_while_e_mail_is_off(app, session, today):
    creator = staff_account(session, email="skapare@kommun.example", role="caseworker")
    invitation = fixed_choice(session, created_by=creator.id)
    actions.request_switch(
        session, invitation, provider_id=provider_id(session, "jobbtorget"), reason="x", today=today
    )
    assert outbox(session) == []


def test_a_second_pending_request_is_refused_and_stores_nothing(session, today):
    invitation = fixed_choice(session)
    make_switch_request(session, invitation, provider="jobbtorget")
    reason = refusal_of(
        lambda: actions.request_switch(
            session,
            invitation,
            provider_id=provider_id(session, "arbetslust-stockholm"),
            reason="x",
            today=today,
        )
    )
    assert reason is Refusal.SWITCH_PENDING
    statement = select(SwitchRequest).where(SwitchRequest.invitation_id == invitation.id)
    assert len(session.exec(statement).all()) == 1


def test_the_database_keeps_one_pending_request_per_invitation(session, today):
    invitation = fixed_choice(session)
    make_switch_request(session, invitation, provider="jobbtorget")
    with pytest.raises(Exception, match=r"(?i)unique"):
        make_switch_request(session, invitation, provider="arbetslust-stockholm")


def test_the_dashboard_lists_pending_requests_oldest_first_with_their_age(session, today):
    older, newer, decided = (fixed_choice(session, case_reference=r) for r in ("A", "B", "C"))
    make_switch_request(
        session, newer, provider="jobbtorget", requested_at=datetime(2026, 11, 21, 9, tzinfo=UTC)
    )
    make_switch_request(
        session, older, provider="jobbtorget", requested_at=datetime(2026, 11, 12, 9, tzinfo=UTC)
    )
    make_switch_request(session, decided, provider="jobbtorget", status="rejected")
    listed = [
        item
        for item in list_pending_switch_requests(session, today=today)
        if item.case_reference in ("A", "B", "C")
    ]
    assert [(item.case_reference, item.age_days) for item in listed] == [("A", 10), ("B", 1)]
    assert listed[0].provider_name == "Jobbtorget"


def test_a_refusal_tells_the_client_by_e_mail_without_the_reason(session, today, mail_server):
    invitation = fixed_choice(session)
    make_notice_address(session, invitation, email="klient@example.org", lang="so")
    switch = make_switch_request(session, invitation, provider="jobbtorget")
    actions.decide_switch(
        session,
        invitation,
        switch,
        approve=False,
        reason="Du bor närmare din nuvarande anordnare.",
        today=today,
        decided_by=None,
    )
    [message] = outbox(session)
    assert message.recipient == "klient@example.org"
    assert (message.kind, message.lang) == ("switch_rejected", "so")
    assert "/so/choose" in message.body
    assert "närmare" not in message.body


def test_the_clients_page_shows_the_refusal_with_its_reason_and_review_day(session, today):
    invitation = fixed_choice(session)
    switch = make_switch_request(session, invitation, provider="jobbtorget")
    actions.decide_switch(
        session,
        invitation,
        switch,
        approve=False,
        reason="Inga skäl enligt villkoren.",
        today=today,
        decided_by=None,
    )
    outcome = read_choice_page(session, invitation=invitation, today=today).follow_up.switch
    assert outcome.status == "rejected" and outcome.provider_name == "Jobbtorget"
    assert outcome.reason == "Inga skäl enligt villkoren."
    assert outcome.decided_on == TODAY
    assert outcome.review_by == TODAY + timedelta(days=21)


# --- A provider goes ---------------------------------------------------------------------


def open_windows(session, today, provider="jarvalyftet", effective=None, services=("MATCH-1",)):
    return displacement.open_new_choice_windows(
        session,
        provider_id=provider_id(session, provider),
        service_ids=[service_id(session, code) for code in services],
        effective_date=effective or today,
        decided_by=None,
        today=today,
    )


def test_every_affected_client_gets_a_new_window_and_no_one_else(session, today):
    current = fixed_choice(session)  # the service is under way with the provider
    pending_start = invitation_on(session, deadline_in=5)
    make_choice(session, pending_start, provider="jarvalyftet")
    switching = fixed_choice(session, provider="arbetslust-stockholm")
    make_switch_request(session, switching, provider="jarvalyftet")
    other = fixed_choice(session, provider="arbetslust-stockholm")
    cancelled = fixed_choice(session, cancelled_at=datetime(2026, 11, 1, tzinfo=UTC))
    other_service = fixed_choice(session, service="INTRO-1")

    affected = displacement.list_affected_invitations(
        session,
        provider_id=provider_id(session, "jarvalyftet"),
        service_ids=[service_id(session, "MATCH-1")],
        today=today,
    )
    reasons = {item.invitation.id: item.reason for item in affected}
    assert reasons == {
        current.id: "current",
        pending_start.id: "pending_start",
        switching.id: "switch",
    }

    made = open_windows(session, today, effective=TODAY + timedelta(days=30))
    assert {d.invitation_id for d in made} == set(reasons)
    new_deadline = TODAY + timedelta(days=30 + 14)
    assert {d.deadline for d in made} == {new_deadline}
    for invitation in (current, pending_start, switching):
        session.refresh(invitation)
        assert invitation.reopened_until == new_deadline
        assert "choice.window_open" in actions_of(session, invitation.id)
    for untouched in (other, cancelled, other_service):
        session.refresh(untouched)
        assert untouched.reopened_until is None
    # The pending switch to the provider that goes is withdrawn, on the record.
    request = session.exec(
        select(SwitchRequest).where(SwitchRequest.invitation_id == switching.id)
    ).one()
    assert request.status == "withdrawn"
    withdrawn = session.exec(
        select(AuditEvent).where(AuditEvent.action == "choice.switch_withdraw")
    ).all()
    assert [event.entity_id for event in withdrawn] == [request.id]


def test_a_scheduled_de_authorization_lets_the_client_choose_at_once(session, today):
    invitation = fixed_choice(session)
    page = read_choice_page(session, invitation=invitation, today=today)
    assert not page.status.can_choose
    open_windows(session, today, effective=TODAY + timedelta(days=30))
    page = read_choice_page(session, invitation=invitation, today=today)
    assert page.status.can_choose
    gone = page.follow_up.provider_gone
    assert gone.provider_name == "Järvalyftet AB" and not gone.gone
    assert gone.deadline == TODAY + timedelta(days=44)
    assert gone.default_name == "Jobbtorget" and not gone.keeps_current


def test_when_the_municipal_provider_goes_the_caseworker_settles_the_default(session, today):
    invitation = fixed_choice(session, provider="jobbtorget")
    open_windows(session, today, provider="jobbtorget")
    gone = read_choice_page(session, invitation=invitation, today=today).follow_up.provider_gone
    assert gone.provider_name == "Jobbtorget" and gone.default_name == ""


def test_clients_who_left_an_address_are_told_in_their_language(session, today, mail_server):
    invitation = fixed_choice(session)
    make_notice_address(session, invitation, email="klient@example.org", lang="ar")
    open_windows(session, today, effective=TODAY + timedelta(days=7))
    [message] = outbox(session)
    assert (message.kind, message.lang, message.invitation_id) == (
        "provider_gone",
        "ar",
        invitation.id,
    )
    assert "Järvalyftet" in message.body and "/ar/choose" in message.body


def test_after_the_window_the_default_is_recorded_by_the_daily_job(app, session, on):
    on(TODAY)
    invitation = fixed_choice(session)
    open_windows(session, TODAY)
    end_authorizations(session, provider="jarvalyftet", valid_until=TODAY, service="MATCH-1")
    day = on(TODAY + timedelta(days=15))  # the day after the new last day
    report = run_follow_up(session, today=day)
    assert report.defaults == 1
    page = read_choice_page(session, invitation=invitation, today=day)
    assert page.status.current.kind == "default"
    assert page.current_provider.slug == "jobbtorget"
    assert page.follow_up.provider_gone is None
    # Running it again changes nothing.
    assert run_follow_up(session, today=day).defaults == 0


def test_a_client_who_chose_again_keeps_the_new_choice(session, on):
    on(TODAY)
    invitation = fixed_choice(session)
    open_windows(session, TODAY)
    make_choice(session, invitation, provider="arbetslust-stockholm")
    end_authorizations(session, provider="jarvalyftet", valid_until=TODAY, service="MATCH-1")
    day = on(TODAY + timedelta(days=15))
    assert displacement.list_window_defaults_due(session, today=day) == []


# --- The window default: Python and SQL agree --------------------------------------------


@pytest.mark.parametrize("cancelled", [False, True])
@pytest.mark.parametrize("past", [False, True])
@pytest.mark.parametrize("current", [None, "jarvalyftet", "arbetslust-stockholm"])
@pytest.mark.parametrize("still_authorized", [False, True])
def test_the_window_default_rule_agrees_in_python_and_sql(
    session, today, cancelled, past, current, still_authorized
):
    invitation = invitation_on(
        session,
        deadline_in=-30,
        cancelled_at=datetime(2026, 11, 1, tzinfo=UTC) if cancelled else None,
    )
    choice = current and make_choice(session, invitation, provider=current)
    window = make_displacement(
        session, invitation, deadline=TODAY + timedelta(days=-1 if past else 0)
    )
    if not still_authorized:
        end_authorizations(session, provider="jarvalyftet", valid_until=TODAY, service="MATCH-1")
    page = read_choice_page(session, invitation=invitation, today=today)
    in_python = displacement.window_default_due(
        invitation,
        window,
        current=choice or None,
        current_authorized=not page.status.provider_deauthorized,
        today=today,
    )
    in_sql = any(
        found.id == invitation.id
        for found, _window in displacement.list_window_defaults_due(session, today=today)
    )
    assert in_python == in_sql
    expected = not cancelled and past and current == "jarvalyftet" and not still_authorized
    assert in_python == expected


# --- Notice addresses --------------------------------------------------------------------


def test_an_address_is_kept_once_and_erased_on_request(session, today):
    invitation = invitation_on(session)
    notices.save_notice_address(session, invitation, email=" klient@example.org ", lang="uk")
    notices.save_notice_address(session, invitation, email="klient@example.org", lang="uk")
    kept = session.exec(select(NoticeAddress)).all()
    assert [(a.email, a.lang) for a in kept] == [("klient@example.org", "uk")]
    assert actions_of(session, invitation.id) == ["choice.notice_consent"]
    assert notices.erase_notice_address(session, invitation, why="client")
    assert session.exec(select(NoticeAddress)).all() == []
    events = session.exec(select(AuditEvent).where(AuditEvent.action.like("choice.notice%"))).all()
    assert all("klient@" not in str(event.after) for event in events)


def test_a_garbled_address_stores_nothing(session, today):
    invitation = invitation_on(session)
    with pytest.raises(ValueError):
        notices.save_notice_address(session, invitation, email="klient@", lang="sv")
    assert session.exec(select(NoticeAddress)).all() == []


def test_the_daily_job_erases_addresses_of_closed_invitations(app, session, today, mail_server):
    app.config["NOTICE_KEEP_DAYS"] = 30
    kept = invitation_on(session, deadline_in=-30)
    old = invitation_on(session, deadline_in=-31)
    cancelled = invitation_on(session, cancelled_at=datetime(2026, 11, 20, tzinfo=UTC))
    for invitation in (kept, old, cancelled):
        make_notice_address(session, invitation)
    make_choice(session, cancelled, provider="jarvalyftet")
    make_displacement(session, cancelled)
    # A notice queued to the cancelled invitation's client goes unsent.
    notices.notify_client(
        session,
        cancelled,
        kind="provider_gone",
        provider_name="Järvalyftet",
        effective_date=TODAY,
        deadline=TODAY,
        default_name="",
        keeps_current=False,
    )
    report = run_follow_up(session, today=TODAY)
    assert report.erased == 2
    left = session.exec(select(NoticeAddress.invitation_id)).all()
    assert left == [kept.id]
    [message] = outbox(session)
    assert (message.recipient, message.body, message.sent_at) == ("", "", None)
    assert message.failed_at is not None
    assert session.exec(select(Displacement)).first() is not None
