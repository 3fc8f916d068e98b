"""Sending e-mail over SMTP with the standard library, configured by the environment.

Nothing here touches the database: actions queue messages in the outbox
(``webapp.core.outbox``) and the outbox hands them here once the request has
committed. Without SMTP_HOST, e-mail is off: nothing is queued and the pages say
that nobody is told by e-mail.
"""

import smtplib
import ssl
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app

# A failed delivery is tried again after 5, 10, 20 … minutes, never more than six hours
# apart, and given up after this many tries (about two days in all).
MAX_ATTEMPTS = 12
FIRST_RETRY = timedelta(minutes=5)
LONGEST_RETRY = timedelta(hours=6)


@dataclass(frozen=True)
class MailSettings:
    """How to reach the SMTP server, read from the config."""

    host: str
    port: int
    username: str
    password: str
    starttls: bool
    timeout: float
    sender: str


def mail_settings(config=None) -> MailSettings | None:
    """Return the SMTP settings, or None when e-mail is off (no SMTP_HOST)."""
    config = config if config is not None else current_app.config
    if not config.get("SMTP_HOST"):
        return None
    return MailSettings(
        host=config["SMTP_HOST"],
        port=config["SMTP_PORT"],
        username=config["SMTP_USERNAME"],
        password=config["SMTP_PASSWORD"],
        starttls=config["SMTP_STARTTLS"],
        timeout=config["SMTP_TIMEOUT"],
        sender=config["MAIL_FROM"],
    )


def mail_enabled() -> bool:
    """Tell whether e-mail is configured."""
    return mail_settings() is not None


def retry_delay(attempts: int) -> timedelta:
    """Return how long to wait before the next try, after this many failed tries."""
    doublings = min(max(attempts - 1, 0), 10)
    return min(FIRST_RETRY * 2**doublings, LONGEST_RETRY)


def build_message(
    settings: MailSettings, *, to: str, subject: str, body: str, lang: str
) -> EmailMessage:
    """Return a plain-text message in UTF-8, marked as sent by a machine."""
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=settings.sender.rpartition("@")[2] or None)
    # Out-of-office replies and the like should not answer a machine.
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(body)
    message["Content-Language"] = lang  # after set_content, which resets Content-* headers
    return message


def send_message(settings: MailSettings, message: EmailMessage) -> None:
    """Hand one message to the SMTP server; raise on any failure."""
    with smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout) as smtp:
        if settings.starttls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.username:
            smtp.login(settings.username, settings.password)
        smtp.send_message(message)
