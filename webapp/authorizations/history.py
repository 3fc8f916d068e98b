"""A provider's authorization history as staff read it: decisions, and periods by phase."""

from dataclasses import dataclass, replace
from datetime import date, datetime

from webapp.authorizations.in_force import Phase, last_day, phase_on
from webapp.authorizations.models import Authorization, AuthorizationEvent


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
    follow_up_id: int | None
    recorded_at: datetime
    recorded_by: str | None  # the staff member's e-mail address


@dataclass(frozen=True)
class PeriodRow:
    """An authorization period with where it stands today and its last day in force."""

    period: Authorization
    phase: Phase
    last_day: date | None  # None while open-ended


def period_rows(periods, *, today: date, by_service: bool = False) -> list[PeriodRow]:
    """Return the periods as rows, by start then service (or by service then start)."""

    def order(p: Authorization):
        return (p.service_id, p.valid_from) if by_service else (p.valid_from, p.service_id)

    return [PeriodRow(p, phase_on(p, today), last_day(p)) for p in sorted(periods, key=order)]


def group_decisions(rows: list[tuple[AuthorizationEvent, str | None]]) -> list[DecisionRecord]:
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
            follow_up_id=event.follow_up_id,
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
    return replace(a, service_ids=()) == replace(b, service_ids=())
