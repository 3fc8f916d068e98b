"""The outbox: e-mail queued by actions in their transaction, delivered after it commits.

An action never talks to the SMTP server. It calls ``enqueue``, which adds a row
to ``mail_outbox`` in the same transaction (so a refused request queues
nothing), and the action's own audit event covers it. Once the response has
been sent (and so the request has committed), the messages that request queued
are handed to the SMTP server; ``flask send-mail`` (from cron, every few
minutes) delivers whatever is left, with retries that back off. A row keeps how
many tries were made and when it was sent; the recipient's address and the text
are erased once it is sent or given up.
"""

import logging
from dataclasses import dataclass
from datetime import datetime

import click
from flask import current_app, g
from flask.cli import with_appcontext
from sqlalchemy import DateTime, Text, or_, update
from sqlmodel import Field, Session, SQLModel, select

import webapp.core.schema  # noqa: F401  (names constraints; must come before the tables)
from webapp.core import clock
from webapp.core.clock import utc_now
from webapp.core.mail import (
    MAX_ATTEMPTS,
    build_message,
    mail_settings,
    retry_delay,
    send_message,
)

log = logging.getLogger(__name__)
# How long a sender holds a message it is delivering before another may try it.
LEASE = retry_delay(1)


class OutboxMessage(SQLModel, table=True):
    """One e-mail to send, or sent: who, what, how many tries, when it went."""

    __tablename__ = "mail_outbox"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=40)  # what the message is about, e.g. "switch_decided"
    lang: str = Field(max_length=8)
    recipient: str = Field(default="", max_length=254)  # erased once sent or given up
    subject: str = Field(default="", max_length=200)
    body: str = Field(default="", sa_type=Text)  # erased once sent or given up
    invitation_id: int | None = Field(default=None, foreign_key="choice_invitation.id")
    created_at: datetime = Field(default_factory=utc_now, sa_type=DateTime(timezone=True))
    attempts: int = 0
    # When a sender may next try it; set ahead while a sender is trying it.
    next_attempt_at: datetime = Field(
        default_factory=utc_now, sa_type=DateTime(timezone=True), index=True
    )
    sent_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    failed_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    last_error: str = Field(default="", max_length=200)


def enqueue(
    session: Session,
    *,
    to: str,
    subject: str,
    body: str,
    lang: str,
    kind: str,
    invitation_id: int | None = None,
) -> OutboxMessage | None:
    """Queue a message in the caller's transaction (for actions); None when e-mail is off."""
    if mail_settings() is None or not to:
        return None
    message = OutboxMessage(
        kind=kind,
        lang=lang,
        recipient=to,
        subject=subject[:200],
        body=body,
        invitation_id=invitation_id,
    )
    session.add(message)
    session.flush()
    g.setdefault("outbox_ids", []).append(message.id)
    return message


@dataclass
class DeliveryReport:
    """What a round of delivery did."""

    sent: int = 0
    failed: int = 0  # tried and failed this round; tried again later
    given_up: int = 0


def _due(now: datetime):
    return (
        OutboxMessage.sent_at.is_(None),
        OutboxMessage.failed_at.is_(None),
        OutboxMessage.next_attempt_at <= now,
    )


def _claim(session: Session, message_id: int, now: datetime) -> bool:
    """Take a message for this sender; False if another sender has it or it is done."""
    result = session.exec(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, *_due(now))
        .values(next_attempt_at=now + LEASE, attempts=OutboxMessage.attempts + 1)
    )
    session.commit()
    return result.rowcount == 1


def deliver(
    session: Session, *, now: datetime, ids: list[int] | None = None, limit: int = 200
) -> DeliveryReport:
    """Send the messages that are due (only these ids, if given), committing after each."""
    report = DeliveryReport()
    settings = mail_settings()
    if settings is None:
        return report
    statement = select(OutboxMessage.id).where(*_due(now)).order_by(OutboxMessage.id)
    if ids is not None:
        statement = statement.where(OutboxMessage.id.in_(ids))
    for message_id in list(session.exec(statement.limit(limit))):
        if not _claim(session, message_id, now):
            continue
        message = session.get(OutboxMessage, message_id)
        try:
            send_message(
                settings,
                build_message(
                    settings,
                    to=message.recipient,
                    subject=message.subject,
                    body=message.body,
                    lang=message.lang,
                ),
            )
        except (OSError, ValueError) as error:  # smtplib's errors are OSErrors
            _record_failure(message, error, now, report)
        else:
            message.sent_at = clock.utc_now()
            _erase(message)
            report.sent += 1
        session.add(message)
        session.commit()
    return report


def _record_failure(message: OutboxMessage, error: Exception, now: datetime, report) -> None:
    message.last_error = f"{type(error).__name__}: {error}"[:200]
    log.warning("e-mail %s not sent (try %s): %s", message.id, message.attempts, error)
    if message.attempts >= MAX_ATTEMPTS:
        message.failed_at = now
        _erase(message)
        report.given_up += 1
    else:
        message.next_attempt_at = now + retry_delay(message.attempts)
        report.failed += 1


def _erase(message: OutboxMessage) -> None:
    # The subject names no one; the address and the text are what could.
    message.recipient = ""
    message.body = ""


def erase_unsent_for(session: Session, *, invitation_ids: list[int]) -> int:
    """Erase queued messages to closed invitations' clients (for actions); return how many."""
    if not invitation_ids:
        return 0
    result = session.exec(
        update(OutboxMessage)
        .where(
            OutboxMessage.invitation_id.in_(invitation_ids),
            OutboxMessage.sent_at.is_(None),
            OutboxMessage.failed_at.is_(None),
            or_(OutboxMessage.recipient != "", OutboxMessage.body != ""),
        )
        .values(recipient="", body="", failed_at=utc_now(), last_error="closed")
    )
    return result.rowcount


def deliver_after_response(response):
    """Once the response is sent (the request has committed), send what it queued."""
    ids = g.pop("outbox_ids", None)
    if ids and response.status_code < 400:
        app = current_app._get_current_object()
        response.call_on_close(lambda: _deliver_now(app, ids))
    return response


def _deliver_now(app, ids: list[int]) -> None:
    with app.app_context():
        try:
            from webapp.core.db import get_session

            deliver(get_session(), now=clock.utc_now(), ids=ids)
        except Exception:  # the cron command tries again; never fail a sent response
            log.exception("could not deliver e-mail after the request")


@click.command("send-mail")
@with_appcontext
def send_mail_command():
    """Send queued e-mail that is due, trying failed messages again later (run every minute)."""
    from webapp.core.db import get_session

    if mail_settings() is None:
        click.echo("E-mail is off (no SMTP_HOST): nothing sent.")
        return
    report = deliver(get_session(), now=clock.utc_now())
    click.echo(f"Sent: {report.sent}. Failed, to try again: {report.failed}.")
    click.echo(f"Given up: {report.given_up}.")


def init_app(app):
    """Deliver after each request that queued mail, and register ``flask send-mail``."""
    app.after_request(deliver_after_response)
    app.cli.add_command(send_mail_command)
