"""The rules of authorization decisions: their dates and what they do to the periods."""

from datetime import date

import pytest

from tests.factories.authorizations import new_period
from webapp.authorizations.rules import (
    Decision,
    apply_plan,
    is_backdated,
    is_decided_in_future,
    is_misdated_revocation,
    needs_note,
    plan_authorization,
    plan_deauthorization,
    services_closed_to_authorization,
    starts_before_decision,
    upcoming_by_service,
)

MATCH, FORB, INTRO = 1, 2, 3


def decision(service_ids, effective, reason=None) -> Decision:
    """A decision taken on 1 November 2026."""
    return Decision(
        service_ids=tuple(service_ids),
        decision_date=date(2026, 11, 1),
        effective_date=effective,
        decision_reference="AMN 2026/0123",
        reason=reason,
    )


def spans(periods) -> list[tuple[int, date, date | None]]:
    """Return the periods as (service, from, until), in order."""
    return [(p.service_id, p.valid_from, p.valid_until) for p in periods]


def test_authorize_adds_an_open_period_per_service():
    periods = [new_period(MATCH, date(2022, 1, 1))]
    chosen = decision([FORB, INTRO], date(2027, 1, 1))
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
        (new_period(MATCH, date(2022, 1, 1)), date(2027, 1, 1)),  # open period
        (new_period(MATCH, date(2027, 6, 1)), date(2027, 1, 1)),  # open period starting later
        (new_period(MATCH, date(2022, 1, 1), date(2027, 2, 1)), date(2027, 1, 1)),  # ends after
        (new_period(MATCH, date(2027, 3, 1), date(2027, 4, 1)), date(2027, 1, 1)),  # lies after
    ],
    ids=["open", "future-open", "ends-after", "later-closed"],
)
def test_authorize_refuses_any_overlap(existing, effective):
    plan = plan_authorization([existing], decision([MATCH], effective), provider_id=7)
    assert [(c.service_id, c.period) for c in plan.conflicts] == [(MATCH, existing)]
    assert plan.added == []


def test_authorize_may_start_on_the_day_an_earlier_period_ends():
    # This is how a mistaken de-authorization is corrected: a new period from its date.
    ended = new_period(MATCH, date(2022, 1, 1), date(2026, 12, 1), "breach")
    chosen = decision([MATCH], date(2026, 12, 1))
    plan = plan_authorization([ended], chosen, provider_id=7)
    assert not plan.conflicts
    assert spans(apply_plan([ended], plan, chosen)) == [
        (MATCH, date(2022, 1, 1), date(2026, 12, 1)),
        (MATCH, date(2026, 12, 1), None),
    ]


def test_authorize_reports_only_the_overlapping_services():
    periods = [new_period(MATCH, date(2022, 1, 1))]
    plan = plan_authorization(periods, decision([MATCH, FORB], date(2027, 1, 1)), provider_id=7)
    assert [c.service_id for c in plan.conflicts] == [MATCH]
    with pytest.raises(ValueError, match="conflicts"):
        apply_plan(periods, plan, decision([MATCH, FORB], date(2027, 1, 1)))


def test_deauthorize_ends_the_period_in_force_on_the_effective_date():
    periods = [new_period(MATCH, date(2022, 1, 1)), new_period(FORB, date(2022, 1, 1))]
    chosen = decision([MATCH], date(2026, 12, 1), reason="breach")
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
    ending = new_period(MATCH, date(2022, 1, 1), date(2027, 6, 1), "provider_request")
    chosen = decision([MATCH], date(2026, 12, 1), reason="breach")
    apply_plan([ending], plan_deauthorization([ending], chosen), chosen)
    assert (ending.valid_until, ending.end_reason) == (date(2026, 12, 1), "breach")


@pytest.mark.parametrize("start", [date(2026, 12, 1), date(2027, 3, 1)], ids=["same-day", "later"])
def test_deauthorize_cancels_a_period_that_has_not_started(start):
    # An empty period cannot be stored (valid_until must be after valid_from), and
    # it was never in force, so it goes; the event keeps the record.
    coming = new_period(MATCH, start)
    chosen = decision([MATCH], date(2026, 12, 1), reason="provider_request")
    plan = plan_deauthorization([coming], chosen)
    assert plan.cancelled == [coming] and plan.shortened == []
    assert apply_plan([coming], plan, chosen) == []


def test_deauthorize_ends_the_current_period_and_cancels_a_later_one():
    current = new_period(INTRO, date(2022, 1, 1), date(2027, 1, 1))
    later = new_period(INTRO, date(2027, 6, 1))
    chosen = decision([INTRO], date(2026, 12, 1), reason="breach")
    plan = plan_deauthorization([later, current], chosen)
    assert plan.shortened == [current] and plan.cancelled == [later]
    assert spans(apply_plan([later, current], plan, chosen)) == [
        (INTRO, date(2022, 1, 1), date(2026, 12, 1))
    ]


def test_deauthorize_leaves_periods_that_ended_before_alone():
    old = new_period(MATCH, date(2020, 1, 1), date(2021, 1, 1), "breach")
    current = new_period(MATCH, date(2022, 1, 1))
    chosen = decision([MATCH], date(2026, 12, 1), reason="other")
    apply_plan([old, current], plan_deauthorization([old, current], chosen), chosen)
    assert (old.valid_until, old.end_reason) == (date(2021, 1, 1), "breach")
    assert current.valid_until == date(2026, 12, 1)


@pytest.mark.parametrize(
    "existing",
    [[], [new_period(MATCH, date(2022, 1, 1), date(2026, 12, 1))]],
    ids=["never", "ended-already"],
)
def test_deauthorize_refuses_a_service_with_nothing_to_end(existing):
    chosen = decision([MATCH], date(2026, 12, 1), reason="breach")
    plan = plan_deauthorization(existing, chosen)
    assert [(c.service_id, c.period) for c in plan.conflicts] == [(MATCH, None)]
    assert plan.shortened == plan.cancelled == []


def test_upcoming_by_service_keeps_current_and_future_periods():
    periods = [
        new_period(MATCH, date(2020, 1, 1), date(2021, 1, 1)),
        new_period(MATCH, date(2022, 1, 1), date(2027, 1, 1)),
        new_period(FORB, date(2027, 6, 1)),
        new_period(INTRO, date(2020, 1, 1), date(2026, 11, 22)),
    ]
    upcoming = upcoming_by_service(periods, date(2026, 11, 22))
    assert upcoming == {MATCH: [periods[1]], FORB: [periods[2]]}


def test_services_closed_to_authorization_are_those_with_an_open_new_period():
    periods = [
        new_period(MATCH, date(2022, 1, 1)),
        new_period(FORB, date(2022, 1, 1), date(2027, 1, 1)),
        new_period(INTRO, date(2030, 1, 1)),  # open-ended, not started yet: still closed
    ]
    assert services_closed_to_authorization(periods) == {MATCH, INTRO}
    assert services_closed_to_authorization([]) == frozenset()


# --- Dates -------------------------------------------------------------------------

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("decided", "expected"),
    [(date(2026, 11, 21), False), (TODAY, False), (date(2026, 11, 23), True)],
)
def test_a_decision_cannot_be_dated_in_the_future(decided, expected):
    assert is_decided_in_future(decided, today=TODAY) is expected


@pytest.mark.parametrize(
    ("effective", "expected"),
    [(date(2026, 11, 19), True), (date(2026, 11, 20), False), (date(2027, 6, 1), False)],
)
def test_an_authorization_cannot_start_before_its_decision(effective, expected):
    assert starts_before_decision(effective, decision_date=date(2026, 11, 20)) is expected


@pytest.mark.parametrize(
    ("effective", "expected"),
    [(date(2026, 11, 21), True), (TODAY, False), (date(2026, 12, 1), False)],
)
def test_a_deauthorization_takes_effect_today_or_later(effective, expected):
    assert is_backdated(effective, today=TODAY) is expected


@pytest.mark.parametrize(
    ("reason", "effective", "expected"),
    [
        ("immediate_revocation", TODAY, False),
        ("immediate_revocation", date(2026, 12, 1), True),
        ("breach", date(2026, 12, 1), False),
        (None, date(2026, 12, 1), False),
    ],
)
def test_an_immediate_revocation_is_dated_today(reason, effective, expected):
    assert is_misdated_revocation(reason, effective, today=TODAY) is expected


@pytest.mark.parametrize(
    ("reason", "note", "expected"),
    [("other", "", True), ("other", "Lokalen stängs.", False), ("breach", "", False)],
)
def test_other_reason_needs_a_note(reason, note, expected):
    assert needs_note(reason, note) is expected
