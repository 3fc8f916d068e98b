"""The rules of follow-ups: outcome, state, dates, what a draft may hold, who may publish."""

from datetime import UTC, date, datetime

import pytest

from webapp.followups.models import Finding, FollowUp
from webapp.followups.rules import (
    Context,
    FindingDraft,
    FollowUpDraft,
    Found,
    Problem,
    Refusal,
    State,
    close_refusal,
    deadline_problem,
    find_problems,
    is_recent_sanction,
    months_before,
    overall_outcome,
    publish_refusal,
    state_of,
    withdraw_refusal,
)
from webapp.followups.vocab import VERDICTS

HELD = date(2026, 11, 2)
TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 12, tzinfo=UTC)


def follow_up(*verdicts, closed=False, published=False, recorded_by=7) -> FollowUp:
    """Return an unsaved follow-up with findings of these verdicts."""
    return FollowUp(
        provider_id=1,
        kind="site_visit",
        held_on=HELD,
        outcome=overall_outcome(verdicts),
        recorded_by=recorded_by,
        closed_at=NOW if closed else None,
        published_at=NOW if published else None,
        findings=[Finding(term_id=n, verdict=v) for n, v in enumerate(verdicts, start=1)],
    )


@pytest.mark.parametrize(
    ("verdicts", "expected"),
    [
        (["met"], "met"),
        (["met", "remark"], "remark"),
        (["remark", "demand", "met"], "demand"),
        (["demand", "warning"], "warning"),
        (["reduced_payment", "warning"], "reduced_payment"),
        (["met", "deauthorization_proposal", "demand"], "deauthorization_proposal"),
    ],
)
def test_the_outcome_is_the_most_severe_verdict(verdicts, expected):
    assert overall_outcome(verdicts) == expected


def test_every_verdict_has_a_place_in_the_order():
    assert [overall_outcome([v, "met"]) for v in VERDICTS] == list(VERDICTS)


@pytest.mark.parametrize(
    ("verdicts", "closed", "state"),
    [
        (["met"], False, State.NONE),
        (["warning", "met"], False, State.NONE),  # a sanction is decided: nothing to close
        (["remark"], False, State.OPEN),
        (["met", "demand"], False, State.OPEN),
        (["deauthorization_proposal"], False, State.OPEN),
        (["remark", "demand"], True, State.CLOSED),
    ],
)
def test_remarks_demands_and_proposals_stay_open_until_closed(verdicts, closed, state):
    assert state_of(follow_up(*verdicts, closed=closed)) is state


@pytest.mark.parametrize(
    ("verdict", "deadline", "expected"),
    [
        ("demand", date(2027, 1, 31), None),
        ("demand", None, Problem.DEADLINE_MISSING),
        ("demand", HELD, Problem.DEADLINE_BEFORE_HELD),
        ("demand", date(2026, 10, 1), Problem.DEADLINE_BEFORE_HELD),
        ("remark", date(2027, 1, 31), Problem.DEADLINE_NOT_FOR_VERDICT),
        ("warning", None, None),
    ],
)
def test_only_a_demand_has_a_deadline_after_the_follow_up(verdict, deadline, expected):
    assert deadline_problem(verdict, deadline, held_on=HELD) is expected


# Terms 11 and 12 are in the matching scheme (1), 21 in the preparatory one (2);
# the provider was authorized for services 101 (scheme 1) and 201 (scheme 2) that day.
CONTEXT = Context(
    today=TODAY, term_schemes={11: 1, 12: 1, 21: 2}, authorized_services={101: 1, 201: 2}
)


def draft(*findings, held_on=HELD, services=(101,)) -> FollowUpDraft:
    """Return a site visit on held_on covering some services, with findings."""
    return FollowUpDraft("site_visit", held_on, services, tuple(findings))


def test_a_site_visit_with_a_remark_and_a_demand_may_be_recorded():
    remark = FindingDraft(11, "remark", "Stängt en eftermiddag.")
    demand = FindingDraft(12, "demand", deadline=date(2027, 1, 31))
    assert find_problems(draft(remark, demand), CONTEXT) == []


def test_every_problem_is_found_at_once():
    found = find_problems(
        draft(
            FindingDraft(99, "met"),
            FindingDraft(21, "met"),
            FindingDraft(12, "demand"),
            held_on=date(2026, 11, 23),
            services=(101, 301),
        ),
        CONTEXT,
    )
    assert found == [
        Found(Problem.HELD_IN_FUTURE),
        Found(Problem.SERVICE_NOT_AUTHORIZED, 301),
        Found(Problem.UNKNOWN_TERM, 99),
        Found(Problem.TERM_OUTSIDE_SERVICES, 21),
        Found(Problem.DEADLINE_MISSING, 12),
    ]


def test_a_follow_up_checks_at_least_one_term():
    assert find_problems(draft(), CONTEXT) == [Found(Problem.NO_TERM_CHECKED)]


def test_a_follow_up_of_both_schemes_may_judge_both_schemes_terms():
    both = draft(FindingDraft(11, "met"), FindingDraft(21, "met"), services=(101, 201))
    assert find_problems(both, CONTEXT) == []


def test_today_is_not_the_future():
    assert find_problems(draft(FindingDraft(11, "met"), held_on=TODAY), CONTEXT) == []


def test_nobody_publishes_their_own_follow_up():
    recorded = follow_up("remark", recorded_by=7)
    assert publish_refusal(recorded, publisher_id=7) is Refusal.OWN_FOLLOW_UP
    assert publish_refusal(recorded, publisher_id=8) is None


def test_a_follow_up_is_published_once_and_withdrawn_only_when_published():
    published = follow_up("remark", published=True)
    assert publish_refusal(published, publisher_id=8) is Refusal.ALREADY_PUBLISHED
    assert withdraw_refusal(published) is None
    assert withdraw_refusal(follow_up("remark")) is Refusal.NOT_PUBLISHED


def test_only_an_open_follow_up_can_be_closed():
    assert close_refusal(follow_up("remark")) is None
    assert close_refusal(follow_up("remark", closed=True)) is Refusal.NOT_OPEN
    assert close_refusal(follow_up("met", "warning")) is Refusal.NOT_OPEN


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 11, 22), 24, date(2024, 11, 22)),
        (date(2026, 3, 31), 1, date(2026, 2, 28)),
        (date(2028, 2, 29), 24, date(2026, 2, 28)),
        (date(2026, 1, 15), 13, date(2024, 12, 15)),
    ],
)
def test_months_before(day, months, expected):
    assert months_before(day, months) == expected


def test_sanctions_count_for_24_months():
    assert is_recent_sanction(date(2024, 11, 23), today=TODAY)
    assert not is_recent_sanction(date(2024, 11, 22), today=TODAY)
