"""Authorization terms and follow-ups of providers, as tests need them.

Not to be confused with ``tests.factories.follow_up``: that one is about clients'
choices after a de-authorization.
"""

from datetime import UTC, date, datetime, time

from sqlalchemy.orm import selectinload
from sqlmodel import Session, select

from tests.factories import scene
from webapp.catalog.models import Scheme, Service
from webapp.followups.models import Finding, FollowUp, FollowUpService, Term, TermsVersion
from webapp.followups.rules import overall_outcome
from webapp.followups.terms import version_in_force
from webapp.providers.models import Provider

TERMS = (
    ("1.1", "Personalens kompetens", "Att handledarna har rätt utbildning."),
    ("2.1", "Månadsrapporter i tid", "Att rapporterna kommer senast den 10:e."),
    ("3.1", "Lokaler och öppettider", "Att lokalerna är öppna som uppgivet."),
)


def scheme_id(session: Session, code: str) -> int:
    """Return the id of a seeded scheme by its code, e.g. MATCH."""
    return session.exec(select(Scheme.id).where(Scheme.code == code)).one()


def make_terms_version(
    session: Session,
    *,
    scheme: str = "MATCH",
    valid_from: date = date(2027, 1, 1),
    terms=TERMS,
    document: str = "Testvillkor (AMN 2026/1)",
) -> TermsVersion:
    """Store a version of a scheme's terms with (reference, title, checks) triples."""
    version = TermsVersion(
        scheme_id=scheme_id(session, scheme),
        valid_from=valid_from,
        document=document,
        terms=[
            Term(position=n, reference=r, title=t, checks=c)
            for n, (r, t, c) in enumerate(terms, start=1)
        ],
    )
    with scene(session) as writer:
        writer.add(version)
        writer.flush()
        version_id = version.id
    return session.exec(
        select(TermsVersion)
        .where(TermsVersion.id == version_id)
        .options(selectinload(TermsVersion.terms))
        .execution_options(populate_existing=True)
    ).one()


def term_in_force(session: Session, *, scheme: str, day: date, reference: str) -> Term:
    """Return the term with this reference in force on a day in a scheme (seeded or made)."""
    versions = session.exec(
        select(TermsVersion)
        .where(TermsVersion.scheme_id == scheme_id(session, scheme))
        .options(selectinload(TermsVersion.terms))
    ).all()
    version = version_in_force(versions, day)
    return next(term for term in version.terms if term.reference == reference)


def make_follow_up(
    session: Session,
    *,
    provider: str = "arbetslust-stockholm",
    held_on: date = date(2026, 11, 2),
    kind: str = "site_visit",
    services: tuple[str, ...] = ("MATCH-1",),
    findings: tuple = (("5.1", "remark", None),),
    scheme: str = "MATCH",
    recorded_by: int | None = None,
    closed_on: date | None = None,
    published_on: date | None = None,
    published_by: int | None = None,
) -> FollowUp:
    """Store a follow-up with findings as (term reference, verdict, deadline) triples."""
    provider_id = session.exec(select(Provider.id).where(Provider.slug == provider)).one()
    service_ids = [
        session.exec(select(Service.id).where(Service.code == code)).one() for code in services
    ]
    rows = [
        Finding(
            term_id=term_in_force(session, scheme=scheme, day=held_on, reference=ref).id,
            verdict=verdict,
            deadline=deadline,
            note="Anteckning",
        )
        for ref, verdict, deadline in findings
    ]

    def noon(day):
        return None if day is None else datetime.combine(day, time(12), UTC)

    follow_up = FollowUp(
        provider_id=provider_id,
        kind=kind,
        held_on=held_on,
        outcome=overall_outcome(row.verdict for row in rows),
        recorded_by=recorded_by,
        closed_at=noon(closed_on),
        closing_note="Åtgärdat." if closed_on else "",
        published_at=noon(published_on),
        published_by=published_by,
        services=[FollowUpService(service_id=s) for s in service_ids],
        findings=rows,
    )
    with scene(session) as writer:
        writer.add(follow_up)
        writer.flush()
        follow_up_id = follow_up.id
    return session.exec(
        select(FollowUp)
        .where(FollowUp.id == follow_up_id)
        .options(selectinload(FollowUp.findings), selectinload(FollowUp.services))
        .execution_options(populate_existing=True)
    ).one()
