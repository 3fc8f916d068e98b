"""The rules of authorization decisions: their dates, and what they do to the periods.

A decision (authorize or de-authorize, for one or more services) changes a
provider's Authorization periods. Planning the change is pure, so every rule
here can be tested without a database; ``webapp.authorizations.actions`` loads
the periods, plans, and writes the plan with its events and audit event.
"""

from dataclasses import dataclass, field
from datetime import date

from webapp.authorizations.in_force import in_force_from
from webapp.authorizations.models import Authorization

AUTHORIZE = "authorize"
DEAUTHORIZE = "deauthorize"
# End reasons (codes in webapp.authorizations.vocab.END_REASONS) with a rule of their own.
IMMEDIATE_REVOCATION = "immediate_revocation"
OTHER_REASON = "other"


@dataclass(frozen=True)
class Decision:
    """What the committee (or its chair) decided, as recorded in the admin."""

    service_ids: tuple[int, ...]
    decision_date: date
    effective_date: date
    decision_reference: str
    reason: str | None = None
    note: str = ""
    # The follow-up that led to a de-authorization, if one did.
    follow_up_id: int | None = None


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


# --- Dates -------------------------------------------------------------------------


def is_decided_in_future(decision_date: date, *, today: date) -> bool:
    """Tell whether a decision date lies ahead: a decision is recorded after it is made."""
    return decision_date > today


def starts_before_decision(effective_date: date, *, decision_date: date) -> bool:
    """Tell whether an authorization would start before it was decided (the future is fine)."""
    return effective_date < decision_date


def is_backdated(effective_date: date, *, today: date) -> bool:
    """Tell whether a de-authorization would take effect before today."""
    return effective_date < today


def is_misdated_revocation(reason: str | None, effective_date: date, *, today: date) -> bool:
    """Tell whether an immediate revocation is dated other than today."""
    return reason == IMMEDIATE_REVOCATION and effective_date != today


def needs_note(reason: str | None, note: str) -> bool:
    """Tell whether the note is missing where the reason must be written down ("other")."""
    return reason == OTHER_REASON and not note


# --- Periods -----------------------------------------------------------------------


def _periods_for(periods, service_id: int) -> list[Authorization]:
    return sorted((p for p in periods if p.service_id == service_id), key=lambda p: p.valid_from)


def upcoming_by_service(periods, today: date) -> dict[int, list[Authorization]]:
    """Return, per service, the periods in force today or later, earliest first."""
    upcoming: dict[int, list[Authorization]] = {}
    for period in sorted(periods, key=lambda p: p.valid_from):
        if in_force_from(period, today):
            upcoming.setdefault(period.service_id, []).append(period)
    return upcoming


def services_closed_to_authorization(periods) -> frozenset[int]:
    """Return the services no new authorization can be planned for, whatever its date.

    An open-ended period is in force from any day on, so it overlaps every new period.
    """
    return frozenset(p.service_id for p in periods if p.valid_until is None)


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
