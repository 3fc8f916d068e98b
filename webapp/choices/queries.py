"""Queries for the caseworkers' choice pages: invitations with their state, history, counts."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import and_, case, exists, func, or_
from sqlalchemy.orm import aliased, selectinload
from sqlmodel import Session, select

from webapp.authorizations.in_force import authorized_on
from webapp.authorizations.models import Authorization
from webapp.catalog.models import Service
from webapp.choices.models import Choice, ChoiceInvitation, SwitchRequest
from webapp.choices.rules import ChoiceState, InvitationStatus, describe_invitation
from webapp.providers.models import Provider
from webapp.staff.models import StaffUser

# The choice that stands now, and the oldest switch request awaiting a decision.
_current = aliased(Choice, name="current_choice")
_pending = aliased(SwitchRequest, name="pending_switch")
_first_pending = aliased(SwitchRequest, name="first_pending")
_recorder = aliased(StaffUser, name="recorder")
_decider = aliased(StaffUser, name="decider")


@dataclass(frozen=True)
class ChoiceFilters:
    """What the caseworker narrowed the list by; None or False means no filter."""

    state: ChoiceState | None = None
    service_id: int | None = None
    provider_id: int | None = None  # the current choice's provider
    deadline_passed: bool = False


@dataclass(frozen=True)
class InvitationRow:
    """One invitation as the list shows it: its state, current provider and service code."""

    invitation: ChoiceInvitation
    status: InvitationStatus
    provider: Provider | None
    service_code: str


@dataclass(frozen=True)
class ProviderCount:
    """How many invitations currently stand with a provider, by how they got there."""

    provider: Provider
    chosen: int  # by the client, on the site, by phone or by a switch
    defaulted: int  # the default provider, after the deadline

    @property
    def total(self) -> int:
        """Return all current choices for the provider."""
        return self.chosen + self.defaulted


@dataclass(frozen=True)
class HistoryEntry:
    """One recorded choice with its provider and the staff member who recorded it, if any."""

    choice: Choice
    provider: Provider
    recorded_by: str  # e-mail, empty when the client or the system recorded it


@dataclass(frozen=True)
class SwitchEntry:
    """A switch request with the provider asked for and who decided it, if anyone."""

    request: SwitchRequest
    provider: Provider
    decided_by: str


def _pending_switch_exists():
    return exists().where(
        _pending.invitation_id == ChoiceInvitation.id, _pending.status == "pending"
    )


def _state_condition(state: ChoiceState):
    """Return the SQL condition for a state; it mirrors webapp.choices.describe_invitation."""
    open_ = ChoiceInvitation.cancelled_at.is_(None)
    pending = _pending_switch_exists()
    settled = and_(open_, ~pending)
    return {
        ChoiceState.CANCELLED: ChoiceInvitation.cancelled_at.is_not(None),
        ChoiceState.SWITCH_REQUESTED: and_(open_, pending),
        ChoiceState.WAITING: and_(settled, _current.id.is_(None)),
        ChoiceState.DEFAULT_APPLIED: and_(settled, _current.kind == "default"),
        ChoiceState.CHOSEN: and_(settled, _current.id.is_not(None), _current.kind != "default"),
    }[state]


def _past_last_day(today: date):
    """Return the SQL condition for an invitation whose last day to choose has passed."""
    return and_(
        ChoiceInvitation.deadline < today,
        or_(ChoiceInvitation.reopened_until.is_(None), ChoiceInvitation.reopened_until < today),
    )


def _with_current(statement):
    return statement.select_from(ChoiceInvitation).outerjoin(
        _current, and_(_current.invitation_id == ChoiceInvitation.id, _current.is_current)
    )


def _filtered(statement, filters: ChoiceFilters, today: date):
    if filters.state is not None:
        statement = statement.where(_state_condition(filters.state))
    if filters.service_id is not None:
        statement = statement.where(ChoiceInvitation.service_id == filters.service_id)
    if filters.provider_id is not None:
        statement = statement.where(_current.provider_id == filters.provider_id)
    if filters.deadline_passed:
        statement = statement.where(_past_last_day(today))
    return statement


def count_invitations(session: Session, *, filters: ChoiceFilters, today: date) -> int:
    """Count the invitations that match the filters."""
    statement = _with_current(select(func.count(ChoiceInvitation.id)))
    return session.exec(_filtered(statement, filters, today)).one()


def list_invitation_rows(
    session: Session,
    *,
    filters: ChoiceFilters,
    today: date,
    limit: int | None = None,
    offset: int = 0,
) -> list[InvitationRow]:
    """Return matching invitations with their state, newest first, in one statement.

    The state comes from webapp.choices.describe_invitation, as read_status gives it;
    defaults that are due must have been applied first (see webapp.choice_jobs).
    """
    authorized = (
        exists()
        .where(
            Authorization.provider_id == _current.provider_id,
            Authorization.service_id == ChoiceInvitation.service_id,
            authorized_on(today),
        )
        .label("authorized")
    )
    first_pending_id = (
        select(func.min(_pending.id))
        .where(_pending.invitation_id == ChoiceInvitation.id, _pending.status == "pending")
        .correlate(ChoiceInvitation)
        .scalar_subquery()
    )
    statement = (
        _with_current(
            select(ChoiceInvitation, _current, Provider, _first_pending, Service.code, authorized)
        )
        .join(Service, Service.id == ChoiceInvitation.service_id)
        .outerjoin(Provider, Provider.id == _current.provider_id)
        .outerjoin(_first_pending, _first_pending.id == first_pending_id)
        .order_by(ChoiceInvitation.created_at.desc(), ChoiceInvitation.id.desc())
    )
    statement = _filtered(statement, filters, today)
    if limit is not None:
        statement = statement.limit(limit).offset(offset)
    return [
        InvitationRow(
            invitation=invitation,
            status=describe_invitation(
                invitation,
                current=current,
                switch=switch,
                current_authorized=bool(is_authorized),
                today=today,
            ),
            provider=provider,
            service_code=service_code,
        )
        for invitation, current, provider, switch, service_code, is_authorized in session.exec(
            statement
        )
    ]


def count_current_choices_by_provider(
    session: Session, *, filters: ChoiceFilters, today: date
) -> list[ProviderCount]:
    """Count the current choices per provider among matching, not cancelled invitations."""
    defaulted = func.sum(case((_current.kind == "default", 1), else_=0))
    statement = (
        _with_current(select(Provider, func.count(_current.id), defaulted))
        .join(Provider, Provider.id == _current.provider_id)
        .where(ChoiceInvitation.cancelled_at.is_(None))
        .group_by(Provider.id)
        .order_by(func.count(_current.id).desc(), Provider.name)
    )
    statement = _filtered(statement, filters, today)
    return [
        ProviderCount(provider=provider, chosen=total - (default or 0), defaulted=default or 0)
        for provider, total, default in session.exec(statement)
    ]


def list_due_invitations(
    session: Session, *, today: date, after_id: int = 0, limit: int | None = None
) -> list[ChoiceInvitation]:
    """Return open invitations past their last day without a current choice, by id.

    The same conditions as webapp.choices.apply_default_if_due, as SQL.
    """
    statement = (
        _with_current(select(ChoiceInvitation))
        .where(
            ChoiceInvitation.cancelled_at.is_(None),
            _past_last_day(today),
            _current.id.is_(None),
            ChoiceInvitation.id > after_id,
        )
        .order_by(ChoiceInvitation.id)
    )
    if limit is not None:
        statement = statement.limit(limit)
    return list(session.exec(statement))


def map_default_providers(session: Session, *, service_ids: set[int], day: date) -> dict[int, int]:
    """Map each service to its default provider that day, as find_default_provider picks it."""
    if not service_ids:
        return {}
    statement = (
        select(Authorization.service_id, func.min(Provider.id))
        .join(Provider, Provider.id == Authorization.provider_id)
        .where(
            Provider.is_municipal,
            Authorization.service_id.in_(service_ids),
            authorized_on(day),
        )
        .group_by(Authorization.service_id)
    )
    return dict(session.exec(statement).all())


def get_invitation(session: Session, *, invitation_id: int) -> ChoiceInvitation | None:
    """Return one invitation, or None."""
    return session.get(ChoiceInvitation, invitation_id)


def get_service(session: Session, *, service_id: int) -> Service | None:
    """Return a service with its translations and scheme, or None."""
    statement = (
        select(Service)
        .where(Service.id == service_id)
        .options(selectinload(Service.translations), selectinload(Service.scheme))
    )
    return session.exec(statement).first()


def get_staff_email(session: Session, *, user_id: int | None) -> str:
    """Return a staff member's e-mail address, or an empty string."""
    if user_id is None:
        return ""
    return session.exec(select(StaffUser.email).where(StaffUser.id == user_id)).first() or ""


def list_choice_history(session: Session, *, invitation_id: int) -> list[HistoryEntry]:
    """Return every choice recorded for an invitation, oldest first."""
    statement = (
        select(Choice, Provider, _recorder.email)
        .join(Provider, Provider.id == Choice.provider_id)
        .outerjoin(_recorder, _recorder.id == Choice.recorded_by)
        .where(Choice.invitation_id == invitation_id)
        .order_by(Choice.chosen_at, Choice.id)
    )
    return [
        HistoryEntry(choice=choice, provider=provider, recorded_by=email or "")
        for choice, provider, email in session.exec(statement)
    ]


def list_switch_requests(session: Session, *, invitation_id: int) -> list[SwitchEntry]:
    """Return an invitation's switch requests, oldest first."""
    statement = (
        select(SwitchRequest, Provider, _decider.email)
        .join(Provider, Provider.id == SwitchRequest.provider_id)
        .outerjoin(_decider, _decider.id == SwitchRequest.decided_by)
        .where(SwitchRequest.invitation_id == invitation_id)
        .order_by(SwitchRequest.requested_at, SwitchRequest.id)
    )
    return [
        SwitchEntry(request=request, provider=provider, decided_by=email or "")
        for request, provider, email in session.exec(statement)
    ]


def get_switch_request(session: Session, *, request_id: int) -> SwitchRequest | None:
    """Return one switch request, or None."""
    return session.get(SwitchRequest, request_id)


def list_providers_for_service(session: Session, *, service_id: int, day: date) -> list[Provider]:
    """Return the providers authorized for a service on a day, by name."""
    statement = (
        select(Provider)
        .where(
            exists().where(
                Authorization.provider_id == Provider.id,
                Authorization.service_id == service_id,
                authorized_on(day),
            )
        )
        .order_by(Provider.name)
    )
    return list(session.exec(statement))


def list_provider_names(session: Session) -> list[Provider]:
    """Return every provider, by name, for the list's provider filter."""
    return list(session.exec(select(Provider).order_by(Provider.name)))


def provider_ids_with_new_choices_since(session: Session, *, since: date) -> set[int]:
    """Return the providers chosen (by a client, a switch or as default) on or after a day.

    Counts past choices too: a customer who later switched was still a new customer.
    """
    # Midnight UTC: an hour or two off the municipality's midnight, which does not
    # matter for a twelve-month rule.
    start = datetime.combine(since, time.min, tzinfo=UTC)
    statement = (
        select(Choice.provider_id)
        .where(Choice.kind.in_(("client", "switch", "default")), Choice.chosen_at >= start)
        .distinct()
    )
    return set(session.exec(statement))
