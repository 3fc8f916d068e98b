"""When a provider loses its authorization: which clients it affects, and their new choice.

Affected are the invitations, not cancelled, for a service the decision covers,
whose provider standing today (recorded, or the default that is due) is the
provider, or that wait for a decision on a switch to it. The de-authorization
(``webapp.authorizations.actions.deauthorize``) calls ``open_new_choice_windows``
in its own transaction: each affected invitation gets a new last day to choose
(CHOICE_DEADLINE_DAYS after the effective date or the decision, whichever is
later), a pending switch to the provider is withdrawn, and the client is told.
A scheduled de-authorization opens the windows at once, so clients hear early.

If the client has not chosen again when the window closes, the default applies:
the municipality's own provider if it may deliver the service, otherwise the
caseworker settles it (``window_default_due`` and its SQL twin, applied daily).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import and_, exists, or_
from sqlmodel import Session, select

from webapp.authorizations.in_force import authorized_on
from webapp.authorizations.models import Authorization
from webapp.choices.models import Choice, ChoiceInvitation, Displacement, SwitchRequest
from webapp.choices.notices import notify_client
from webapp.choices.queries import describe_row, find_default_provider, status_statement
from webapp.choices.state import (
    InvitationStatus,
    current_choice,
    past_last_day,
    past_last_day_clause,
    standing_provider_id,
    with_current_choice,
)
from webapp.choices.switching import WITHDRAWN
from webapp.core import clock
from webapp.core.actions import action
from webapp.core.clock import utc_now
from webapp.providers.models import Provider
from webapp.staff.audit import record_event, snapshot

# How an invitation stood with the provider that goes.
CURRENT = "current"  # the provider stands and the choice is closed: the service is under way
PENDING_START = "pending_start"  # chosen, and the choice is still open: not started yet
SWITCH = "switch"  # the client asked to switch to the provider; no decision yet
DISPLACEMENT_FIELDS = ("invitation_id", "provider_id", "reason", "effective_date", "deadline")


def window_deadline(*, effective_date: date, decided_on: date, days: int) -> date:
    """Return the new last day to choose: some days after the effective date or the decision."""
    return max(effective_date, decided_on) + timedelta(days=days)


def affected_reason(status: InvitationStatus, *, provider_id: int) -> str:
    """Say how an affected invitation stands with the provider that goes."""
    if status.provider_id == provider_id:
        return PENDING_START if status.can_choose else CURRENT
    return SWITCH


@dataclass(frozen=True)
class AffectedInvitation:
    """An invitation a de-authorization affects, as staff see it before deciding."""

    invitation: ChoiceInvitation
    status: InvitationStatus
    reason: str


def _pending_switch_to(provider_id: int):
    return exists().where(
        SwitchRequest.invitation_id == ChoiceInvitation.id,
        SwitchRequest.status == "pending",
        SwitchRequest.provider_id == provider_id,
    )


def list_affected_invitations(
    session: Session, *, provider_id: int, service_ids, today: date
) -> list[AffectedInvitation]:
    """Return the invitations losing the provider for these services, by deadline; no writes."""
    statement = (
        status_statement(today)
        .where(
            ChoiceInvitation.cancelled_at.is_(None),
            ChoiceInvitation.service_id.in_(list(service_ids)),
            or_(standing_provider_id(today) == provider_id, _pending_switch_to(provider_id)),
        )
        .order_by(ChoiceInvitation.deadline, ChoiceInvitation.id)
    )
    found = []
    for row in session.exec(statement):
        status = describe_row(row, today)
        reason = affected_reason(status, provider_id=provider_id)
        found.append(AffectedInvitation(invitation=row[0], status=status, reason=reason))
    return found


def default_after_window(
    session: Session, *, service_id: int, provider_id: int, deadline: date
) -> Provider | None:
    """Return the provider the default will give after the window, or None (the caseworker)."""
    default = find_default_provider(
        session, service_id=service_id, day=deadline + timedelta(days=1)
    )
    # Asked before the decision is recorded: the provider that goes is never the default.
    return None if default is None or default.id == provider_id else default


@action("choice.window_open", "choice.switch_withdraw")
def open_new_choice_windows(
    session: Session,
    *,
    provider_id: int,
    service_ids,
    effective_date: date,
    decided_by: int | None,
    today: date | None = None,
) -> list[Displacement]:
    """Give every invitation the de-authorization affects a new window to choose, and tell them."""
    from webapp.choices.actions import settle_due_default  # actions imports switching

    today = today or clock.today()
    deadline = window_deadline(
        effective_date=effective_date,
        decided_on=today,
        days=current_app.config["CHOICE_DEADLINE_DAYS"],
    )
    provider = session.get(Provider, provider_id)
    made = []
    for affected in list_affected_invitations(
        session, provider_id=provider_id, service_ids=service_ids, today=today
    ):
        invitation = affected.invitation
        # A default that fell due is recorded first, so the history reads in order.
        settle_due_default(session, invitation, today=today)
        if affected.reason == SWITCH:
            _withdraw_switch(session, invitation, affected.status.pending_switch)
        displacement = Displacement(
            invitation_id=invitation.id,
            provider_id=provider_id,
            reason=affected.reason,
            effective_date=effective_date,
            deadline=deadline,
            created_by=decided_by,
        )
        invitation.reopened_until = max(deadline, invitation.reopened_until or deadline)
        session.add_all([displacement, invitation])
        session.flush()
        record_event(
            session,
            "choice.window_open",
            entity_type="choice_invitation",
            entity_id=invitation.id,
            summary=f"provider {provider_id} from {effective_date.isoformat()}",
            after={
                **snapshot(displacement, DISPLACEMENT_FIELDS),
                "reopened_until": invitation.reopened_until.isoformat(),
            },
        )
        default = default_after_window(
            session, service_id=invitation.service_id, provider_id=provider_id, deadline=deadline
        )
        notify_client(
            session,
            invitation,
            kind="provider_gone",
            provider_name=provider.name,
            effective_date=effective_date,
            deadline=deadline,
            default_name=default.name if default else "",
            keeps_current=affected.reason == SWITCH,
        )
        made.append(displacement)
    session.flush()
    return made


def _withdraw_switch(session: Session, invitation: ChoiceInvitation, switch) -> None:
    before = snapshot(switch, ("status",))
    switch.status = WITHDRAWN
    switch.decided_at = utc_now()
    session.add(switch)
    session.flush()
    record_event(
        session,
        "choice.switch_withdraw",
        entity_type="switch_request",
        entity_id=switch.id,
        summary=f"invitation {invitation.id}, provider {switch.provider_id}",
        before=before,
        after=snapshot(switch, ("status",)),
    )


# --- The default when the window has closed: the rule in Python and in SQL ---------------


def window_default_due(
    invitation: ChoiceInvitation,
    displacement: Displacement,
    *,
    current: Choice | None,
    current_authorized: bool,
    today: date,
) -> bool:
    """Tell whether the window is over and the client still stands with the provider gone."""
    return (
        invitation.cancelled_at is None
        and past_last_day(invitation, today)
        and current is not None
        and current.provider_id == displacement.provider_id
        and not current_authorized
    )


def window_default_due_clause(today: date):
    """Return the SQL condition for window_default_due (needs with_current_choice); its twin."""
    still_authorized = exists().where(
        Authorization.provider_id == current_choice.provider_id,
        Authorization.service_id == ChoiceInvitation.service_id,
        authorized_on(today),
    )
    return and_(
        ChoiceInvitation.cancelled_at.is_(None),
        past_last_day_clause(today),
        current_choice.provider_id == Displacement.provider_id,
        ~still_authorized,
    )


def list_window_defaults_due(session: Session, *, today: date) -> list[tuple]:
    """Return (invitation, displacement) where the window has closed on a provider gone."""
    statement = (
        with_current_choice(select(ChoiceInvitation, Displacement))
        .join(Displacement, Displacement.invitation_id == ChoiceInvitation.id)
        .where(window_default_due_clause(today))
        .order_by(ChoiceInvitation.id, Displacement.id.desc())
    )
    seen, found = set(), []
    for invitation, displacement in session.exec(statement):
        if invitation.id not in seen:  # the latest displacement of each invitation
            seen.add(invitation.id)
            found.append((invitation, displacement))
    return found


@action("choice.default")
def apply_window_default(
    session: Session, invitation: ChoiceInvitation, displacement: Displacement, *, today: date
) -> Choice | None:
    """Record the default for a client whose window closed on a provider gone; None if none.

    Nothing is recorded when the window is not over, the client chose again, or
    no other municipal provider may deliver the service (the caseworker settles it).
    """
    from webapp.choices.actions import NO_STAFF, ChoiceRaced, record_choice
    from webapp.choices.actions import _record_choice_event as record_choice_event
    from webapp.choices.queries import read_status

    status = read_status(session, invitation=invitation, today=today)
    due = window_default_due(
        invitation,
        displacement,
        current=status.current,
        current_authorized=not status.provider_deauthorized,
        today=today,
    )
    default = find_default_provider(session, service_id=invitation.service_id, day=today)
    if not due or default is None or default.id == displacement.provider_id:
        return None
    try:
        choice = record_choice(
            session, invitation, provider_id=default.id, kind="default", today=today
        )
    except ChoiceRaced:
        return None  # the client chose at the same moment: their choice stands
    record_choice_event(session, "choice.default", invitation, choice, actor=NO_STAFF)
    return choice
