"""Queries for terms and follow-ups, for the staff's pages; a fixed number of statements each."""

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from sqlalchemy import exists, func
from sqlalchemy.orm import selectinload
from sqlmodel import Session, select

from webapp.catalog.models import Scheme, Service
from webapp.catalog.queries import list_schemes, services_by_id
from webapp.followups.models import Finding, FollowUp, Term, TermsVersion
from webapp.followups.rules import DEMAND, State, open_sql, state_of
from webapp.followups.terms import last_day_in_force, phase_of
from webapp.providers.models import Provider
from webapp.staff.models import StaffUser

# A follow-up with everything its pages show: services, findings and their terms.
_FOLLOW_UP_OPTIONS = (
    selectinload(FollowUp.services),
    selectinload(FollowUp.findings).selectinload(Finding.term).selectinload(Term.version),
)
# What the list of follow-ups can be narrowed to.
LIST_FILTERS = ("open", "unpublished", "published")


class FollowUpRow(NamedTuple):
    """A follow-up in a list, with the provider's name and where it stands."""

    follow_up: FollowUp
    provider_name: str
    state: State


@dataclass(frozen=True)
class FollowUpDetail:
    """One follow-up with its provider and the e-mail addresses of the staff involved."""

    follow_up: FollowUp
    provider: Provider
    services: dict[int, Service]  # every service, by id
    recorded_by: str | None
    closed_by: str | None
    published_by: str | None


@dataclass(frozen=True)
class VersionRow:
    """A terms version as the staff's overview shows it."""

    version: TermsVersion
    last_day: date | None  # None while no later version is planned
    phase: str  # "coming", "current" or "ended"
    in_use: bool  # some follow-up checked its terms: it can no longer change


@dataclass(frozen=True)
class SchemeTerms:
    """A scheme's terms versions, and the last day a follow-up checked its terms."""

    scheme: Scheme
    versions: list[VersionRow]
    last_held: date | None


def list_scheme_terms(session: Session, *, today: date) -> list[SchemeTerms]:
    """Return every scheme with its terms versions, latest first."""
    versions = list_terms_versions(session)
    used = list_versions_in_use(session)
    held = last_held_by_scheme(session)
    overview = []
    for scheme in list_schemes(session):
        own = [v for v in versions if v.scheme_id == scheme.id]
        rows = [
            VersionRow(v, last_day_in_force(v, own), phase_of(v, own, today), v.id in used)
            for v in sorted(own, key=lambda v: v.valid_from, reverse=True)
        ]
        overview.append(SchemeTerms(scheme, rows, held.get(scheme.id)))
    return overview


@dataclass(frozen=True)
class Attention:
    """Follow-ups that need staff: waiting for a second person, or a deadline passed."""

    unpublished: int
    overdue: int  # open follow-ups with a demand whose last day has passed


def count_needing_attention(session: Session, *, today: date) -> Attention:
    """Count the follow-ups awaiting publication and the open ones past a deadline."""
    unpublished = (
        select(func.count(FollowUp.id)).where(FollowUp.published_at.is_(None)).scalar_subquery()
    )
    overdue = (
        select(func.count(FollowUp.id))
        .where(
            open_sql(),
            exists().where(
                Finding.follow_up_id == FollowUp.id,
                Finding.verdict == DEMAND,
                Finding.deadline < today,
            ),
        )
        .scalar_subquery()
    )
    first, second = session.exec(select(unpublished, overdue)).one()
    return Attention(unpublished=first, overdue=second)


def list_terms_versions(session: Session) -> list[TermsVersion]:
    """Return every terms version with its terms, by scheme then start day."""
    statement = (
        select(TermsVersion)
        .options(selectinload(TermsVersion.terms))
        .order_by(TermsVersion.scheme_id, TermsVersion.valid_from)
    )
    return list(session.exec(statement))


def get_terms_version(session: Session, *, version_id: int) -> TermsVersion | None:
    """Return one terms version with its terms, or None."""
    statement = (
        select(TermsVersion)
        .where(TermsVersion.id == version_id)
        .options(selectinload(TermsVersion.terms))
    )
    return session.exec(statement).first()


def list_versions_in_use(session: Session) -> set[int]:
    """Return the ids of the terms versions some recorded follow-up checked."""
    statement = select(Term.version_id).join(Finding, Finding.term_id == Term.id).distinct()
    return set(session.exec(statement))


def last_held_by_scheme(session: Session) -> dict[int, date]:
    """Return, per scheme, the latest day a recorded follow-up checked one of its terms."""
    statement = (
        select(TermsVersion.scheme_id, func.max(FollowUp.held_on))
        .join(Term, Term.version_id == TermsVersion.id)
        .join(Finding, Finding.term_id == Term.id)
        .join(FollowUp, FollowUp.id == Finding.follow_up_id)
        .group_by(TermsVersion.scheme_id)
    )
    return dict(session.exec(statement).all())


def list_provider_follow_ups(session: Session, *, provider: Provider) -> list[FollowUpRow]:
    """Return a provider's follow-ups with services and findings, the latest held first."""
    statement = (
        select(FollowUp)
        .where(FollowUp.provider_id == provider.id)
        .options(*_FOLLOW_UP_OPTIONS)
        .order_by(FollowUp.held_on.desc(), FollowUp.id.desc())
    )
    return [FollowUpRow(f, provider.name, state_of(f)) for f in session.exec(statement)]


def list_follow_ups(session: Session, *, only: str | None = None) -> list[FollowUpRow]:
    """Return every follow-up (or only open, unpublished or published ones), latest held first."""
    statement = (
        select(FollowUp, Provider.name)
        .join(Provider, Provider.id == FollowUp.provider_id)
        .options(*_FOLLOW_UP_OPTIONS)
        .order_by(FollowUp.held_on.desc(), FollowUp.id.desc())
    )
    if only == "open":
        statement = statement.where(open_sql())
    elif only == "unpublished":
        statement = statement.where(FollowUp.published_at.is_(None))
    elif only == "published":
        statement = statement.where(FollowUp.published_at.is_not(None))
    return [
        FollowUpRow(follow_up, name, state_of(follow_up))
        for follow_up, name in session.exec(statement)
    ]


def get_follow_up(session: Session, *, follow_up_id: int) -> FollowUpDetail | None:
    """Return one follow-up with its provider and who recorded, closed and published it."""
    follow_up = session.exec(
        select(FollowUp).where(FollowUp.id == follow_up_id).options(*_FOLLOW_UP_OPTIONS)
    ).first()
    if follow_up is None:
        return None
    staff_ids = {follow_up.recorded_by, follow_up.closed_by, follow_up.published_by} - {None}
    statement = select(StaffUser.id, StaffUser.email).where(StaffUser.id.in_(staff_ids))
    emails = dict(session.exec(statement).all())
    return FollowUpDetail(
        follow_up=follow_up,
        provider=session.get(Provider, follow_up.provider_id),
        services=services_by_id(list_schemes(session)),
        recorded_by=emails.get(follow_up.recorded_by),
        closed_by=emails.get(follow_up.closed_by),
        published_by=emails.get(follow_up.published_by),
    )


def get_follow_up_for_update(session: Session, *, follow_up_id: int) -> FollowUp | None:
    """Return a follow-up with its findings, its row locked (on PostgreSQL) and read afresh."""
    statement = (
        select(FollowUp)
        .where(FollowUp.id == follow_up_id)
        .options(selectinload(FollowUp.findings), selectinload(FollowUp.services))
        .with_for_update(of=FollowUp)
        .execution_options(populate_existing=True)
    )
    return session.exec(statement).first()
