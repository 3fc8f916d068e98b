"""Optional e-mail notices to a client about their choice, and the address they gave for them.

A client may leave an e-mail address, with explicit consent, on their receipt.
We keep only the address, the language and when consent was given, and erase it
when the client asks, when the invitation is cancelled and at the latest
NOTICE_KEEP_DAYS after the last day to choose (``erase_closed_addresses``, run
daily). Notices say what happened and send the client to their page; they never
carry the caseworker's reasons or anything else personal, since e-mail is not a
safe place for them.
"""

import re
from datetime import date, timedelta

from flask import current_app, has_request_context, render_template, url_for
from flask_babel import force_locale
from sqlalchemy import delete, or_
from sqlmodel import Session, select

from webapp.choices.models import ChoiceInvitation, NoticeAddress
from webapp.choices.state import last_day, past_last_day_clause
from webapp.core.actions import action
from webapp.core.clock import utc_now
from webapp.core.mail import mail_enabled
from webapp.core.outbox import OutboxMessage, enqueue, erase_unsent_for
from webapp.staff.audit import record_event

# Plain enough for people to type on a phone; the SMTP server has the last word.
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
MAX_EMAIL_LENGTH = 254


def is_email_address(text: str) -> bool:
    """Tell whether a text looks like one e-mail address."""
    return len(text) <= MAX_EMAIL_LENGTH and _EMAIL.fullmatch(text) is not None


def find_notice_address(session: Session, *, invitation_id: int) -> NoticeAddress | None:
    """Return the address a client left for notices, if any."""
    statement = select(NoticeAddress).where(NoticeAddress.invitation_id == invitation_id)
    return session.exec(statement).first()


# --- When an address must go: the rule in Python and in SQL ------------------------------


def address_expired(invitation: ChoiceInvitation, *, today: date, keep_days: int) -> bool:
    """Tell whether a client's notice address must be erased: cancelled, or kept long enough."""
    if invitation.cancelled_at is not None:
        return True
    return today > last_day(invitation) + timedelta(days=keep_days)


def address_expired_clause(*, today: date, keep_days: int):
    """Return the SQL condition for address_expired (on ChoiceInvitation); its twin."""
    return or_(
        ChoiceInvitation.cancelled_at.is_not(None),
        past_last_day_clause(today - timedelta(days=keep_days)),
    )


def list_expired_addresses(session: Session, *, today: date, keep_days: int) -> list:
    """Return the invitations whose notice address must be erased today."""
    statement = (
        select(ChoiceInvitation)
        .join(NoticeAddress, NoticeAddress.invitation_id == ChoiceInvitation.id)
        .where(address_expired_clause(today=today, keep_days=keep_days))
        .order_by(ChoiceInvitation.id)
    )
    return list(session.exec(statement))


# --- Actions -----------------------------------------------------------------------------


def _record(session: Session, event: str, invitation: ChoiceInvitation, after: dict) -> None:
    from webapp.choices.actions import NO_STAFF  # actions imports this module

    # The address itself never goes into the audit log.
    record_event(
        session,
        event,
        entity_type="choice_invitation",
        entity_id=invitation.id,
        after=after,
        actor=NO_STAFF,
    )
    session.flush()


@action("choice.notice_consent")
def save_notice_address(
    session: Session, invitation: ChoiceInvitation, *, email: str, lang: str
) -> NoticeAddress:
    """Keep the client's address for notices, with their consent; a new one replaces the old."""
    email = email.strip()
    if not is_email_address(email):
        raise ValueError("not an e-mail address")
    found = find_notice_address(session, invitation_id=invitation.id)
    if found is not None and (found.email, found.lang) == (email, lang):
        return found  # the same form sent again
    if found is None:
        found = NoticeAddress(invitation_id=invitation.id, email=email, lang=lang)
    else:
        found.email, found.lang, found.consented_at = email, lang, utc_now()
    session.add(found)
    session.flush()
    _record(session, "choice.notice_consent", invitation, {"lang": lang})
    return found


@action("choice.notice_erase")
def erase_notice_address(session: Session, invitation: ChoiceInvitation, *, why: str) -> bool:
    """Erase the client's notice address and any notice not yet sent; False if there was none."""
    found = find_notice_address(session, invitation_id=invitation.id)
    if found is None:
        return False
    session.exec(delete(NoticeAddress).where(NoticeAddress.id == found.id))
    erase_unsent_for(session, invitation_ids=[invitation.id])
    _record(session, "choice.notice_erase", invitation, {"why": why})
    return True


def erase_closed_addresses(session: Session, *, today: date) -> int:
    """Erase the addresses of closed invitations, one transaction each (a daily job)."""
    keep_days = current_app.config["NOTICE_KEEP_DAYS"]
    erased = 0
    for invitation in list_expired_addresses(session, today=today, keep_days=keep_days):
        erased += erase_notice_address(session, invitation, why="closed")
        session.commit()
    return erased


# --- Composing a notice ------------------------------------------------------------------


def external_url(endpoint: str, **values) -> str:
    """Return a full address for a link in an e-mail, in a request or in a command."""
    if has_request_context():
        return url_for(endpoint, _external=True, **values)
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_BASE_URL"]):
        return url_for(endpoint, _external=True, **values)


def render_mail(template: str, lang: str, **values) -> tuple[str, str]:
    """Render a mail template in a language; return its subject (first line) and body."""
    with force_locale(lang):
        text = render_template(template, lang=lang, **values)
    subject, _blank, body = text.strip().partition("\n")
    return subject.strip(), body.strip() + "\n"


def notify_client(
    session: Session, invitation: ChoiceInvitation, *, kind: str, **values
) -> OutboxMessage | None:
    """Queue a notice to the client, if they left an address (for actions)."""
    if not mail_enabled():
        return None
    address = find_notice_address(session, invitation_id=invitation.id)
    if address is None:
        return None
    subject, body = render_mail(
        f"mail/{kind}.txt",
        address.lang,
        page_url=external_url("public.choose", lang=address.lang),
        **values,
    )
    return enqueue(
        session,
        to=address.email,
        subject=subject,
        body=body,
        lang=address.lang,
        kind=kind,
        invitation_id=invitation.id,
    )
