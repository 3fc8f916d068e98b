"""Where an invitation stands, and whether its default is due: each rule in Python and in SQL.

The Python predicates describe one invitation from its rows; their SQL twins let
the caseworkers' list filter, count and export by the same rules in one
statement. ``tests/integration/choices/test_state_twins.py`` checks that they
agree over every combination of the facts they read.

Nothing here writes. After the last day to choose, without a choice, the
municipality's default provider stands at once (``DEFAULT_APPLIED``) even
before the ``apply_default`` action has recorded it; ``unrecorded_default``
tells the pages so.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.orm import aliased

from webapp.authorizations.in_force import authorized_on
from webapp.authorizations.models import Authorization
from webapp.choices.models import Choice, ChoiceInvitation, SwitchRequest
from webapp.providers.models import Provider

# In SQL: the invitation's current choice (outer-joined, see with_current_choice)
# and its switch requests awaiting a decision.
current_choice = aliased(Choice, name="current_choice")
_pending = aliased(SwitchRequest, name="pending_switch")


class ChoiceState(StrEnum):
    """Where an invitation stands."""

    WAITING = "waiting"
    CHOSEN = "chosen"
    DEFAULT_APPLIED = "default_applied"
    SWITCH_REQUESTED = "switch_requested"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class InvitationStatus:
    """An invitation's state today, derived from its rows."""

    state: ChoiceState
    current: Choice | None  # the recorded current choice
    pending_switch: SwitchRequest | None
    # The provider that stands now: the current choice's, or the default that is due.
    provider_id: int | None
    kind: str | None  # how that provider came to stand: "client", "default" or "switch"
    unrecorded_default: bool  # the default stands but the action has not recorded it yet
    default_missing: bool  # the default is due but no municipal provider is authorized
    provider_deauthorized: bool  # the chosen provider can no longer deliver the service
    can_choose: bool
    open_until: date


# --- The last day to choose --------------------------------------------------------------


def last_day(invitation: ChoiceInvitation) -> date:
    """Return the last day the client may choose: the deadline, or a later reopened day."""
    return max(invitation.deadline, invitation.reopened_until or invitation.deadline)


def past_last_day(invitation: ChoiceInvitation, today: date) -> bool:
    """Tell whether the last day to choose has passed."""
    return today > last_day(invitation)


def past_last_day_clause(today: date):
    """Return the SQL condition for an invitation past its last day; twin of past_last_day."""
    return and_(
        ChoiceInvitation.deadline < today,
        or_(ChoiceInvitation.reopened_until.is_(None), ChoiceInvitation.reopened_until < today),
    )


# --- Is the default due ------------------------------------------------------------------


def default_is_due(invitation: ChoiceInvitation, *, current: Choice | None, today: date) -> bool:
    """Tell whether the default provider is due: open, past the last day, nothing chosen."""
    return invitation.cancelled_at is None and current is None and past_last_day(invitation, today)


def default_due_clause(today: date):
    """Return the SQL condition for a due default (needs with_current_choice); twin of the above."""
    return and_(
        ChoiceInvitation.cancelled_at.is_(None),
        current_choice.id.is_(None),
        past_last_day_clause(today),
    )


def default_provider_id(service_id, day: date):
    """Return, as SQL, the default provider for a service on a day, or NULL if there is none.

    The default is the municipality's own provider authorized for the service that
    day (the lowest id, should there ever be two). ``service_id`` is a value or a
    column, such as ChoiceInvitation.service_id for each invitation of a list.
    """
    return (
        select(func.min(Provider.id))
        .join(Authorization, Authorization.provider_id == Provider.id)
        .where(Provider.is_municipal, Authorization.service_id == service_id, authorized_on(day))
        # Only the invitation comes from outside, even where the query around joins a provider.
        .correlate(ChoiceInvitation)
        .scalar_subquery()
    )


# --- The state ---------------------------------------------------------------------------


def describe_invitation(
    invitation: ChoiceInvitation,
    *,
    current: Choice | None,
    switch: SwitchRequest | None,
    current_authorized: bool,
    default_provider: int | None,
    today: date,
) -> InvitationStatus:
    """Derive the state and what the client may do from the rows.

    ``current_authorized`` tells whether the current choice's provider may deliver
    the service today; ``default_provider`` is the default provider's id today
    (see default_provider_id), or None.
    """
    due = default_is_due(invitation, current=current, today=today)
    defaulted = due and default_provider is not None
    if invitation.cancelled_at is not None:
        state = ChoiceState.CANCELLED
    elif switch is not None:
        state = ChoiceState.SWITCH_REQUESTED
    elif current is None:
        state = ChoiceState.DEFAULT_APPLIED if defaulted else ChoiceState.WAITING
    elif current.kind == "default":
        state = ChoiceState.DEFAULT_APPLIED
    else:
        state = ChoiceState.CHOSEN
    if current is not None:
        provider_id, kind = current.provider_id, current.kind
    else:
        provider_id, kind = (default_provider, "default") if defaulted else (None, None)
    deauthorized = current is not None and not current_authorized
    open_until = last_day(invitation)
    can_choose = state is not ChoiceState.CANCELLED and (today <= open_until or deauthorized)
    return InvitationStatus(
        state=state,
        current=current,
        pending_switch=switch,
        provider_id=provider_id,
        kind=kind,
        unrecorded_default=defaulted,
        default_missing=due and default_provider is None,
        provider_deauthorized=deauthorized,
        can_choose=can_choose,
        open_until=open_until,
    )


def with_current_choice(statement):
    """Outer-join each invitation's current choice, which the SQL twins below read."""
    return statement.select_from(ChoiceInvitation).outerjoin(
        current_choice,
        and_(current_choice.invitation_id == ChoiceInvitation.id, current_choice.is_current),
    )


def pending_switch_clause():
    """Return the SQL condition for an invitation with a switch request awaiting a decision."""
    return exists().where(
        _pending.invitation_id == ChoiceInvitation.id, _pending.status == "pending"
    )


def _defaulted(today: date):
    return and_(
        default_due_clause(today),
        default_provider_id(ChoiceInvitation.service_id, today).is_not(None),
    )


def state_clause(state: ChoiceState, today: date):
    """Return the SQL condition for a state (needs with_current_choice); see describe_invitation."""
    open_ = ChoiceInvitation.cancelled_at.is_(None)
    settled = and_(open_, ~pending_switch_clause())
    nothing_recorded = current_choice.id.is_(None)
    if state is ChoiceState.CANCELLED:
        return ChoiceInvitation.cancelled_at.is_not(None)
    if state is ChoiceState.SWITCH_REQUESTED:
        return and_(open_, pending_switch_clause())
    if state is ChoiceState.WAITING:
        return and_(settled, nothing_recorded, ~_defaulted(today))
    if state is ChoiceState.DEFAULT_APPLIED:
        return and_(
            settled,
            or_(and_(nothing_recorded, _defaulted(today)), current_choice.kind == "default"),
        )
    return and_(settled, current_choice.id.is_not(None), current_choice.kind != "default")


def standing_provider_id(today: date):
    """Return, as SQL, the provider that stands now (needs with_current_choice).

    The twin of InvitationStatus.provider_id: the current choice's provider, else
    the default provider once it is due, else NULL.
    """
    return case(
        (current_choice.id.is_not(None), current_choice.provider_id),
        (default_due_clause(today), default_provider_id(ChoiceInvitation.service_id, today)),
        else_=None,
    )


def standing_default_clause():
    """Return the SQL condition, where a provider stands, that it stands as the default.

    The twin of ``InvitationStatus.kind == "default"``: a recorded default, or no
    recorded choice at all (so the provider standing is the default that is due).
    """
    return or_(current_choice.id.is_(None), current_choice.kind == "default")
