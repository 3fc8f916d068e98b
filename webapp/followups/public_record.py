"""What is published about the follow-up of providers: the public profile's section and open data.

Only follow-ups an admin published appear, and of them only facts: the day, the
kind, the outcome, the verdict per term, the deadlines of demands and whether
the follow-up is still open. Staff's notes never leave the admin. Alongside:
every ended authorization with its reason, and the published follow-up that led
to it, if any.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import joinedload
from sqlmodel import Session, select

from webapp.authorizations.models import Authorization, AuthorizationEvent
from webapp.authorizations.rules import DEAUTHORIZE
from webapp.authorizations.status import describe_status
from webapp.catalog.models import Service
from webapp.core.datacache import NOBODY, reuse_per_version
from webapp.followups.models import Finding, FollowUp, Term
from webapp.followups.rules import DEMAND, SANCTIONS, State, is_recent_sanction, state_of
from webapp.providers.models import Provider

# How many of a provider's latest published follow-ups its page lists.
LATEST_SHOWN = 5

# One statement: a provider has few follow-ups, each few services and findings.
_PUBLIC_OPTIONS = (
    joinedload(FollowUp.services),
    joinedload(FollowUp.findings).joinedload(Finding.term).joinedload(Term.version),
)


@dataclass(frozen=True)
class PublicFinding:
    """The verdict on one term, with the deadline of a demand."""

    term: Term
    verdict: str
    deadline: date | None


@dataclass(frozen=True)
class PublicFollowUp:
    """A published follow-up: facts only."""

    id: int
    provider_id: int
    held_on: date
    kind: str
    outcome: str
    state: State
    closed_on: date | None
    published_on: date
    service_ids: tuple[int, ...]
    findings: tuple[PublicFinding, ...]


@dataclass(frozen=True)
class OpenDemand:
    """A demand for action not yet closed, with its deadline."""

    held_on: date
    term: Term
    deadline: date
    passed: bool  # the deadline is over and the follow-up is still open


@dataclass(frozen=True)
class Sanction:
    """A sanction from a published follow-up, with the term it concerns."""

    held_on: date
    verdict: str
    term: Term


@dataclass(frozen=True)
class Ending:
    """Authorizations that ended (or will end) on one day for one reason."""

    day: date  # the first day the provider can no longer be chosen for the services
    has_ended: bool  # False while the day is still ahead
    reason: str | None
    service_ids: tuple[int, ...]
    follow_up: PublicFollowUp | None  # the published follow-up that led to it


@dataclass(frozen=True)
class FollowUpRecord:
    """The public profile's "Follow-up" section for one provider."""

    latest: list[PublicFollowUp]
    earlier_count: int  # published follow-ups older than those listed
    open_demands: list[OpenDemand]
    sanctions: list[Sanction]
    endings: list[Ending]
    # The ending that took the provider off the list, when nothing is left or coming.
    final_ending: Ending | None
    services: dict[int, Service]  # every service, by id, to name those listed

    @property
    def is_empty(self) -> bool:
        """Tell whether there is nothing to show but the explanation."""
        return not (self.latest or self.endings)


def public_follow_up(follow_up: FollowUp) -> PublicFollowUp:
    """Return the published facts of a follow-up (its services and findings loaded)."""
    findings = sorted(
        follow_up.findings, key=lambda f: (f.term.version.scheme_id, f.term.position, f.term_id)
    )
    return PublicFollowUp(
        id=follow_up.id,
        provider_id=follow_up.provider_id,
        held_on=follow_up.held_on,
        kind=follow_up.kind,
        outcome=follow_up.outcome,
        state=state_of(follow_up),
        closed_on=follow_up.closed_at.date() if follow_up.closed_at else None,
        published_on=follow_up.published_at.date(),
        service_ids=tuple(sorted(s.service_id for s in follow_up.services)),
        findings=tuple(PublicFinding(f.term, f.verdict, f.deadline) for f in findings),
    )


def list_endings(
    periods: Iterable[Authorization],
    links: dict[tuple[int, int, date], int],
    published: dict[int, PublicFollowUp],
    *,
    today: date,
) -> list[Ending]:
    """Group ended periods by day and reason, the latest first, with the follow-up behind them.

    links maps (provider, service, effective day) of a de-authorization to its follow-up.
    """
    groups: dict[tuple[date, str | None], list[Authorization]] = {}
    for period in periods:
        if period.valid_until is not None:
            groups.setdefault((period.valid_until, period.end_reason), []).append(period)
    endings = []
    for (day, reason), ended in sorted(groups.items(), key=lambda item: item[0][0], reverse=True):
        follow_up_ids = [
            links.get((p.provider_id, p.service_id, day))
            for p in ended
            if (p.provider_id, p.service_id, day) in links
        ]
        follow_up = next((published[i] for i in follow_up_ids if i in published), None)
        endings.append(
            Ending(
                day=day,
                has_ended=day <= today,
                reason=reason,
                service_ids=tuple(sorted(p.service_id for p in ended)),
                follow_up=follow_up,
            )
        )
    return endings


def build_record(
    follow_ups: list[PublicFollowUp],
    endings: list[Ending],
    *,
    ended_on: date | None,
    today: date,
    services: dict[int, Service],
) -> FollowUpRecord:
    """Assemble a provider's section from its published follow-ups (latest first) and endings."""
    demands = [
        OpenDemand(f.held_on, finding.term, finding.deadline, finding.deadline < today)
        for f in follow_ups
        if f.state is State.OPEN
        for finding in f.findings
        if finding.verdict == DEMAND and finding.deadline is not None
    ]
    sanctions = [
        Sanction(f.held_on, finding.verdict, finding.term)
        for f in follow_ups
        if is_recent_sanction(f.held_on, today=today)
        for finding in f.findings
        if finding.verdict in SANCTIONS
    ]
    return FollowUpRecord(
        latest=follow_ups[:LATEST_SHOWN],
        earlier_count=max(0, len(follow_ups) - LATEST_SHOWN),
        open_demands=sorted(demands, key=lambda d: (d.deadline, d.term.position)),
        sanctions=sanctions,
        endings=endings,
        final_ending=next((e for e in endings if e.day == ended_on), None) if ended_on else None,
        services=services,
    )


def list_published(session: Session, *, provider_id: int | None = None) -> list[PublicFollowUp]:
    """Return the published follow-ups (of one provider, or all), the latest held first."""
    statement = (
        select(FollowUp)
        .where(FollowUp.published_at.is_not(None))
        .options(*_PUBLIC_OPTIONS)
        .order_by(FollowUp.held_on.desc(), FollowUp.id.desc())
    )
    if provider_id is not None:
        statement = statement.where(FollowUp.provider_id == provider_id)
    return [public_follow_up(follow_up) for follow_up in session.exec(statement).unique()]


@reuse_per_version(own_texts_of=NOBODY)
def list_published_by_provider(session: Session) -> dict[int, list[PublicFollowUp]]:
    """Return every published follow-up by provider id, the latest held first.

    Read whole and kept per data version: profiles pick their provider's from it.
    """
    by_provider: dict[int, list[PublicFollowUp]] = {}
    for follow_up in list_published(session):
        by_provider.setdefault(follow_up.provider_id, []).append(follow_up)
    return by_provider


def get_published(session: Session, *, follow_up_id: int) -> PublicFollowUp | None:
    """Return one published follow-up, or None when there is none or it is not published."""
    statement = (
        select(FollowUp)
        .where(FollowUp.id == follow_up_id, FollowUp.published_at.is_not(None))
        .options(*_PUBLIC_OPTIONS)
    )
    found = session.exec(statement).unique().first()
    return None if found is None else public_follow_up(found)


@reuse_per_version(own_texts_of=NOBODY)
def list_deauthorization_links(
    session: Session, *, provider_id: int | None = None
) -> dict[tuple[int, int, date], int]:
    """Map (provider, service, effective day) of de-authorizations to the follow-up behind them.

    A later decision for the same day (a correction) wins.
    """
    statement = (
        select(
            AuthorizationEvent.provider_id,
            AuthorizationEvent.service_id,
            AuthorizationEvent.effective_date,
            AuthorizationEvent.follow_up_id,
        )
        .where(
            AuthorizationEvent.kind == DEAUTHORIZE,
            AuthorizationEvent.follow_up_id.is_not(None),
        )
        .order_by(AuthorizationEvent.recorded_at, AuthorizationEvent.id)
    )
    if provider_id is not None:
        statement = statement.where(AuthorizationEvent.provider_id == provider_id)
    return {(p, s, day): follow_up for p, s, day, follow_up in session.exec(statement)}


def get_follow_up_record(
    session: Session, *, provider: Provider, today: date, services: dict[int, Service]
) -> FollowUpRecord:
    """Return a provider's public follow-up section; its periods must be loaded.

    One statement however many follow-ups it has, and one more when some
    authorization has ended.
    """
    follow_ups = list_published_by_provider(session).get(provider.id, [])
    ended = any(period.valid_until is not None for period in provider.authorizations)
    links = list_deauthorization_links(session) if ended else {}
    endings = list_endings(
        provider.authorizations, links, {f.id: f for f in follow_ups}, today=today
    )
    status = describe_status(provider, today)
    return build_record(
        follow_ups, endings, ended_on=status.ended_on, today=today, services=services
    )
