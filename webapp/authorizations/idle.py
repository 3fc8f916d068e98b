"""Twelve months without customers, per provider and service: a ground for de-authorization.

A customer is a choice made: a client choosing the provider for the service, a
switch to it, or the default assigning it. People finishing a service are not
new customers. The twelve months run from the latest of three days: the last
choice of the provider for the service, the start of its authorization for the
service (a newly authorized provider is not due at once), and the first day any
choice was recorded here (choices made before then were never recorded, so
nobody can tell). The rule is stated once in Python (``due_on``, ``is_due``) and
once in SQL (``due_by``), side by side, with a test that the two agree.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_, exists, func
from sqlmodel import Session, select

from webapp.authorizations.in_force import authorized_on
from webapp.authorizations.models import Authorization
from webapp.choices.models import Choice, ChoiceInvitation
from webapp.core.textkeys import swedish_sort_key
from webapp.providers.models import Provider

# How far ahead the dashboard looks for providers falling due.
WARNING_DAYS = 60


@dataclass(frozen=True)
class IdleService:
    """A provider and service without customers for (nearly) twelve months."""

    provider_id: int
    provider_name: str
    service_id: int
    authorized_from: date
    last_choice: date | None
    due_on: date
    overdue: bool  # the twelve months have run out by today


@dataclass(frozen=True)
class IdleReport:
    """The providers and services falling due, and the day counting could begin."""

    recording_began: date | None  # None: no choice recorded yet, nothing can be counted
    within_days: int
    services: list[IdleService]


def twelve_months_before(day: date) -> date:
    """Return the same day a year earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def twelve_months_after(day: date) -> date:
    """Return the day twelve full months after day (1 March for 29 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return date(day.year + 1, 3, 1)


def choice_day(chosen_at: datetime) -> date:
    """Return the day (UTC, as stored) a choice was made."""
    if chosen_at.tzinfo is not None:
        chosen_at = chosen_at.astimezone(UTC)
    return chosen_at.date()


def due_on(
    *, authorized_from: date, last_choice: date | None, recording_began: date | None
) -> date | None:
    """Return the day twelve months without customers are reached, or None when nothing counts.

    Without any recorded choice at all (recording_began None) nothing can be counted.
    """
    if recording_began is None:
        return None
    start = max(d for d in (authorized_from, last_choice, recording_began) if d is not None)
    return twelve_months_after(start)


def is_due(
    *, authorized_from: date, last_choice: date | None, recording_began: date | None, day: date
) -> bool:
    """Tell whether twelve months without customers are reached by day; twin of due_by."""
    due = due_on(
        authorized_from=authorized_from, last_choice=last_choice, recording_began=recording_began
    )
    return due is not None and due <= day


def due_by(day: date):
    """Return the SQL condition, over an Authorization row, for is_due by day (its twin).

    Due by day means each of the three starting days lies on or before the day
    twelve months earlier: no choice of the provider for the service after it,
    and some choice of any provider on or before it.
    """
    cutoff = twelve_months_before(day)
    # Choices are stored with their time; everything from the next midnight (UTC) is later.
    after_cutoff = datetime.combine(cutoff + timedelta(days=1), time.min, tzinfo=UTC)
    return and_(
        Authorization.valid_from <= cutoff,
        exists().where(Choice.chosen_at < after_cutoff),
        ~exists().where(
            Choice.provider_id == Authorization.provider_id,
            Choice.invitation_id == ChoiceInvitation.id,
            ChoiceInvitation.service_id == Authorization.service_id,
            Choice.chosen_at >= after_cutoff,
        ),
    )


def find_recording_start(session: Session) -> date | None:
    """Return the day the first choice was recorded, or None when there is none."""
    first = session.exec(select(func.min(Choice.chosen_at))).one()
    return None if first is None else choice_day(first)


def report_services_without_customers(
    session: Session, *, today: date, within_days: int = WARNING_DAYS
) -> IdleReport:
    """Report providers and services authorized today whose twelve months end within some days.

    Overdue ones are included. Only open-ended authorizations count: one already
    set to end needs no new decision. Ordered by due day, then provider name.
    Two statements however many providers there are.
    """
    recording_began = find_recording_start(session)
    if recording_began is None:
        return IdleReport(None, within_days, [])
    last = (
        select(
            Choice.provider_id,
            ChoiceInvitation.service_id,
            func.max(Choice.chosen_at).label("chosen_at"),
        )
        .join(ChoiceInvitation, ChoiceInvitation.id == Choice.invitation_id)
        .group_by(Choice.provider_id, ChoiceInvitation.service_id)
        .subquery()
    )
    statement = (
        select(
            Authorization.provider_id,
            Provider.name,
            Authorization.service_id,
            Authorization.valid_from,
            last.c.chosen_at,
        )
        .join(Provider, Provider.id == Authorization.provider_id)
        .outerjoin(
            last,
            and_(
                last.c.provider_id == Authorization.provider_id,
                last.c.service_id == Authorization.service_id,
            ),
        )
        .where(
            authorized_on(today),
            Authorization.valid_until.is_(None),
            due_by(today + timedelta(days=within_days)),
        )
    )
    found = []
    for provider_id, name, service_id, valid_from, chosen_at in session.exec(statement):
        last_choice = None if chosen_at is None else choice_day(chosen_at)
        due = due_on(
            authorized_from=valid_from, last_choice=last_choice, recording_began=recording_began
        )
        found.append(
            IdleService(provider_id, name, service_id, valid_from, last_choice, due, due <= today)
        )
    found.sort(key=lambda i: (i.due_on, swedish_sort_key(i.provider_name), i.service_id))
    return IdleReport(recording_began, within_days, found)
