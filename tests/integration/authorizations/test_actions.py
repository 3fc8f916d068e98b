"""Recording decisions: periods, events and the audit event change together, or not at all."""

from datetime import date

import pytest
from sqlmodel import func, select

from tests.factories.authorizations import make_decision, make_period
from tests.factories.providers import make_provider
from webapp.authorizations.actions import DecisionConflicts, authorize, deauthorize
from webapp.authorizations.models import Authorization, AuthorizationEvent
from webapp.authorizations.queries import get_provider_with_periods
from webapp.staff.models import AuditEvent

EFFECTIVE = date(2026, 12, 1)


def periods_of(session, provider) -> list[tuple[str, date, date | None, str | None]]:
    """Return the provider's stored periods as (service id, from, until, end reason)."""
    statement = (
        select(
            Authorization.service_id,
            Authorization.valid_from,
            Authorization.valid_until,
            Authorization.end_reason,
        )
        .where(Authorization.provider_id == provider.id)
        .order_by(Authorization.service_id, Authorization.valid_from)
    )
    return [tuple(row) for row in session.exec(statement)]


def count(session, model) -> int:
    """Count a table's rows."""
    return session.exec(select(func.count()).select_from(model)).one()


def last_audit(session) -> AuditEvent:
    """Return the newest audit event."""
    return session.exec(select(AuditEvent).order_by(AuditEvent.id.desc())).first()


def test_authorize_adds_a_period_and_an_event_per_service(db_session):
    provider = make_provider(db_session)
    chosen = make_decision(db_session, ["MATCH-1", "FORB-1"])
    events = authorize(db_session, provider_id=provider.id, decision=chosen, recorded_by=None)
    match, forb = chosen.service_ids
    assert periods_of(db_session, provider) == [
        (match, EFFECTIVE, None, None),
        (forb, EFFECTIVE, None, None),
    ]
    assert [(e.service_id, e.kind, e.effective_date) for e in events] == [
        (match, "authorize", EFFECTIVE),
        (forb, "authorize", EFFECTIVE),
    ]
    assert len({e.recorded_at for e in events}) == 1  # one decision, one moment
    audit = last_audit(db_session)
    assert (audit.action, audit.entity_type, audit.entity_id) == (
        "authorization.grant",
        "provider",
        provider.id,
    )
    assert audit.summary == "MATCH-1, FORB-1 · 2026-12-01 · AMN 2026/0123"
    assert audit.after["events"] == [e.id for e in events]
    assert audit.before == {"periods": []}


def test_a_conflict_refuses_the_whole_decision(db_session):
    provider = make_provider(db_session)
    open_period = make_period(db_session, provider, service="MATCH-1")
    before = (count(db_session, AuthorizationEvent), count(db_session, AuditEvent))
    with pytest.raises(DecisionConflicts) as refused:
        authorize(
            db_session,
            provider_id=provider.id,
            decision=make_decision(db_session, ["MATCH-1", "FORB-1"]),
            recorded_by=None,
        )
    [conflict] = refused.value.conflicts
    assert (conflict.service_id, conflict.period.id) == (open_period.service_id, open_period.id)
    assert periods_of(db_session, provider) == [
        (open_period.service_id, date(2022, 1, 1), None, None)
    ]
    assert (count(db_session, AuthorizationEvent), count(db_session, AuditEvent)) == before


def test_the_periods_are_read_afresh_under_the_lock(db_session):
    """A period stored after the page read the provider still stops the decision."""
    provider = make_provider(db_session)
    page = get_provider_with_periods(db_session, provider_id=provider.id)
    assert page.authorizations == []  # as the page read it, before the other decision
    make_period(db_session, provider, service="MATCH-1")
    with pytest.raises(DecisionConflicts):
        authorize(
            db_session,
            provider_id=provider.id,
            decision=make_decision(db_session, ["MATCH-1"]),
            recorded_by=None,
        )


def test_deauthorize_ends_one_period_and_cancels_a_later_one(db_session):
    provider = make_provider(db_session)
    current = make_period(db_session, provider, service="INTRO-1", valid_until=date(2027, 1, 1))
    later = make_period(db_session, provider, service="INTRO-1", valid_from=date(2027, 6, 1))
    chosen = make_decision(db_session, ["INTRO-1"], reason="other", note="Lokalerna stängs.")
    [event] = deauthorize(db_session, provider_id=provider.id, decision=chosen, recorded_by=None)
    assert periods_of(db_session, provider) == [
        (current.service_id, date(2022, 1, 1), EFFECTIVE, "other")
    ]
    assert (event.kind, event.reason, event.note) == ("deauthorize", "other", "Lokalerna stängs.")
    audit = last_audit(db_session)
    assert audit.action == "authorization.revoke"
    assert audit.summary.endswith(" · other")
    assert [p["valid_until"] for p in audit.before["periods"]] == ["2027-01-01", None]
    assert audit.after["cancelled"] == [later.id]


def test_deauthorize_refuses_a_service_with_nothing_to_end(db_session):
    provider = make_provider(db_session)
    make_period(db_session, provider, service="MATCH-1", valid_until=date(2025, 1, 1))
    with pytest.raises(DecisionConflicts) as refused:
        deauthorize(
            db_session,
            provider_id=provider.id,
            decision=make_decision(db_session, ["MATCH-1"], reason="breach"),
            recorded_by=None,
        )
    assert [c.period for c in refused.value.conflicts] == [None]


def test_an_unknown_provider_is_a_lookup_error(db_session):
    with pytest.raises(LookupError):
        authorize(
            db_session,
            provider_id=999_999,
            decision=make_decision(db_session, ["MATCH-1"]),
            recorded_by=None,
        )
