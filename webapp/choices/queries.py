"""Reading invitations, choices and switch requests: lookups, an invitation's state, its pages.

The caseworkers' list of invitations (filters, counts, export) is in
``webapp.choices.listing``.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING

from sqlalchemy import exists, func
from sqlalchemy.orm import aliased, selectinload
from sqlmodel import Session, select

from webapp.authorizations.in_force import authorized_on
from webapp.authorizations.models import Authorization
from webapp.catalog.models import Service
from webapp.choices.codes import hash_code, normalize_code
from webapp.choices.models import Choice, ChoiceInvitation, SwitchRequest
from webapp.choices.rules import change_until, may_request_switch
from webapp.choices.state import (
    InvitationStatus,
    current_choice,
    default_due_clause,
    default_provider_id,
    describe_invitation,
    with_current_choice,
)
from webapp.providers.models import Office, Provider
from webapp.staff.models import StaffUser

if TYPE_CHECKING:
    from webapp.choices.follow_up import FollowUp

_first_pending = aliased(SwitchRequest, name="first_pending")
_recorder = aliased(StaffUser, name="recorder")
_decider = aliased(StaffUser, name="decider")


# --- Lookups -----------------------------------------------------------------------------


def find_invitation_by_code(session: Session, *, code: str, key: str) -> ChoiceInvitation | None:
    """Return the invitation a code belongs to, or None."""
    if normalize_code(code) is None:
        return None
    statement = select(ChoiceInvitation).where(ChoiceInvitation.code_hash == hash_code(code, key))
    return session.exec(statement).first()


def get_invitation(session: Session, *, invitation_id: int) -> ChoiceInvitation | None:
    """Return one invitation, or None."""
    return session.get(ChoiceInvitation, invitation_id)


def get_switch_request(session: Session, *, request_id: int) -> SwitchRequest | None:
    """Return one switch request, or None."""
    return session.get(SwitchRequest, request_id)


def get_service(session: Session, *, service_id: int) -> Service | None:
    """Return a service with its translations and scheme, or None."""
    statement = (
        select(Service)
        .where(Service.id == service_id)
        .options(selectinload(Service.translations), selectinload(Service.scheme))
    )
    return session.exec(statement).first()


def get_provider_contact(session: Session, *, provider_id: int | None) -> Provider | None:
    """Return a provider with its offices and translations, for naming and contacting it."""
    if provider_id is None:
        return None
    statement = (
        select(Provider)
        .where(Provider.id == provider_id)
        .options(
            selectinload(Provider.translations),
            selectinload(Provider.offices).selectinload(Office.translations),
        )
    )
    return session.exec(statement).first()


def is_authorized(session: Session, *, provider_id: int, service_id: int, day: date) -> bool:
    """Tell whether a provider may deliver a service on a day."""
    statement = select(Authorization.id).where(
        Authorization.provider_id == provider_id,
        Authorization.service_id == service_id,
        authorized_on(day),
    )
    return session.exec(statement).first() is not None


def find_current_choice(session: Session, *, invitation_id: int) -> Choice | None:
    """Return the choice recorded as standing now, if any."""
    statement = select(Choice).where(Choice.invitation_id == invitation_id, Choice.is_current)
    return session.exec(statement).first()


def find_choice_by_token(session: Session, *, invitation_id: int, token: str) -> Choice | None:
    """Return the choice a confirm form's token made, if it was made."""
    statement = select(Choice).where(
        Choice.invitation_id == invitation_id, Choice.confirm_token == token
    )
    return session.exec(statement).first()


def find_default_provider(session: Session, *, service_id: int, day: date) -> Provider | None:
    """Return the default provider for a service on a day (see state.default_provider_id)."""
    statement = select(Provider).where(Provider.id == default_provider_id(service_id, day))
    return session.exec(statement).first()


def find_latest_switch_request(session: Session, *, invitation_id: int) -> SwitchRequest | None:
    """Return the invitation's most recent switch request, if any."""
    statement = (
        select(SwitchRequest)
        .where(SwitchRequest.invitation_id == invitation_id)
        .order_by(SwitchRequest.requested_at.desc(), SwitchRequest.id.desc())
    )
    return session.exec(statement).first()


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


# --- An invitation's state ---------------------------------------------------------------


def status_statement(today: date, *columns):
    """Select each invitation with what describe_invitation reads, then any other columns."""
    authorized = exists().where(
        Authorization.provider_id == current_choice.provider_id,
        Authorization.service_id == ChoiceInvitation.service_id,
        authorized_on(today),
    )
    first_pending_id = (
        select(func.min(SwitchRequest.id))
        .where(
            SwitchRequest.invitation_id == ChoiceInvitation.id, SwitchRequest.status == "pending"
        )
        .correlate(ChoiceInvitation)
        .scalar_subquery()
    )
    statement = select(
        ChoiceInvitation,
        current_choice,
        _first_pending,
        authorized.label("authorized"),
        default_provider_id(ChoiceInvitation.service_id, today).label("default_provider"),
        *columns,
    )
    return with_current_choice(statement).outerjoin(
        _first_pending, _first_pending.id == first_pending_id
    )


def describe_row(row, today: date) -> InvitationStatus:
    """Describe the invitation in a row that status_statement selected."""
    invitation, current, switch, authorized, default_provider = row[:5]
    return describe_invitation(
        invitation,
        current=current,
        switch=switch,
        current_authorized=bool(authorized),
        default_provider=default_provider,
        today=today,
    )


def read_status(session: Session, *, invitation: ChoiceInvitation, today: date) -> InvitationStatus:
    """Describe an invitation today, in one statement; it changes nothing."""
    statement = status_statement(today).where(ChoiceInvitation.id == invitation.id)
    return describe_row(session.exec(statement).one(), today)


def list_due_invitations(
    session: Session, *, today: date, after_id: int = 0, limit: int | None = None
) -> list[ChoiceInvitation]:
    """Return the invitations whose default is due (state.default_due_clause), by id."""
    statement = (
        with_current_choice(select(ChoiceInvitation))
        .where(default_due_clause(today), ChoiceInvitation.id > after_id)
        .order_by(ChoiceInvitation.id)
    )
    if limit is not None:
        statement = statement.limit(limit)
    return list(session.exec(statement))


# --- The client's pages ------------------------------------------------------------------


@dataclass(frozen=True)
class ChoicePage:
    """What every one of the client's choice pages shows about the invitation."""

    invitation: ChoiceInvitation
    status: InvitationStatus
    service: Service
    current_provider: Provider | None  # the provider that stands now, with contact details
    switch: SwitchRequest | None  # the latest switch request, pending or decided
    switch_provider: Provider | None
    can_request_switch: bool
    change_until: date | None  # the last day the client may still change the choice
    follow_up: "FollowUp"  # a switch decision, a provider gone, notices (choices.follow_up)


def read_choice_page(session: Session, *, invitation: ChoiceInvitation, today: date) -> ChoicePage:
    """Gather the invitation's state, service, standing provider and latest switch request."""
    from webapp.choices.follow_up import read_follow_up  # it reads through this module

    status = read_status(session, invitation=invitation, today=today)
    switch = find_latest_switch_request(session, invitation_id=invitation.id)
    switch_provider = switch and get_provider_contact(session, provider_id=switch.provider_id)
    return ChoicePage(
        invitation=invitation,
        status=status,
        service=get_service(session, service_id=invitation.service_id),
        current_provider=get_provider_contact(session, provider_id=status.provider_id),
        switch=switch,
        switch_provider=switch_provider,
        can_request_switch=may_request_switch(status),
        change_until=change_until(status, today=today),
        follow_up=read_follow_up(
            session,
            invitation,
            status,
            switch=switch,
            switch_provider=switch_provider,
            today=today,
        ),
    )


def find_choosable_provider(
    session: Session, *, slug: str, service_id: int, day: date
) -> Provider | None:
    """Return the provider with this slug if it may deliver the service that day, else None."""
    if not slug:
        return None
    statement = select(Provider).where(
        Provider.slug == slug,
        exists().where(
            Authorization.provider_id == Provider.id,
            Authorization.service_id == service_id,
            authorized_on(day),
        ),
    )
    return session.exec(statement).first()


def choosable_among(
    session: Session, *, invitation: ChoiceInvitation, provider_ids: list[int], today: date
) -> set[int]:
    """Return which of these providers the client may choose now, besides the one that stands.

    Empty when the invitation cannot be chosen with today (cancelled, closed).
    """
    status = read_status(session, invitation=invitation, today=today)
    wanted = set(provider_ids) - {status.provider_id}
    if not status.can_choose or not wanted:
        return set()
    statement = select(Authorization.provider_id).where(
        Authorization.provider_id.in_(wanted),
        Authorization.service_id == invitation.service_id,
        authorized_on(today),
    )
    return set(session.exec(statement))


# --- The caseworker's page of one invitation ---------------------------------------------


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


@dataclass(frozen=True)
class InvitationPage:
    """An invitation as its caseworker page shows it."""

    invitation: ChoiceInvitation
    status: InvitationStatus
    service: Service
    provider: Provider | None  # the provider that stands now
    created_by: str  # e-mail, empty if unknown
    history: list[HistoryEntry]
    switches: list[SwitchEntry]
    providers: list[Provider]  # those a choice may be recorded for today


def read_invitation_page(
    session: Session, *, invitation: ChoiceInvitation, today: date
) -> InvitationPage:
    """Gather what the caseworker sees of one invitation; it changes nothing."""
    status = read_status(session, invitation=invitation, today=today)
    creator = None
    if invitation.created_by is not None:
        creator = session.exec(
            select(StaffUser.email).where(StaffUser.id == invitation.created_by)
        ).first()
    return InvitationPage(
        invitation=invitation,
        status=status,
        service=get_service(session, service_id=invitation.service_id),
        provider=status.provider_id and session.get(Provider, status.provider_id),
        created_by=creator or "",
        history=list_choice_history(session, invitation_id=invitation.id),
        switches=list_switch_requests(session, invitation_id=invitation.id),
        providers=list_providers_for_service(session, service_id=invitation.service_id, day=today),
    )


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
