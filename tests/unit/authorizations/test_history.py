"""A provider's authorization history: decisions taken together, periods by phase."""

from datetime import UTC, date, datetime

from tests.factories.authorizations import new_period
from webapp.authorizations.history import group_decisions, period_rows
from webapp.authorizations.in_force import Phase
from webapp.authorizations.models import AuthorizationEvent
from webapp.authorizations.rules import AUTHORIZE, DEAUTHORIZE

MATCH, FORB = 1, 2


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


def test_period_rows_tell_the_phase_and_the_last_day():
    ended = new_period(MATCH, date(2020, 1, 1), date(2021, 1, 1))
    current = new_period(FORB, date(2022, 1, 1))
    coming = new_period(MATCH, date(2027, 1, 1), date(2027, 7, 1))
    rows = period_rows([coming, current, ended], today=date(2026, 11, 22))
    assert [(r.period, r.phase, r.last_day) for r in rows] == [
        (ended, Phase.ENDED, date(2020, 12, 31)),
        (current, Phase.CURRENT, None),
        (coming, Phase.COMING, date(2027, 6, 30)),
    ]
    by_service = period_rows([coming, current, ended], today=date(2026, 11, 22), by_service=True)
    assert [r.period for r in by_service] == [ended, coming, current]
