"""E-mail: how long to wait between tries, and what a message looks like."""

from datetime import timedelta
from itertools import pairwise

from webapp.core.mail import LONGEST_RETRY, MAX_ATTEMPTS, MailSettings, build_message, retry_delay

SETTINGS = MailSettings(
    host="smtp.example",
    port=587,
    username="",
    password="",
    starttls=True,
    timeout=5,
    sender="kundval@kommun.example",
)


def test_retries_back_off_doubling_up_to_six_hours():
    delays = [retry_delay(attempts) for attempts in range(1, 8)]
    assert delays[:4] == [timedelta(minutes=m) for m in (5, 10, 20, 40)]
    assert all(later >= earlier for earlier, later in pairwise(delays))
    assert retry_delay(MAX_ATTEMPTS) == LONGEST_RETRY
    assert retry_delay(0) == timedelta(minutes=5)


def test_all_tries_together_take_about_two_days():
    total = sum((retry_delay(n) for n in range(1, MAX_ATTEMPTS)), timedelta())
    assert timedelta(days=1) < total < timedelta(days=3)


def test_a_message_is_plain_utf8_text_marked_as_automatic():
    message = build_message(
        SETTINGS, to="klient@example.org", subject="Beslut – ጉዳይ", body="سلام\n", lang="ar"
    )
    assert message["From"] == "kundval@kommun.example"
    assert message["Content-Language"] == "ar"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Message-ID"].endswith("@kommun.example>")
    assert message.get_content_type() == "text/plain"
    assert message.get_content() == "سلام\n"
    assert str(message["Subject"]) == "Beslut – ጉዳይ"
