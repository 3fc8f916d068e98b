"""Reading invitations on a real database: lookups, an invitation's state and its pages."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func
from sqlmodel import select

from tests.factories.choices import (
    end_authorizations,
    make_choice,
    make_invitation,
    make_switch_request,
    provider_id,
    service_id,
)
from tests.integration.choices.conftest import TODAY, invitation_on
from webapp.choices import queries
from webapp.choices.models import Choice, ChoiceInvitation, SwitchRequest
from webapp.choices.state import ChoiceState
from webapp.staff.models import StaffUser

pytestmark = pytest.mark.usefixtures("today")


def row_counts(session) -> tuple[int, int, int]:
    return tuple(
        session.exec(select(func.count()).select_from(model)).one()
        for model in (ChoiceInvitation, Choice, SwitchRequest)
    )


@pytest.mark.parametrize("typed", ["{code}", "{lower}", " {spaced} "])
def test_an_invitation_is_found_by_its_code_however_typed(app, session, typed):
    invitation, code = make_invitation(session)
    entered = typed.format(code=code, lower=code.lower(), spaced=code.replace("-", " "))
    key = app.config["CHOICE_CODE_KEY"]
    assert queries.find_invitation_by_code(session, code=entered, key=key) == invitation


@pytest.mark.parametrize("typed", ["", "ABCD-EFGH", "AAAA-BBBB-CCCC"])
def test_malformed_and_unknown_codes_find_nothing(app, session, typed):
    make_invitation(session)
    key = app.config["CHOICE_CODE_KEY"]
    assert queries.find_invitation_by_code(session, code=typed, key=key) is None


def test_lookups_by_id(session):
    invitation = invitation_on(session)
    make_choice(session, invitation)
    switch = make_switch_request(session, invitation)
    assert queries.get_invitation(session, invitation_id=invitation.id) == invitation
    assert queries.get_invitation(session, invitation_id=999_999) is None
    assert queries.get_switch_request(session, request_id=switch.id) == switch
    service = queries.get_service(session, service_id=invitation.service_id)
    assert service.code == "MATCH-1" and service.scheme.code and service.translations
    contact = queries.get_provider_contact(session, provider_id=provider_id(session, "jobbtorget"))
    assert contact.offices and contact.name == "Jobbtorget"
    assert queries.get_provider_contact(session, provider_id=None) is None


def test_authorization_and_the_default_provider_on_a_day(session):
    match = service_id(session, "MATCH-1")
    linjen = provider_id(session, "linjen-rekrytering")
    assert queries.is_authorized(
        session, provider_id=linjen, service_id=match, day=date(2024, 6, 1)
    )
    assert not queries.is_authorized(session, provider_id=linjen, service_id=match, day=TODAY)
    default = queries.find_default_provider(session, service_id=match, day=TODAY)
    assert default.slug == "jobbtorget"
    end_authorizations(session, provider="jobbtorget", service="MATCH-1", valid_until=TODAY)
    assert queries.find_default_provider(session, service_id=match, day=TODAY) is None


def test_providers_for_a_service_are_those_authorized_that_day(session):
    found = queries.list_providers_for_service(
        session, service_id=service_id(session, "MATCH-1"), day=TODAY
    )
    names = [provider.name for provider in found]
    assert "Järvalyftet AB" in names and "Linjen Rekrytering AB" not in names
    choosable = queries.find_choosable_provider
    match = service_id(session, "MATCH-1")
    assert choosable(session, slug="jarvalyftet", service_id=match, day=TODAY).slug == "jarvalyftet"
    for slug in ("linjen-rekrytering", "oppna-vagar", "no-such-provider", ""):
        assert choosable(session, slug=slug, service_id=match, day=TODAY) is None


def test_current_choice_token_and_latest_switch_request(session):
    invitation = invitation_on(session)
    make_choice(session, invitation, provider="jobbtorget", confirm_token="first-form")
    second = make_choice(session, invitation, provider="jarvalyftet")
    assert queries.find_current_choice(session, invitation_id=invitation.id) == second
    found = queries.find_choice_by_token(session, invitation_id=invitation.id, token="first-form")
    assert found.provider_id == provider_id(session, "jobbtorget")
    assert queries.find_latest_switch_request(session, invitation_id=invitation.id) is None
    make_switch_request(session, invitation, status="rejected")
    latest = make_switch_request(session, invitation, provider="jobbtorget")
    assert queries.find_latest_switch_request(session, invitation_id=invitation.id) == latest


def test_reading_a_status_after_the_deadline_shows_the_default_and_writes_nothing(session):
    invitation = invitation_on(session, deadline_in=-1)
    before = row_counts(session)
    status = queries.read_status(session, invitation=invitation, today=TODAY)
    assert status.state is ChoiceState.DEFAULT_APPLIED and status.unrecorded_default
    assert status.provider_id == provider_id(session, "jobbtorget")
    page = queries.read_choice_page(session, invitation=invitation, today=TODAY)
    assert page.current_provider.slug == "jobbtorget"
    assert page.can_request_switch and page.change_until is None
    assert row_counts(session) == before
    assert not session.new and not session.dirty


def test_the_clients_page_while_the_choice_is_open(session):
    invitation = invitation_on(session)
    make_choice(session, invitation, provider="jarvalyftet")
    switch = make_switch_request(session, invitation, status="rejected")
    page = queries.read_choice_page(session, invitation=invitation, today=TODAY)
    assert page.status.state is ChoiceState.CHOSEN
    assert page.current_provider.slug == "jarvalyftet"
    assert (page.switch, page.switch_provider.slug) == (switch, "arbetslust-stockholm")
    assert not page.can_request_switch
    assert page.change_until == invitation.deadline


def test_the_caseworkers_page_of_an_invitation(session, staff):
    creator, recorder = (
        session.exec(select(StaffUser).where(StaffUser.email == staff[role])).one()
        for role in ("admin", "caseworker")
    )
    invitation = invitation_on(session, deadline_in=-1, created_by=creator.id)
    make_choice(
        session, invitation, provider="jarvalyftet", chosen_at=datetime(2026, 11, 1, tzinfo=UTC)
    )
    make_choice(session, invitation, provider="jobbtorget", recorded_by=recorder.id)
    make_switch_request(session, invitation, decided_by=creator.id, status="rejected")
    page = queries.read_invitation_page(session, invitation=invitation, today=TODAY)
    assert page.created_by == creator.email
    assert page.provider.slug == "jobbtorget" and page.status.state is ChoiceState.CHOSEN
    assert [entry.provider.slug for entry in page.history] == ["jarvalyftet", "jobbtorget"]
    assert [entry.recorded_by for entry in page.history] == ["", recorder.email]
    [entry] = page.switches
    assert (entry.provider.slug, entry.decided_by) == ("arbetslust-stockholm", creator.email)
    assert "Järvalyftet AB" in [provider.name for provider in page.providers]
    assert (
        queries.read_invitation_page(
            session, invitation=invitation_on(session), today=TODAY
        ).created_by
        == ""
    )


def test_due_invitations_in_batches_by_id(session):
    due = [invitation_on(session, deadline_in=-1) for _ in range(3)]
    invitation_on(session)  # not due
    make_choice(session, invitation_on(session, deadline_in=-1))  # chosen
    ids = [i.id for i in queries.list_due_invitations(session, today=TODAY)]
    assert [i for i in ids if i >= due[0].id] == [i.id for i in due]
    after = queries.list_due_invitations(session, today=TODAY, after_id=due[0].id, limit=1)
    assert [i.id for i in after] == [due[1].id]


def test_providers_with_new_choices_since_a_day(session):
    old = invitation_on(session)
    make_choice(
        session,
        old,
        provider="arbetslust-stockholm",
        chosen_at=datetime(2026, 1, 15, 9, tzinfo=UTC),
    )
    recent = invitation_on(session)
    make_choice(session, recent, provider="jarvalyftet")
    # A later switch retires the client's choice; both still count as new customers.
    make_choice(session, recent, provider="jobbtorget", kind="switch")
    found = queries.provider_ids_with_new_choices_since(session, since=date(2026, 6, 1))
    assert provider_id(session, "jarvalyftet") in found
    assert provider_id(session, "jobbtorget") in found
    assert provider_id(session, "arbetslust-stockholm") not in found
    assert provider_id(session, "arbetslust-stockholm") in (
        queries.provider_ids_with_new_choices_since(session, since=date(2026, 1, 15))
    )
