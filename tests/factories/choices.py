"""Invitations, choices and switch requests for tests, added straight to the session."""

from datetime import date, timedelta

from flask import current_app
from sqlalchemy import update
from sqlmodel import Session, select

from tests.factories import scene
from webapp.authorizations.models import Authorization
from webapp.catalog.models import Service
from webapp.choices.code_entry import selector_in_use
from webapp.choices.codes import code_selector, generate_code, hash_code
from webapp.choices.models import Choice, ChoiceInvitation, SwitchRequest
from webapp.core import clock
from webapp.core.clock import utc_now
from webapp.core.db import get_session
from webapp.providers.models import Provider


def service_id(session: Session, code: str) -> int:
    """Return the id of the seeded service with this code."""
    return session.exec(select(Service.id).where(Service.code == code)).one()


def provider_id(session: Session, slug: str) -> int:
    """Return the id of the seeded provider with this slug."""
    return session.exec(select(Provider.id).where(Provider.slug == slug)).one()


def make_invitation(
    session: Session,
    *,
    service: str = "MATCH-1",
    decision_date: date | None = None,
    deadline: date | None = None,
    legacy: bool = False,
    code: str | None = None,
    **fields,
) -> tuple[ChoiceInvitation, str]:
    """Add an invitation for a service (any other column given too); return it and its code.

    A legacy invitation's code has no stored selector, as codes issued before selectors.
    """
    code = code or generate_code(taken=lambda s: selector_in_use(session, selector=s))
    today = clock.today()
    invitation = ChoiceInvitation(
        service_id=service_id(session, service),
        decision_date=decision_date or today,
        deadline=deadline or today + timedelta(days=14),
        letter_lang=fields.pop("letter_lang", "sv"),
        code_hash=hash_code(code, current_app.config["CHOICE_CODE_KEY"]),
        code_selector=None if legacy else code_selector(code),
        **fields,
    )
    with scene():
        session.add(invitation)
        session.flush()
    return invitation, code


def stored_invitation(app, **fields) -> tuple[int, str]:
    """Add and commit an invitation, for a server that reads on its own connection."""
    with app.app_context():
        session = get_session()
        invitation, code = make_invitation(session, **fields)
        session.commit()
        return invitation.id, code


def make_choice(
    session: Session,
    invitation: ChoiceInvitation,
    *,
    provider: str = "jarvalyftet",
    kind: str = "client",
    is_current: bool = True,
    **fields,
) -> Choice:
    """Add a choice of a provider (current unless told otherwise), retiring the current one."""
    with scene():
        if is_current:
            session.exec(
                update(Choice)
                .where(Choice.invitation_id == invitation.id, Choice.is_current)
                .values(is_current=False)
            )
        choice = Choice(
            invitation_id=invitation.id,
            provider_id=provider_id(session, provider),
            kind=kind,
            is_current=is_current,
            **fields,
        )
        session.add(choice)
        session.flush()
    return choice


def make_switch_request(
    session: Session,
    invitation: ChoiceInvitation,
    *,
    provider: str = "arbetslust-stockholm",
    reason: str = "Närmare hemmet.",
    **fields,
) -> SwitchRequest:
    """Add a client's request to switch to a provider, pending unless told otherwise."""
    request = SwitchRequest(
        invitation_id=invitation.id,
        provider_id=provider_id(session, provider),
        reason=reason,
        **fields,
    )
    with scene():
        session.add(request)
        session.flush()
    return request


def end_authorizations(
    session: Session, *, provider: str, valid_until: date, service: str | None = None
) -> None:
    """End a provider's authorizations (for one service, or all) on a day (exclusive)."""
    statement = select(Authorization).where(
        Authorization.provider_id == provider_id(session, provider)
    )
    if service is not None:
        statement = statement.where(Authorization.service_id == service_id(session, service))
    with scene():
        for authorization in session.exec(statement):
            authorization.valid_until = valid_until
            session.add(authorization)
        session.flush()


def lock_invitation(session: Session, invitation: ChoiceInvitation, minutes: int = 60) -> None:
    """Lock an invitation's code for some minutes, as too many wrong entries would."""
    with scene():
        invitation.code_attempts = current_app.config["CHOICE_CODE_MAX_ATTEMPTS"]
        invitation.code_locked_until = utc_now() + timedelta(minutes=minutes)
        session.add(invitation)
        session.flush()
