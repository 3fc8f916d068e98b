"""The caseworkers' list of invitations on a real database: filters, rows, counts, pages."""

from datetime import UTC, datetime, timedelta

import pytest

from tests.factories.choices import (
    end_authorizations,
    make_choice,
    make_invitation,
    make_switch_request,
    provider_id,
    service_id,
)
from tests.integration.choices.conftest import TODAY
from webapp.choices.listing import (
    ChoiceFilters,
    count_current_choices_by_provider,
    count_invitations,
    list_invitation_rows,
    list_provider_names,
    read_invitation_list,
)
from webapp.choices.state import ChoiceState


@pytest.fixture
def invitations(session, today) -> dict[str, int]:
    """One invitation in each state, a default not recorded yet, and one without a default."""
    end_authorizations(session, provider="jobbtorget", service="FORB-1", valid_until=TODAY)

    def invite(service="MATCH-1", deadline_in=14, **fields):
        invitation, _code = make_invitation(
            session,
            service=service,
            decision_date=TODAY - timedelta(days=20),
            deadline=TODAY + timedelta(days=deadline_in),
            **fields,
        )
        return invitation

    made = {
        "waiting": invite(),
        "chosen": invite(service="MATCH-2"),
        "switch": invite(),
        "recorded default": invite(deadline_in=-5),
        "unrecorded default": invite(deadline_in=-1),
        "no default": invite(service="FORB-1", deadline_in=-1),
        "cancelled": invite(cancelled_at=datetime(2026, 11, 20, tzinfo=UTC)),
    }
    make_choice(session, made["chosen"], provider="arbetslust-stockholm")
    make_choice(session, made["switch"], provider="jarvalyftet")
    make_switch_request(session, made["switch"], provider="arbetslust-stockholm")
    make_choice(session, made["recorded default"], provider="jobbtorget", kind="default")
    make_choice(session, made["cancelled"], provider="jarvalyftet")
    return {name: invitation.id for name, invitation in made.items()}


def shown(session, invitations, **filters) -> set[str]:
    rows = list_invitation_rows(session, filters=ChoiceFilters(**filters), today=TODAY)
    by_id = {id_: name for name, id_ in invitations.items()}
    return {by_id[row.invitation.id] for row in rows if row.invitation.id in by_id}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, {"waiting", "chosen", "switch", "recorded default", "unrecorded default",
              "no default", "cancelled"}),
        ({"state": ChoiceState.WAITING}, {"waiting", "no default"}),
        ({"state": ChoiceState.CHOSEN}, {"chosen"}),
        ({"state": ChoiceState.SWITCH_REQUESTED}, {"switch"}),
        ({"state": ChoiceState.DEFAULT_APPLIED}, {"recorded default", "unrecorded default"}),
        ({"state": ChoiceState.CANCELLED}, {"cancelled"}),
        ({"deadline_passed": True}, {"recorded default", "unrecorded default", "no default"}),
        ({"state": ChoiceState.CHOSEN, "deadline_passed": True}, set()),
    ],
)  # fmt: skip
def test_filters(session, invitations, filters, expected):
    assert shown(session, invitations, **filters) == expected


def test_filters_by_service_and_by_the_provider_that_stands(session, invitations):
    assert shown(session, invitations, service_id=service_id(session, "MATCH-2")) == {"chosen"}
    jobbtorget = provider_id(session, "jobbtorget")
    assert shown(session, invitations, provider_id=jobbtorget) == {
        "recorded default",
        "unrecorded default",
    }


def test_rows_carry_the_state_and_the_provider_that_stands(session, invitations):
    rows = list_invitation_rows(session, filters=ChoiceFilters(), today=TODAY)
    by_id = {row.invitation.id: row for row in rows}
    unrecorded = by_id[invitations["unrecorded default"]]
    assert unrecorded.provider.slug == "jobbtorget" and unrecorded.status.unrecorded_default
    assert unrecorded.status.current is None and unrecorded.service_code == "MATCH-1"
    stuck = by_id[invitations["no default"]]
    assert stuck.provider is None and stuck.status.default_missing
    newest_first = [row.invitation.id for row in rows if row.invitation.id in by_id]
    assert newest_first == sorted(newest_first, reverse=True)


def test_counts_per_provider_include_defaults_not_yet_recorded(session, invitations):
    counts = {
        count.provider.slug: (count.chosen, count.defaulted, count.total)
        for count in count_current_choices_by_provider(
            session, filters=ChoiceFilters(), today=TODAY
        )
    }
    # Only the invitations made here exist in this transaction's choices.
    assert counts["jobbtorget"] == (0, 2, 2)
    assert counts["arbetslust-stockholm"] == (1, 0, 1)
    assert counts["jarvalyftet"] == (1, 0, 1)  # the cancelled one is not counted


def test_a_page_of_the_list(session, invitations):
    total = count_invitations(session, filters=ChoiceFilters(), today=TODAY)
    assert total >= len(invitations)
    listing = read_invitation_list(
        session, filters=ChoiceFilters(), today=TODAY, page=99, per_page=2
    )
    assert listing.total == total and listing.pages == (total + 1) // 2
    assert listing.page == listing.pages  # the nearest page that exists
    first = read_invitation_list(session, filters=ChoiceFilters(), today=TODAY, page=0, per_page=2)
    assert first.page == 1 and len(first.rows) == 2 and first.counts == listing.counts


def test_provider_names_for_the_filter(session):
    names = [provider.name for provider in list_provider_names(session)]
    assert "Linjen Rekrytering AB" in names and len(names) == len(set(names))
