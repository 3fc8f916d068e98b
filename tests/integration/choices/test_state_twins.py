"""The state rules in Python and their SQL twins agree, on a real database, over every case.

Each case is an invitation built from one combination of the facts the rules
read: cancelled or not, the deadline and a reopened day before, on or after
today, the current choice (none, the client's, the default, a switch), a pending
switch request, a default provider for the service or none, and the current
provider still authorized or not.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import product

import pytest
from sqlmodel import select

from tests.conftest import rolled_back
from tests.factories.choices import (
    end_authorizations,
    make_choice,
    make_invitation,
    make_switch_request,
    provider_id,
)
from webapp.choices.listing import ChoiceFilters, list_invitation_rows
from webapp.choices.models import ChoiceInvitation
from webapp.choices.queries import list_due_invitations, read_status
from webapp.choices.state import (
    ChoiceState,
    InvitationStatus,
    default_due_clause,
    default_is_due,
    describe_invitation,
    past_last_day,
    past_last_day_clause,
    standing_default_clause,
    standing_provider_id,
    state_clause,
    with_current_choice,
)
from webapp.core.db import get_session

TODAY = date(2026, 11, 22)
DAYS = (-1, 0, 1)  # before, on and after today
# Per service: a provider authorized today and one that no longer is. MATCH-2 loses
# its default provider in these tests; MATCH-1 keeps it.
PROVIDERS = {
    ("MATCH-1", True): "jarvalyftet",
    ("MATCH-2", True): "arbetslust-stockholm",
    ("MATCH-1", False): "linjen-rekrytering",
    ("MATCH-2", False): "linjen-rekrytering",
}


@dataclass
class Case:
    """One invitation, with what Python says about it from the facts it was built from."""

    invitation: ChoiceInvitation
    status: InvitationStatus
    due: bool
    past: bool


def day(offset: int | None) -> date | None:
    return None if offset is None else TODAY + timedelta(days=offset)


def build_case(session, municipal: int, facts) -> Case:
    cancelled, deadline, reopened, kind, switch, service, authorized = facts
    invitation, _code = make_invitation(
        session,
        service=service,
        decision_date=date(2026, 10, 1),
        deadline=day(deadline),
        reopened_until=day(reopened),
        cancelled_at=datetime(2026, 11, 1, tzinfo=UTC) if cancelled else None,
    )
    current = kind and make_choice(
        session, invitation, provider=PROVIDERS[service, authorized], kind=kind
    )
    request = make_switch_request(session, invitation, provider="jobbtorget") if switch else None
    status = describe_invitation(
        invitation,
        current=current,
        switch=request,
        current_authorized=authorized,
        default_provider=municipal if service == "MATCH-1" else None,
        today=TODAY,
    )
    return Case(
        invitation=invitation,
        status=status,
        due=default_is_due(invitation, current=current, today=TODAY),
        past=past_last_day(invitation, TODAY),
    )


@pytest.fixture(scope="module")
def session(app):
    """One rolled-back transaction for the whole module: the cases are built once."""
    with rolled_back(app), app.app_context():
        yield get_session()


@pytest.fixture(scope="module")
def cases(session) -> dict[int, Case]:
    """Every combination of the facts, as invitations; returns them by id."""
    end_authorizations(session, provider="jobbtorget", service="MATCH-2", valid_until=TODAY)
    municipal = provider_id(session, "jobbtorget")
    combinations = product(
        (False, True),  # cancelled
        DAYS,  # deadline
        (None, *DAYS),  # reopened until
        (None, "client", "default", "switch"),  # the current choice
        (False, True),  # a pending switch request
        ("MATCH-1", "MATCH-2"),  # with a default provider, without
        (True, False),  # the current provider authorized today
    )
    built = [
        build_case(session, municipal, facts)
        for facts in combinations
        if facts[3] is not None or facts[6]  # no current choice: authorized means nothing
    ]
    return {case.invitation.id: case for case in built}


def ids_where(session, cases, *conditions) -> set[int]:
    statement = with_current_choice(select(ChoiceInvitation.id)).where(
        ChoiceInvitation.id.in_(cases), *conditions
    )
    return set(session.exec(statement))


def test_there_is_a_case_for_every_state(cases):
    assert {case.status.state for case in cases.values()} == set(ChoiceState)
    assert any(case.status.unrecorded_default for case in cases.values())
    assert any(case.status.default_missing for case in cases.values())


@pytest.mark.parametrize("state", list(ChoiceState))
def test_state_in_sql_agrees_with_describe_invitation(session, cases, state):
    expected = {id_ for id_, case in cases.items() if case.status.state is state}
    assert ids_where(session, cases, state_clause(state, TODAY)) == expected


def test_standing_provider_and_how_it_stands_agree(session, cases):
    statement = with_current_choice(
        select(ChoiceInvitation.id, standing_provider_id(TODAY), standing_default_clause())
    ).where(ChoiceInvitation.id.in_(cases))
    found = {id_: (provider, bool(default)) for id_, provider, default in session.exec(statement)}
    expected = {
        id_: (case.status.provider_id, case.status.kind == "default") for id_, case in cases.items()
    }
    # How a provider stands means something only where one stands.
    assert {id_: value[0] for id_, value in found.items()} == {
        id_: value[0] for id_, value in expected.items()
    }
    standing = [id_ for id_, value in expected.items() if value[0] is not None]
    assert [found[id_][1] for id_ in standing] == [expected[id_][1] for id_ in standing]


def test_default_due_and_past_the_last_day_agree(session, cases):
    assert ids_where(session, cases, default_due_clause(TODAY)) == {
        id_ for id_, case in cases.items() if case.due
    }
    assert ids_where(session, cases, past_last_day_clause(TODAY)) == {
        id_ for id_, case in cases.items() if case.past
    }
    due = {invitation.id for invitation in list_due_invitations(session, today=TODAY)}
    assert due & cases.keys() == {id_ for id_, case in cases.items() if case.due}


def test_queries_describe_each_invitation_as_python_does(session, cases):
    rows = list_invitation_rows(session, filters=ChoiceFilters(), today=TODAY)
    listed = {row.invitation.id: row for row in rows if row.invitation.id in cases}
    assert listed.keys() == cases.keys()
    for id_, case in cases.items():
        comparable = (case.status.state, case.status.provider_id, case.status.kind)
        row = listed[id_]
        assert (row.status.state, row.status.provider_id, row.status.kind) == comparable
        assert (row.provider.id if row.provider else None) == case.status.provider_id
        assert row.status == case.status
    sample = list(cases.values())[::37]
    for case in sample:
        assert read_status(session, invitation=case.invitation, today=TODAY) == case.status
