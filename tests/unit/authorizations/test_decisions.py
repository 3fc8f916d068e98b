"""What authorization decisions do to a provider's periods, without a database."""

from datetime import UTC, date, datetime

import pytest

from webapp.authorizations.decisions import (
    AUTHORIZE,
    DEAUTHORIZE,
    Decision,
    apply_plan,
    group_decisions,
    in_force_from,
    plan_authorization,
    plan_deauthorization,
    upcoming_by_service,
)
from webapp.authorizations.models import Authorization, AuthorizationEvent

MATCH, FORB, INTRO = 1, 2, 3


def period(service_id, start, until=None, reason=None) -> Authorization:
    """An authorization period for provider 7."""
    return Authorization(
        provider_id=7,
        service_id=service_id,
        decision_date=start,
        valid_from=start,
        valid_until=until,
        decision_reference="AMN 2022/1",
        end_reason=reason,
    )


def decision(kind, service_ids, effective, reason=None) -> Decision:
    """A decision taken on 1 November 2026."""
    return Decision(
        kind=kind,
        service_ids=tuple(service_ids),
        decision_date=date(2026, 11, 1),
        effective_date=effective,
        decision_reference="AMN 2026/0123",
        reason=reason,
    )


def spans(periods) -> list[tuple[int, date, date | None]]:
    """Return the periods as (service, from, until), in order."""
    return [(p.service_id, p.valid_from, p.valid_until) for p in periods]


def test_in_force_from_counts_the_until_day_as_outside():
    ending = period(MATCH, date(2022, 1, 1), date(2026, 12, 1))
    assert in_force_from(ending, date(2026, 11, 30))
    assert not in_force_from(ending, date(2026, 12, 1))
    assert in_force_from(period(MATCH, date(2030, 1, 1)), date(2026, 1, 1))


def test_authorize_adds_an_open_period_per_service():
    periods = [period(MATCH, date(2022, 1, 1))]
    chosen = decision(AUTHORIZE, [FORB, INTRO], date(2027, 1, 1))
    plan = plan_authorization(periods, chosen, provider_id=7)
    assert not plan.conflicts
    assert spans(plan.added) == [(FORB, date(2027, 1, 1), None), (INTRO, date(2027, 1, 1), None)]
    added = plan.added[0]
    assert (added.provider_id, added.decision_reference) == (7, "AMN 2026/0123")
    assert added.decision_date == date(2026, 11, 1)
    assert spans(apply_plan(periods, plan, chosen)) == [
        (MATCH, date(2022, 1, 1), None),
        (FORB, date(2027, 1, 1), None),
        (INTRO, date(2027, 1, 1), None),
    ]


@pytest.mark.parametrize(
    ("existing", "effective"),
    [
        (period(MATCH, date(2022, 1, 1)), date(2027, 1, 1)),  # open period
        (period(MATCH, date(2027, 6, 1)), date(2027, 1, 1)),  # open period starting later
        (period(MATCH, date(2022, 1, 1), date(2027, 2, 1)), date(2027, 1, 1)),  # ends after
        (period(MATCH, date(2027, 3, 1), date(2027, 4, 1)), date(2027, 1, 1)),  # lies after
    ],
    ids=["open", "future-open", "ends-after", "later-closed"],
)
def test_authorize_refuses_any_overlap(existing, effective):
    plan = plan_authorization([existing], decision(AUTHORIZE, [MATCH], effective), provider_id=7)
    assert [(c.service_id, c.period) for c in plan.conflicts] == [(MATCH, existing)]
    assert plan.added == []


def test_authorize_may_start_on_the_day_an_earlier_period_ends():
    # This is how a mistaken de-authorization is corrected: a new period from its date.
    ended = period(MATCH, date(2022, 1, 1), date(2026, 12, 1), "breach")
    chosen = decision(AUTHORIZE, [MATCH], date(2026, 12, 1))
    plan = plan_authorization([ended], chosen, provider_id=7)
    assert not plan.conflicts
    assert spans(apply_plan([ended], plan, chosen)) == [
        (MATCH, date(2022, 1, 1), date(2026, 12, 1)),
        (MATCH, date(2026, 12, 1), None),
    ]


def test_authorize_reports_only_the_overlapping_services():
    periods = [period(MATCH, date(2022, 1, 1))]
    plan = plan_authorization(
        periods, decision(AUTHORIZE, [MATCH, FORB], date(2027, 1, 1)), provider_id=7
    )
    assert [c.service_id for c in plan.conflicts] == [MATCH]
    with pytest.raises(ValueError, match="conflicts"):
        apply_plan(periods, plan, decision(AUTHORIZE, [MATCH, FORB], date(2027, 1, 1)))


def test_deauthorize_ends_the_period_in_force_on_the_effective_date():
    periods = [period(MATCH, date(2022, 1, 1)), period(FORB, date(2022, 1, 1))]
    chosen = decision(DEAUTHORIZE, [MATCH], date(2026, 12, 1), reason="breach")
    plan = plan_deauthorization(periods, chosen)
    assert plan.shortened == [periods[0]] and plan.cancelled == [] and not plan.conflicts
    after = apply_plan(periods, plan, chosen)
    assert spans(after) == [
        (MATCH, date(2022, 1, 1), date(2026, 12, 1)),
        (FORB, date(2022, 1, 1), None),
    ]
    assert periods[0].end_reason == "breach"
    assert periods[1].end_reason is None


def test_deauthorize_brings_a_scheduled_end_forward():
    ending = period(MATCH, date(2022, 1, 1), date(2027, 6, 1), "provider_request")
    chosen = decision(DEAUTHORIZE, [MATCH], date(2026, 12, 1), reason="breach")
    apply_plan([ending], plan_deauthorization([ending], chosen), chosen)
    assert (ending.valid_until, ending.end_reason) == (date(2026, 12, 1), "breach")


@pytest.mark.parametrize("start", [date(2026, 12, 1), date(2027, 3, 1)], ids=["same-day", "later"])
def test_deauthorize_cancels_a_period_that_has_not_started(start):
    # An empty period cannot be stored (valid_until must be after valid_from), and
    # it was never in force, so it goes; the event keeps the record.
    coming = period(MATCH, start)
    chosen = decision(DEAUTHORIZE, [MATCH], date(2026, 12, 1), reason="provider_request")
    plan = plan_deauthorization([coming], chosen)
    assert plan.cancelled == [coming] and plan.shortened == []
    assert apply_plan([coming], plan, chosen) == []


def test_deauthorize_ends_the_current_period_and_cancels_a_later_one():
    current = period(INTRO, date(2022, 1, 1), date(2027, 1, 1))
    later = period(INTRO, date(2027, 6, 1))
    chosen = decision(DEAUTHORIZE, [INTRO], date(2026, 12, 1), reason="breach")
    plan = plan_deauthorization([later, current], chosen)
    assert plan.shortened == [current] and plan.cancelled == [later]
    assert spans(apply_plan([later, current], plan, chosen)) == [
        (INTRO, date(2022, 1, 1), date(2026, 12, 1))
    ]


def test_deauthorize_leaves_periods_that_ended_before_alone():
    old = period(MATCH, date(2020, 1, 1), date(2021, 1, 1), "breach")
    current = period(MATCH, date(2022, 1, 1))
    chosen = decision(DEAUTHORIZE, [MATCH], date(2026, 12, 1), reason="other")
    apply_plan([old, current], plan_deauthorization([old, current], chosen), chosen)
    assert (old.valid_until, old.end_reason) == (date(2021, 1, 1), "breach")
    assert current.valid_until == date(2026, 12, 1)


@pytest.mark.parametrize(
    "existing",
    [[], [period(MATCH, date(2022, 1, 1), date(2026, 12, 1))]],
    ids=["never", "ended-already"],
)
def test_deauthorize_refuses_a_service_with_nothing_to_end(existing):
    chosen = decision(DEAUTHORIZE, [MATCH], date(2026, 12, 1), reason="breach")
    plan = plan_deauthorization(existing, chosen)
    assert [(c.service_id, c.period) for c in plan.conflicts] == [(MATCH, None)]
    assert plan.shortened == plan.cancelled == []


def test_upcoming_by_service_keeps_current_and_future_periods():
    periods = [
        period(MATCH, date(2020, 1, 1), date(2021, 1, 1)),
        period(MATCH, date(2022, 1, 1), date(2027, 1, 1)),
        period(FORB, date(2027, 6, 1)),
        period(INTRO, date(2020, 1, 1), date(2026, 11, 22)),
    ]
    upcoming = upcoming_by_service(periods, date(2026, 11, 22))
    assert upcoming == {MATCH: [periods[1]], FORB: [periods[2]]}


def event(service_id, kind=AUTHORIZE, minute=0, email="a@kommun.example", reference="AMN 1"):
    """An event and its recorder's e-mail, as the history query returns them."""
    return (
        AuthorizationEvent(
            provider_id=7,
            service_id=service_id,
            kind=kind,
            decision_date=date(2026, 11, 1),
            effective_date=date(2026, 12, 1),
            decision_reference=reference,
            recorded_at=datetime(2026, 11, 2, 9, minute, tzinfo=UTC),
            recorded_by=1,
        ),
        email,
    )


def test_group_decisions_folds_the_events_of_one_decision():
    rows = [
        event(MATCH),
        event(FORB),
        event(MATCH, DEAUTHORIZE, minute=5),
        event(MATCH, minute=9, reference="AMN 2"),
        event(FORB, minute=9, reference="AMN 2", email="b@kommun.example"),
    ]
    decisions = group_decisions(rows)
    assert [(d.kind, d.service_ids, d.decision_reference) for d in decisions] == [
        (AUTHORIZE, (MATCH, FORB), "AMN 1"),
        (DEAUTHORIZE, (MATCH,), "AMN 1"),
        (AUTHORIZE, (MATCH,), "AMN 2"),
        (AUTHORIZE, (FORB,), "AMN 2"),  # recorded by someone else: another decision
    ]
    assert decisions[0].recorded_by == "a@kommun.example"
    assert group_decisions([]) == []
