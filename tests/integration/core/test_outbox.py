"""The outbox against a real SMTP server: delivery, retries that back off, erasing, the command."""

from datetime import timedelta

from sqlmodel import select

from webapp.core import clock
from webapp.core.db import get_session
from webapp.core.mail import MAX_ATTEMPTS
from webapp.core.outbox import OutboxMessage, deliver, enqueue


def queue(app, **fields) -> int:
    """Queue a message outside any request and commit it; return its id."""
    values = {
        "to": "handlaggare@kommun.example",
        "subject": "Ny begäran om byte",
        "body": "Hej!\nسلام\n",
        "lang": "sv",
        "kind": "switch_requested",
    }
    with app.test_request_context():
        session = get_session()
        message = enqueue(session, **{**values, **fields})
        session.commit()
        return message and message.id


def stored(app, message_id) -> OutboxMessage:
    with app.app_context():
        return get_session().get(OutboxMessage, message_id)


def test_a_queued_message_reaches_the_server_and_its_address_is_erased(app, rollback, mail_server):
    message_id = queue(app)
    with app.app_context():
        report = deliver(get_session(), now=clock.utc_now())
    assert report.sent == 1
    [mail] = mail_server.received
    assert mail.recipients == ["handlaggare@kommun.example"]
    assert mail.sender == "kundval@kommun.example"
    assert mail.subject == "Ny begäran om byte"
    assert mail.text == "Hej!\nسلام\n"
    sent = stored(app, message_id)
    assert sent.sent_at is not None and sent.attempts == 1
    assert (sent.recipient, sent.body) == ("", "")
    assert sent.subject == "Ny begäran om byte"
    # Delivering again sends nothing twice.
    with app.app_context():
        assert deliver(get_session(), now=clock.utc_now()).sent == 0
    assert len(mail_server.received) == 1


def test_a_refused_message_is_tried_again_later_then_given_up(app, rollback, mail_server):
    message_id = queue(app)
    mail_server.refuse = True
    now = clock.utc_now()
    with app.app_context():
        assert deliver(get_session(), now=now).failed == 1
        # Not due again until the delay has passed.
        assert deliver(get_session(), now=now + timedelta(minutes=4)).failed == 0
    waiting = stored(app, message_id)
    assert waiting.attempts == 1 and "451" in waiting.last_error
    assert waiting.recipient == "handlaggare@kommun.example"
    with app.app_context():
        moment = now
        for _ in range(MAX_ATTEMPTS - 1):
            moment += timedelta(hours=7)
            deliver(get_session(), now=moment)
    given_up = stored(app, message_id)
    assert given_up.attempts == MAX_ATTEMPTS
    assert given_up.failed_at is not None and given_up.sent_at is None
    assert (given_up.recipient, given_up.body) == ("", "")
    assert mail_server.received == []


def test_a_server_that_cannot_be_reached_counts_as_a_failed_try(app, rollback, mail_server):
    message_id = queue(app)
    app.config["SMTP_PORT"] = 1  # nothing listens there
    with app.app_context():
        report = deliver(get_session(), now=clock.utc_now())
    assert report.failed == 1
    assert stored(app, message_id).attempts == 1


def test_nothing_is_queued_while_email_is_off(app, rollback):
    assert not app.config["SMTP_HOST"]
    assert queue(app) is None
    with app.app_context():
        assert get_session().exec(select(OutboxMessage)).first() is None


def test_the_send_mail_command_delivers_what_is_due(app, rollback, mail_server):
    queue(app)
    queue(app, to="team@kommun.example")
    result = app.test_cli_runner().invoke(args=["send-mail"])
    assert result.exit_code == 0, result.output
    assert "Sent: 2." in result.output
    assert {mail.recipients[0] for mail in mail_server.received} == {
        "handlaggare@kommun.example",
        "team@kommun.example",
    }


def test_the_send_mail_command_says_when_email_is_off(app, rollback):
    result = app.test_cli_runner().invoke(args=["send-mail"])
    assert result.exit_code == 0
    assert "E-mail is off" in result.output
