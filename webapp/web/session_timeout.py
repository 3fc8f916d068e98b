"""The warning before a session ends, shared by the choice pages and the admin.

A page shown inside a session that ends when idle says when it ends (in words,
so it reads without JavaScript) and carries what static/js/timeout.js needs to
warn SESSION_WARNING_SECONDS before: the seconds left, counted when the page
was made (every request extends the session), and where to extend or end it.
Each side writes its own words, in its own catalogue; the markup is
templates/components/_session_timeout.html.
"""

from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app, jsonify
from flask_babel import to_user_timezone
from flask_wtf.csrf import generate_csrf

from webapp.core.formats import clock_time
from webapp.core.session_deadline import Deadline


@dataclass(frozen=True)
class TimeoutWords:
    """What the page and its warning say, in the page's language."""

    notice: str  # when the session ends if nothing is done, with the time
    heading: str
    details: tuple[str, ...]  # why it ends, and what is kept
    continue_label: str
    unreachable: str  # the site did not answer the request to go on
    end_label: str | None = None  # a button that ends the session at once, if offered


@dataclass(frozen=True)
class SessionTimeout:
    """What a page needs to say when its session ends and to warn before it does."""

    deadline: Deadline
    seconds_left: int
    warning_seconds: int  # how long before the end the warning comes
    words: TimeoutWords
    extend_url: str  # POST with the CSRF token: answers with the new end (extended_answer)
    timed_out_url: str  # POST when the time is up: ends the session, shows the page after
    end_now_url: str | None = None
    timed_out_fields: dict[str, str] = field(default_factory=dict)


def idle_minutes() -> int:
    """Return how many minutes without activity end a session (at least one, for the words)."""
    seconds = current_app.config["PERMANENT_SESSION_LIFETIME"].total_seconds()
    return max(1, round(seconds / 60))


def ends_at_text(moment: datetime) -> str:
    """Write the time a session ends on the municipality's clock, in the page's language."""
    return clock_time(to_user_timezone(moment))


def session_timeout(
    deadline: Deadline, words: TimeoutWords, *, now: datetime, **addresses
) -> SessionTimeout:
    """Return what a page needs to warn before the deadline, counted from now."""
    return SessionTimeout(
        deadline=deadline,
        seconds_left=deadline.seconds_left(now),
        warning_seconds=current_app.config["SESSION_WARNING_SECONDS"],
        words=words,
        **addresses,
    )


def extended_answer(timeout: SessionTimeout):
    """Answer a request to go on: the new end, its words, and a fresh CSRF token for the page.

    The token is fresh because a page kept open past WTF_CSRF_TIME_LIMIT would
    otherwise have forms that can no longer be sent.
    """
    return jsonify(
        open=True,
        seconds_left=timeout.seconds_left,
        ends_at=timeout.deadline.ends_at.isoformat(),
        final=timeout.deadline.final,
        notice=timeout.words.notice,
        csrf_token=generate_csrf(),
    )


def refused_answer(message: str):
    """Answer a request to go on when no session is open: 403, and why in words."""
    return jsonify(open=False, message=message), 403
