"""Staff's view of the clients a de-authorization reached: the list, and their letters.

Only staff pages read these: case references and invitation states are never
shown to anyone else.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import aliased, selectinload
from sqlmodel import Session, select

from webapp.catalog.models import Service
from webapp.choices.displacement import SWITCH, default_after_window
from webapp.choices.models import ChoiceInvitation, Displacement
from webapp.choices.state import standing_provider_id, with_current_choice
from webapp.providers.models import Provider

_standing = aliased(Provider, name="standing_provider")


@dataclass(frozen=True)
class DisplacedClient:
    """One invitation a de-authorization gave a new window, and where it stands now."""

    displacement: Displacement
    invitation: ChoiceInvitation
    service: Service
    standing: Provider | None  # the provider that stands today
    chose_again: bool  # the provider that went no longer stands (or the switch was withdrawn)


def list_displaced_clients(
    session: Session, *, provider_id: int, today: date
) -> list[DisplacedClient]:
    """Return every new window this provider's de-authorizations opened, newest first."""
    statement = (
        with_current_choice(select(ChoiceInvitation, Displacement, Service, _standing))
        .join(Displacement, Displacement.invitation_id == ChoiceInvitation.id)
        .join(Service, Service.id == ChoiceInvitation.service_id)
        .outerjoin(_standing, _standing.id == standing_provider_id(today))
        .where(Displacement.provider_id == provider_id)
        .order_by(Displacement.id.desc())
    )
    return [
        DisplacedClient(
            displacement=displacement,
            invitation=invitation,
            service=service,
            standing=standing,
            chose_again=displacement.reason != SWITCH
            and (standing is None or standing.id != provider_id),
        )
        for invitation, displacement, service, standing in session.exec(statement)
    ]


@dataclass(frozen=True)
class DisplacementLetter:
    """What one client's letter says: the provider gone, the new last day, the default."""

    invitation: ChoiceInvitation
    service: Service
    provider_name: str
    effective_date: date
    deadline: date
    default_name: str  # "" when the caseworker settles it
    keeps_current: bool


def list_displacement_letters(
    session: Session, *, provider_id: int, today: date
) -> list[DisplacementLetter]:
    """Return a letter for each client whose new window is still open, by invitation."""
    provider = session.get(Provider, provider_id)
    statement = (
        select(ChoiceInvitation, Displacement, Service)
        .join(Displacement, Displacement.invitation_id == ChoiceInvitation.id)
        .join(Service, Service.id == ChoiceInvitation.service_id)
        .where(
            Displacement.provider_id == provider_id,
            Displacement.deadline >= today,
            ChoiceInvitation.cancelled_at.is_(None),
        )
        .options(selectinload(Service.translations))
        .order_by(ChoiceInvitation.id, Displacement.id.desc())
    )
    letters, seen = [], set()
    for invitation, displacement, service in session.exec(statement):
        if invitation.id in seen:
            continue  # the latest window of each invitation
        seen.add(invitation.id)
        default = default_after_window(
            session,
            service_id=invitation.service_id,
            provider_id=provider_id,
            deadline=displacement.deadline,
        )
        letters.append(
            DisplacementLetter(
                invitation=invitation,
                service=service,
                provider_name=provider.name,
                effective_date=displacement.effective_date,
                deadline=displacement.deadline,
                default_name=default.name if default else "",
                keeps_current=displacement.reason == SWITCH,
            )
        )
    return letters
