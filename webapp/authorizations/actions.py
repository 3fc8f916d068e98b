"""Recording authorization decisions: the only code that changes authorization periods.

Each action locks the provider's row, reads its periods afresh, plans the
decision (``webapp.authorizations.rules``), refuses it whole if any service
conflicts, and otherwise changes the periods, adds one append-only event per
service and the audit event. Nothing commits here: the request does, once.
"""

from collections.abc import Callable

from sqlmodel import Session

from webapp.authorizations.models import AuthorizationEvent
from webapp.authorizations.queries import get_provider_with_periods
from webapp.authorizations.rules import (
    AUTHORIZE,
    DEAUTHORIZE,
    Conflict,
    Decision,
    PeriodPlan,
    apply_plan,
    plan_authorization,
    plan_deauthorization,
)
from webapp.catalog.queries import list_schemes, services_by_id
from webapp.choices.displacement import open_new_choice_windows
from webapp.core.actions import action
from webapp.core.clock import utc_now
from webapp.followups.models import FollowUp
from webapp.staff.audit import record_event, snapshot

AUDIT_EVENTS = {AUTHORIZE: "authorization.grant", DEAUTHORIZE: "authorization.revoke"}


class DecisionConflicts(Exception):
    """The decision cannot apply to some of its services; nothing was recorded."""

    def __init__(self, conflicts: list[Conflict]):
        super().__init__(f"{len(conflicts)} service(s) in conflict")
        self.conflicts = conflicts


@action("authorization.grant")
def authorize(
    session: Session, *, provider_id: int, decision: Decision, recorded_by: int | None
) -> list[AuthorizationEvent]:
    """Authorize a provider for the decision's services from its effective date."""
    return _record(
        session,
        AUTHORIZE,
        provider_id=provider_id,
        decision=decision,
        recorded_by=recorded_by,
        plan=lambda periods: plan_authorization(periods, decision, provider_id=provider_id),
    )


@action("authorization.revoke")
def deauthorize(
    session: Session, *, provider_id: int, decision: Decision, recorded_by: int | None
) -> list[AuthorizationEvent]:
    """End a provider's authorization for the decision's services from its effective date."""
    if decision.follow_up_id is not None:
        follow_up = session.get(FollowUp, decision.follow_up_id)
        if follow_up is None or follow_up.provider_id != provider_id:
            raise LookupError(f"no follow-up {decision.follow_up_id} of provider {provider_id}")
    open_new_choice_windows(
        session,
        provider_id=provider_id,
        service_ids=decision.service_ids,
        effective_date=decision.effective_date,
        decided_by=recorded_by,
    )
    return _record(
        session,
        DEAUTHORIZE,
        provider_id=provider_id,
        decision=decision,
        recorded_by=recorded_by,
        plan=lambda periods: plan_deauthorization(periods, decision),
    )


def _record(
    session: Session,
    kind: str,
    *,
    provider_id: int,
    decision: Decision,
    recorded_by: int | None,
    plan: Callable[[list], PeriodPlan],
) -> list[AuthorizationEvent]:
    provider = get_provider_with_periods(session, provider_id=provider_id, for_update=True)
    if provider is None:
        raise LookupError(f"no provider with id {provider_id}")
    periods = provider.authorizations
    planned = plan(periods)
    if planned.conflicts:
        raise DecisionConflicts(planned.conflicts)
    before = [snapshot(p) for p in [*planned.shortened, *planned.cancelled]]
    cancelled_ids = [p.id for p in planned.cancelled]
    apply_plan(periods, planned, decision)
    session.add_all(planned.added)
    for period in planned.cancelled:
        session.delete(period)
    events = _events(kind, provider_id, decision, recorded_by)
    session.add_all(events)
    session.flush()  # ids for the audit snapshot
    record_event(
        session,
        AUDIT_EVENTS[kind],
        entity_type="provider",
        entity_id=provider_id,
        summary=_summary(session, decision),
        before={"periods": before},
        after={
            "events": [e.id for e in events],
            "periods": [snapshot(p) for p in [*planned.shortened, *planned.added]],
            "cancelled": cancelled_ids,
        },
    )
    return events


def _events(
    kind: str, provider_id: int, decision: Decision, recorded_by: int | None
) -> list[AuthorizationEvent]:
    # One timestamp for the whole decision: the history groups its events by it.
    recorded_at = utc_now()
    return [
        AuthorizationEvent(
            provider_id=provider_id,
            service_id=service_id,
            kind=kind,
            decision_date=decision.decision_date,
            effective_date=decision.effective_date,
            decision_reference=decision.decision_reference,
            reason=decision.reason,
            note=decision.note,
            follow_up_id=decision.follow_up_id,
            recorded_at=recorded_at,
            recorded_by=recorded_by,
        )
        for service_id in decision.service_ids
    ]


def _summary(session: Session, decision: Decision) -> str:
    services = services_by_id(list_schemes(session))
    codes = ", ".join(services[s].code if s in services else str(s) for s in decision.service_ids)
    parts = [codes, decision.effective_date.isoformat(), decision.decision_reference]
    if decision.reason:
        parts.append(decision.reason)
    if decision.follow_up_id is not None:
        parts.append(f"follow-up {decision.follow_up_id}")
    return " · ".join(parts)
