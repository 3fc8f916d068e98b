"""Queries for authorizations: periods starting or ending soon, decisions in history order."""

from datetime import date

from sqlmodel import select

from tests.factories.authorizations import make_period, service_id
from tests.factories.providers import make_provider
from webapp.authorizations.actions import authorize, deauthorize
from webapp.authorizations.queries import (
    PeriodChange,
    get_provider_with_periods,
    list_authorization_events,
    list_period_changes,
)
from webapp.authorizations.rules import Decision
from webapp.staff.models import StaffUser

TODAY = date(2031, 3, 1)  # far from the seed's periods


def test_period_changes_from_today_to_the_last_day_ahead(db_session):
    provider = make_provider(db_session, name="Åttonde Anordnaren")
    make_period(db_session, provider, service="MATCH-1", valid_from=TODAY)
    make_period(
        db_session,
        provider,
        service="FORB-1",
        valid_from=date(2030, 1, 1),
        valid_until=date(2031, 3, 31),
        end_reason="provider_request",
    )
    make_period(db_session, provider, service="FORB-2", valid_from=date(2031, 4, 1))  # 31 days
    make_period(db_session, provider, service="INTRO-1", valid_until=date(2031, 2, 28))  # before
    changes = list_period_changes(db_session, today=TODAY, days=30)
    assert changes == [
        PeriodChange(
            provider.id, provider.name, service_id(db_session, "MATCH-1"), True, TODAY, None
        ),
        PeriodChange(
            provider.id,
            provider.name,
            service_id(db_session, "FORB-1"),
            False,
            date(2031, 3, 31),
            "provider_request",
        ),
    ]


def test_period_changes_are_by_day_then_provider_name(db_session):
    later = make_provider(db_session, name="Beta AB")
    first = make_provider(db_session, name="Alfa AB")
    for provider in (later, first):
        make_period(db_session, provider, valid_from=date(2031, 3, 10))
    make_period(db_session, later, service="FORB-1", valid_from=date(2031, 3, 5))
    changes = list_period_changes(db_session, today=TODAY, days=30)
    assert [(c.day, c.provider_name) for c in changes] == [
        (date(2031, 3, 5), "Beta AB"),
        (date(2031, 3, 10), "Alfa AB"),
        (date(2031, 3, 10), "Beta AB"),
    ]


def test_a_short_period_starting_and_ending_soon_is_two_changes(db_session):
    provider = make_provider(db_session)
    make_period(db_session, provider, valid_from=date(2031, 3, 2), valid_until=date(2031, 3, 9))
    changes = list_period_changes(db_session, today=TODAY, days=30)
    assert [(c.starts, c.day) for c in changes] == [
        (True, date(2031, 3, 2)),
        (False, date(2031, 3, 9)),
    ]


def test_events_come_in_history_order_with_the_recorder(db_session, staff):
    provider = make_provider(db_session)
    match = service_id(db_session, "MATCH-1")
    editor = db_session.exec(select(StaffUser.id).where(StaffUser.email == staff["editor"])).one()

    def decided(effective: date, reason: str | None = None) -> Decision:
        return Decision((match,), date(2026, 11, 1), effective, "AMN 2026/1", reason)

    # Recorded first, effective last.
    authorize(
        db_session, provider_id=provider.id, decision=decided(date(2027, 1, 1)), recorded_by=editor
    )
    deauthorize(
        db_session,
        provider_id=provider.id,
        decision=decided(date(2027, 2, 1), "breach"),
        recorded_by=None,
    )
    authorize(
        db_session, provider_id=provider.id, decision=decided(date(2027, 2, 1)), recorded_by=None
    )
    rows = list_authorization_events(db_session, provider_id=provider.id)
    assert [(e.kind, e.effective_date, email) for e, email in rows] == [
        ("authorize", date(2027, 1, 1), staff["editor"]),
        ("deauthorize", date(2027, 2, 1), None),
        ("authorize", date(2027, 2, 1), None),
    ]
    assert list_authorization_events(db_session, provider_id=999_999) == []


def test_a_provider_comes_with_its_periods(db_session):
    provider = make_provider(db_session)
    period = make_period(db_session, provider)
    found = get_provider_with_periods(db_session, provider_id=provider.id, for_update=True)
    assert [p.id for p in found.authorizations] == [period.id]
    assert get_provider_with_periods(db_session, provider_id=999_999) is None
