"""Switch requests after the choice has closed: who is told, the queue on the dashboard, review.

A new request is e-mailed to the caseworker who created the invitation (and to
CHOICE_TEAM_EMAIL, if set) and waits on the dashboard, oldest first, with its age.
The client reads the decision on their own page (only they, with the code, and
staff see the caseworker's reason) with the last day to ask for a review.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlmodel import Session, select

from webapp.catalog.models import Service
from webapp.choices.models import ChoiceInvitation, SwitchRequest
from webapp.choices.notices import external_url, notify_client, render_mail
from webapp.core.outbox import enqueue
from webapp.providers.models import Provider
from webapp.staff.models import StaffUser

# Dates people read (ages, the last day to ask for a review) are the municipality's.
MUNICIPAL_TIME_ZONE = ZoneInfo("Europe/Stockholm")
# A client may ask for a refused switch to be looked at again within three weeks.
REVIEW_DAYS = 21
# A request whose provider lost its authorization before it was decided.
WITHDRAWN = "withdrawn"


def local_date(moment: datetime) -> date:
    """Return the municipality's date at a stored moment (SQLite gives it back without zone)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(MUNICIPAL_TIME_ZONE).date()


def age_in_days(requested_at: datetime, *, today: date) -> int:
    """Return how many days a request has waited: 0 on the day it came."""
    return max((today - local_date(requested_at)).days, 0)


def review_deadline(decided_at: datetime) -> date:
    """Return the last day the client may ask for the decision to be looked at again."""
    return local_date(decided_at) + timedelta(days=REVIEW_DAYS)


# --- The dashboard's queue ---------------------------------------------------------------


@dataclass(frozen=True)
class PendingSwitch:
    """A switch request awaiting a decision, as the dashboard lists it."""

    request_id: int
    invitation_id: int
    case_reference: str
    service: Service
    provider_name: str  # the provider asked for
    requested_at: datetime
    age_days: int


def list_pending_switch_requests(session: Session, *, today: date) -> list[PendingSwitch]:
    """Return every switch request awaiting a decision, oldest first, with its age."""
    statement = (
        select(SwitchRequest, ChoiceInvitation.case_reference, Service, Provider.name)
        .join(ChoiceInvitation, ChoiceInvitation.id == SwitchRequest.invitation_id)
        .join(Service, Service.id == ChoiceInvitation.service_id)
        .join(Provider, Provider.id == SwitchRequest.provider_id)
        .where(SwitchRequest.status == "pending", ChoiceInvitation.cancelled_at.is_(None))
        .order_by(SwitchRequest.requested_at, SwitchRequest.id)
    )
    return [
        PendingSwitch(
            request_id=request.id,
            invitation_id=request.invitation_id,
            case_reference=reference,
            service=service,
            provider_name=provider_name,
            requested_at=request.requested_at,
            age_days=age_in_days(request.requested_at, today=today),
        )
        for request, reference, service, provider_name in session.exec(statement)
    ]


# --- Telling people ----------------------------------------------------------------------


def caseworker_addresses(session: Session, invitation: ChoiceInvitation) -> list[str]:
    """Return who hears of a new switch request: the invitation's creator and the team."""
    found = []
    if invitation.created_by is not None:
        creator = session.get(StaffUser, invitation.created_by)
        if creator is not None and creator.is_active:
            found.append(creator.email)
    team = current_app.config["CHOICE_TEAM_EMAIL"]
    if team and team not in found:
        found.append(team)
    return found


def notify_caseworkers(session: Session, invitation: ChoiceInvitation) -> int:
    """Queue an e-mail about a new switch request to the caseworkers (for actions)."""
    addresses = caseworker_addresses(session, invitation)
    if not addresses:
        return 0
    # Staff read Swedish; the message names the invitation, never the client or the reason.
    subject, body = render_mail(
        "admin/mail/switch_requested.txt",
        "sv",
        invitation=invitation,
        invitation_url=external_url("admin.choice", invitation_id=invitation.id),
        dashboard_url=external_url("admin.dashboard"),
    )
    queued = [
        enqueue(session, to=to, subject=subject, body=body, lang="sv", kind="switch_requested")
        for to in addresses
    ]
    return sum(message is not None for message in queued)


def notify_decision(session: Session, invitation: ChoiceInvitation, request: SwitchRequest):
    """Queue a notice of the decision to the client, if they left an address (for actions)."""
    provider = session.get(Provider, request.provider_id)
    return notify_client(
        session,
        invitation,
        kind="switch_approved" if request.status == "approved" else "switch_rejected",
        provider_name=provider.name,
        review_by=review_deadline(request.decided_at),
    )
