"""The rules of follow-ups: their outcome, when they are open, their dates, who may publish.

Pure functions over plain values, so each can be tested without a database.
Where a rule also runs in SQL (whether a follow-up is open), its twin sits
beside it and a test checks that the two agree.
"""

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import and_, exists

from webapp.followups.models import Finding, FollowUp
from webapp.followups.vocab import VERDICTS

# Verdicts from the mildest to the most severe; a follow-up's outcome is its most severe.
SEVERITY = tuple(VERDICTS)
# Verdicts that keep a follow-up open until staff close it with a note.
OPENING = frozenset({"remark", "demand", "deauthorization_proposal"})
SANCTIONS = ("warning", "reduced_payment")
DEMAND = "demand"
DEAUTHORIZATION_PROPOSAL = "deauthorization_proposal"
# How far back the public profile lists sanctions.
SANCTION_MONTHS = 24


class State(StrEnum):
    """Where a follow-up stands: something to deal with, dealt with, or nothing to deal with."""

    OPEN = "open"
    CLOSED = "closed"
    NONE = "none"


class Problem(StrEnum):
    """Why a follow-up as entered cannot be recorded."""

    HELD_IN_FUTURE = "held_in_future"
    SERVICE_NOT_AUTHORIZED = "service_not_authorized"
    NO_TERM_CHECKED = "no_term_checked"
    UNKNOWN_TERM = "unknown_term"
    TERM_OUTSIDE_SERVICES = "term_outside_services"
    DEADLINE_MISSING = "deadline_missing"
    DEADLINE_NOT_FOR_VERDICT = "deadline_not_for_verdict"
    DEADLINE_BEFORE_HELD = "deadline_before_held"


class Refusal(StrEnum):
    """Why a follow-up cannot be closed, published or withdrawn."""

    NOT_OPEN = "not_open"
    OWN_FOLLOW_UP = "own_follow_up"
    ALREADY_PUBLISHED = "already_published"
    NOT_PUBLISHED = "not_published"


@dataclass(frozen=True)
class FindingDraft:
    """What staff entered about one term."""

    term_id: int
    verdict: str
    note: str = ""
    deadline: date | None = None


@dataclass(frozen=True)
class FollowUpDraft:
    """A follow-up as entered, before it is recorded."""

    kind: str
    held_on: date
    service_ids: tuple[int, ...]
    findings: tuple[FindingDraft, ...]


@dataclass(frozen=True)
class Found:
    """One problem, with the term or service it concerns (None for the whole follow-up)."""

    problem: Problem
    subject: int | None = None


@dataclass(frozen=True)
class Context:
    """What a draft is checked against: the day, the terms then and the services then."""

    today: date
    # The terms in force on the day held for the provider's schemes: term id -> scheme id.
    term_schemes: dict[int, int]
    # Services the provider was authorized for on the day held: service id -> scheme id.
    authorized_services: dict[int, int]


# --- Outcome and state -------------------------------------------------------------


def overall_outcome(verdicts: Iterable[str]) -> str:
    """Return the most severe verdict: the follow-up's outcome."""
    return max(verdicts, key=SEVERITY.index)


def needs_closing(verdicts: Iterable[str]) -> bool:
    """Tell whether any verdict must be dealt with and closed with a note."""
    return any(verdict in OPENING for verdict in verdicts)


def is_open(follow_up: FollowUp) -> bool:
    """Tell whether a follow-up awaits closing (its findings loaded); twin of open_sql."""
    return follow_up.closed_at is None and needs_closing(f.verdict for f in follow_up.findings)


def open_sql():
    """Return the SQL condition for a follow-up that awaits closing; twin of is_open."""
    return and_(
        FollowUp.closed_at.is_(None),
        exists().where(Finding.follow_up_id == FollowUp.id, Finding.verdict.in_(OPENING)),
    )


def proposes_deauthorization(follow_up: FollowUp) -> bool:
    """Tell whether a follow-up proposed ending the authorization (its findings loaded)."""
    return any(f.verdict == DEAUTHORIZATION_PROPOSAL for f in follow_up.findings)


def state_of(follow_up: FollowUp) -> State:
    """Tell where a follow-up stands (its findings loaded)."""
    if follow_up.closed_at is not None:
        return State.CLOSED
    return State.OPEN if is_open(follow_up) else State.NONE


# --- Recording ---------------------------------------------------------------------


def is_held_in_future(held_on: date, *, today: date) -> bool:
    """Tell whether a follow-up would be recorded as held after today."""
    return held_on > today


def deadline_problem(verdict: str, deadline: date | None, *, held_on: date) -> Problem | None:
    """Check a finding's deadline: a demand needs one after the follow-up, nothing else has one."""
    if verdict != DEMAND:
        return None if deadline is None else Problem.DEADLINE_NOT_FOR_VERDICT
    if deadline is None:
        return Problem.DEADLINE_MISSING
    return Problem.DEADLINE_BEFORE_HELD if deadline <= held_on else None


def find_problems(draft: FollowUpDraft, context: Context) -> list[Found]:
    """Return everything that stops the draft being recorded; empty when it may be."""
    found: list[Found] = []
    if is_held_in_future(draft.held_on, today=context.today):
        found.append(Found(Problem.HELD_IN_FUTURE))
    found += [
        Found(Problem.SERVICE_NOT_AUTHORIZED, service_id)
        for service_id in draft.service_ids
        if service_id not in context.authorized_services
    ]
    covered = {context.authorized_services.get(s) for s in draft.service_ids} - {None}
    if not draft.findings:
        found.append(Found(Problem.NO_TERM_CHECKED))
    for finding in draft.findings:
        scheme_id = context.term_schemes.get(finding.term_id)
        if scheme_id is None:
            found.append(Found(Problem.UNKNOWN_TERM, finding.term_id))
            continue
        if covered and scheme_id not in covered:
            found.append(Found(Problem.TERM_OUTSIDE_SERVICES, finding.term_id))
        problem = deadline_problem(finding.verdict, finding.deadline, held_on=draft.held_on)
        if problem is not None:
            found.append(Found(problem, finding.term_id))
    return found


# --- Closing and publishing --------------------------------------------------------


def close_refusal(follow_up: FollowUp) -> Refusal | None:
    """Tell why a follow-up cannot be closed: only an open one can."""
    return None if is_open(follow_up) else Refusal.NOT_OPEN


def publish_refusal(follow_up: FollowUp, *, publisher_id: int) -> Refusal | None:
    """Tell why this person cannot publish the follow-up: it needs a second person, once."""
    if follow_up.published_at is not None:
        return Refusal.ALREADY_PUBLISHED
    if follow_up.recorded_by == publisher_id:
        return Refusal.OWN_FOLLOW_UP
    return None


def withdraw_refusal(follow_up: FollowUp) -> Refusal | None:
    """Tell why a follow-up's publication cannot be withdrawn: it must be published."""
    return None if follow_up.published_at is not None else Refusal.NOT_PUBLISHED


# --- Dates -------------------------------------------------------------------------


def months_before(day: date, months: int) -> date:
    """Return the same day some months earlier, or that month's last day when it is shorter."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def is_recent_sanction(held_on: date, *, today: date) -> bool:
    """Tell whether a sanction from a follow-up on held_on is within the last 24 months."""
    return held_on > months_before(today, SANCTION_MONTHS)
