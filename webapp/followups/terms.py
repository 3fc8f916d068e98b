"""The rules of authorization terms: which version applies on a day, and when one may change.

A scheme's terms come in versions, each in force from its valid_from until the
next version starts. A follow-up is checked against the version in force on the
day it was held, so a version some follow-up used can no longer change, and no
new version may start on or before a day a recorded follow-up was held.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from webapp.followups.models import TermsVersion


class Refusal(StrEnum):
    """Why a terms version cannot be saved as entered."""

    IN_USE = "in_use"
    BEFORE_RECORDED_FOLLOW_UP = "before_recorded_follow_up"
    DAY_TAKEN = "day_taken"
    NO_TERMS = "no_terms"
    REFERENCE_TWICE = "reference_twice"


@dataclass(frozen=True)
class TermDraft:
    """One term as entered."""

    reference: str
    title: str
    checks: str = ""


@dataclass(frozen=True)
class TermsDraft:
    """A terms version as entered."""

    valid_from: date
    document: str
    document_url: str
    terms: tuple[TermDraft, ...]


def version_in_force(versions: Iterable[TermsVersion], day: date) -> TermsVersion | None:
    """Return the version that applies on a day: the latest to have started by then."""
    started = [v for v in versions if v.valid_from <= day]
    return max(started, key=lambda v: v.valid_from) if started else None


def last_day_in_force(version: TermsVersion, versions: Iterable[TermsVersion]) -> date | None:
    """Return a version's last day: the day before the next one starts (None while last)."""
    later = [v.valid_from for v in versions if v.valid_from > version.valid_from]
    return min(later) - timedelta(days=1) if later else None


def phase_of(version: TermsVersion, versions: Iterable[TermsVersion], day: date) -> str:
    """Tell whether a version is "coming", "current" or "ended" on a day."""
    if version.valid_from > day:
        return "coming"
    last = last_day_in_force(version, versions)
    return "ended" if last is not None and last < day else "current"


def first_free_day(last_held: date | None) -> date | None:
    """Return the earliest day a new version may start: after the last follow-up recorded."""
    return None if last_held is None else last_held + timedelta(days=1)


def save_refusal(
    draft: TermsDraft,
    *,
    other_days: Iterable[date],
    last_held: date | None,
    in_use: bool,
) -> Refusal | None:
    """Tell why a version cannot be saved as drafted (new, or a change to an unused one).

    other_days are the start days of the scheme's other versions; last_held is
    the latest day a recorded follow-up of the scheme was held, if any.
    """
    if in_use:
        return Refusal.IN_USE
    if not draft.terms:
        return Refusal.NO_TERMS
    references = [term.reference.casefold() for term in draft.terms]
    if len(set(references)) < len(references):
        return Refusal.REFERENCE_TWICE
    earliest = first_free_day(last_held)
    if earliest is not None and draft.valid_from < earliest:
        return Refusal.BEFORE_RECORDED_FOLLOW_UP
    if draft.valid_from in set(other_days):
        return Refusal.DAY_TAKEN
    return None
