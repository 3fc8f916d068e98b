"""Authorization decisions and what they do to a provider's authorization periods.

A decision (authorize or de-authorize, for one or more services) is kept as one
append-only AuthorizationEvent per service and applied to the Authorization
periods the public site reads. Planning a change is pure, so the rules can be
tested without a database; ``record_decision`` then writes the plan, its events
and the audit event to the session for the caller's single commit.
"""

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from sqlmodel import Session

from webapp.authorizations.models import Authorization, AuthorizationEvent
from webapp.core.clock import utc_now
from webapp.staff.audit import record_event, snapshot

AUTHORIZE = "authorize"
DEAUTHORIZE = "deauthorize"
AUDIT_ACTIONS = {AUTHORIZE: "authorization.grant", DEAUTHORIZE: "authorization.revoke"}


@dataclass(frozen=True)
class Decision:
    """What the committee (or its chair) decided, as recorded in the admin."""

    kind: str
    service_ids: tuple[int, ...]
    decision_date: date
    effective_date: date
    decision_reference: str
    reason: str | None = None
    note: str = ""


@dataclass(frozen=True)
class Conflict:
    """A service the decision cannot apply to, with the period in the way (if any)."""

    service_id: int
    period: Authorization | None


@dataclass
class PeriodPlan:
    """What a decision changes in the periods; nothing may be written while conflicts remain."""

    added: list[Authorization] = field(default_factory=list)
    # Periods in force on the effective date: they end on it instead.
    shortened: list[Authorization] = field(default_factory=list)
    # Periods that would start on or after the effective date: they never take effect.
    cancelled: list[Authorization] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)


@dataclass(frozen=True)
class DecisionRecord:
    """One decision as the history shows it: the events it made, taken together."""

    kind: str
    service_ids: tuple[int, ...]
    decision_date: date
    effective_date: date
    decision_reference: str
    reason: str | None
    note: str
    recorded_at: datetime
    recorded_by: str | None  # the staff member's e-mail address


def in_force_from(period: Authorization, day: date) -> bool:
    """Tell whether a period covers the day or any day after it."""
    return period.valid_until is None or period.valid_until > day


def _periods_for(periods, service_id: int) -> list[Authorization]:
    return sorted((p for p in periods if p.service_id == service_id), key=lambda p: p.valid_from)


def upcoming_by_service(periods, today: date) -> dict[int, list[Authorization]]:
    """Return, per service, the periods in force today or later, earliest first."""
    upcoming: dict[int, list[Authorization]] = {}
    for period in sorted(periods, key=lambda p: p.valid_from):
        if in_force_from(period, today):
            upcoming.setdefault(period.service_id, []).append(period)
    return upcoming


def plan_authorization(periods, decision: Decision, *, provider_id: int) -> PeriodPlan:
    """Plan an open period from the effective date per service, refusing any overlap.

    The new period has no end, so any period still in force on or after the
    effective date would overlap it, including one that has not started yet.
    """
    plan = PeriodPlan()
    for service_id in decision.service_ids:
        overlap = next(
            (
                p
                for p in _periods_for(periods, service_id)
                if in_force_from(p, decision.effective_date)
            ),
            None,
        )
        if overlap is not None:
            plan.conflicts.append(Conflict(service_id, overlap))
            continue
        plan.added.append(
            Authorization(
                provider_id=provider_id,
                service_id=service_id,
                decision_date=decision.decision_date,
                valid_from=decision.effective_date,
                decision_reference=decision.decision_reference,
            )
        )
    return plan


def plan_deauthorization(periods, decision: Decision) -> PeriodPlan:
    """Plan the end of every service's authorization from the effective date on.

    A period in force on that day ends on it (valid_until is exclusive, so the
    effective date is the first day the provider cannot be chosen). A period that
    would only start on or after it never takes effect and is cancelled: an
    empty period cannot be stored, and the event keeps the record of it.
    """
    plan = PeriodPlan()
    day = decision.effective_date
    for service_id in decision.service_ids:
        affected = [p for p in _periods_for(periods, service_id) if in_force_from(p, day)]
        if not affected:
            plan.conflicts.append(Conflict(service_id, None))
            continue
        for period in affected:
            (plan.shortened if period.valid_from < day else plan.cancelled).append(period)
    return plan


def apply_plan(periods, plan: PeriodPlan, decision: Decision) -> list[Authorization]:
    """Change the shortened periods and return the periods as they are afterwards."""
    if plan.conflicts:
        raise ValueError("a plan with conflicts cannot be applied")
    for period in plan.shortened:
        period.valid_until = decision.effective_date
        period.end_reason = decision.reason
    cancelled = {id(p) for p in plan.cancelled}
    kept = [p for p in periods if id(p) not in cancelled]
    return sorted([*kept, *plan.added], key=lambda p: (p.service_id, p.valid_from))


def record_decision(
    session: Session,
    *,
    provider_id: int,
    periods,
    decision: Decision,
    plan: PeriodPlan,
    service_codes: dict[int, str],
    recorded_by: int | None,
) -> list[AuthorizationEvent]:
    """Add the decision's events, its period changes and its audit event to the session.

    The caller commits once, so the record, the periods and the audit log change together.
    """
    before = [snapshot(p) for p in [*plan.shortened, *plan.cancelled]]
    cancelled_ids = [p.id for p in plan.cancelled]
    apply_plan(periods, plan, decision)
    session.add_all(plan.added)
    for period in plan.cancelled:
        session.delete(period)
    # One timestamp for the whole decision: the history groups its events by it.
    recorded_at = utc_now()
    events = [
        AuthorizationEvent(
            provider_id=provider_id,
            service_id=service_id,
            kind=decision.kind,
            decision_date=decision.decision_date,
            effective_date=decision.effective_date,
            decision_reference=decision.decision_reference,
            reason=decision.reason,
            note=decision.note,
            recorded_at=recorded_at,
            recorded_by=recorded_by,
        )
        for service_id in decision.service_ids
    ]
    session.add_all(events)
    session.flush()  # ids for the audit snapshot
    codes = ", ".join(service_codes.get(s, str(s)) for s in decision.service_ids)
    summary = f"{codes} · {decision.effective_date.isoformat()} · {decision.decision_reference}"
    if decision.reason:
        summary += f" · {decision.reason}"
    record_event(
        session,
        AUDIT_ACTIONS[decision.kind],
        entity_type="provider",
        entity_id=provider_id,
        summary=summary,
        before={"periods": before},
        after={
            "events": [e.id for e in events],
            "periods": [snapshot(p) for p in [*plan.shortened, *plan.added]],
            "cancelled": cancelled_ids,
        },
    )
    return events


def group_decisions(rows) -> list[DecisionRecord]:
    """Fold events, in history order, into decisions: one per kind, dates, reference and time.

    rows are (AuthorizationEvent, recorder's e-mail or None) pairs.
    """
    records: list[DecisionRecord] = []
    for event, email in rows:
        record = DecisionRecord(
            kind=event.kind,
            service_ids=(event.service_id,),
            decision_date=event.decision_date,
            effective_date=event.effective_date,
            decision_reference=event.decision_reference,
            reason=event.reason,
            note=event.note,
            recorded_at=event.recorded_at,
            recorded_by=email,
        )
        last = records[-1] if records else None
        if last is not None and _same_decision(last, record):
            records[-1] = replace(last, service_ids=last.service_ids + record.service_ids)
        else:
            records.append(record)
    return records


def _same_decision(a: DecisionRecord, b: DecisionRecord) -> bool:
    keys = (
        "kind",
        "decision_date",
        "effective_date",
        "decision_reference",
        "reason",
        "note",
        "recorded_at",
        "recorded_by",
    )
    return all(getattr(a, key) == getattr(b, key) for key in keys)
