"""A real SMTP server for tests (aiosmtpd, on a free local port) that keeps what arrives."""

import socket
import time
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller


@dataclass
class Received:
    """One message as the server received it."""

    sender: str
    recipients: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        """The decoded subject."""
        return str(self.message["Subject"])

    @property
    def text(self) -> str:
        """The decoded plain-text body."""
        return self.message.get_content().replace("\r\n", "\n")


class MailServer:
    """Start an SMTP server; ``received`` lists the messages it has been given."""

    def __init__(self):
        self.received: list[Received] = []
        self.refuse = False  # answer every message with a temporary failure
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, _server, _session, envelope):
        """Keep the message, or refuse it for now."""
        if self.refuse:
            return "451 Try again later"
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 OK"

    def start(self) -> "MailServer":
        """Start listening."""
        self.controller.start()
        return self

    def stop(self) -> None:
        """Stop listening."""
        self.controller.stop()

    def to(self, address: str) -> list[Received]:
        """Return the messages sent to an address."""
        return [mail for mail in self.received if address in mail.recipients]

    def wait_for(self, count: int, timeout: float = 5) -> list[Received]:
        """Wait until at least count messages have arrived (for a server in another thread)."""
        deadline = time.monotonic() + timeout
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.received

    def settings(self) -> dict:
        """Return the app settings that send mail here."""
        return {
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": self.port,
            "SMTP_STARTTLS": False,
            "SMTP_USERNAME": "",
            "MAIL_FROM": "kundval@kommun.example",
        }
