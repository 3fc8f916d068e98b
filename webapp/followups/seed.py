"""Load the demo terms and follow-ups (seed_data/followups.json); safe to run again.

Terms versions are found by scheme and start day, their terms by reference;
follow-ups by provider, day and kind, their findings by term. A finding names
its term by reference; the term is looked up among the versions in force on
the day held for the schemes of the services covered. Seeded follow-ups have
no recorder or publisher: nobody in the staff list made them.
"""

from datetime import UTC, date, datetime, time

from sqlalchemy.orm import selectinload
from sqlmodel import Session, select

from webapp.catalog.models import Scheme, Service
from webapp.followups.models import Finding, FollowUp, FollowUpService, Term, TermsVersion
from webapp.followups.rules import overall_outcome
from webapp.followups.terms import version_in_force
from webapp.followups.vocab import KINDS, VERDICTS
from webapp.providers.models import Provider


def at_noon(text: str | None) -> datetime | None:
    """Turn an ISO day into noon UTC that day (None stays None)."""
    return None if text is None else datetime.combine(date.fromisoformat(text), time(12), UTC)


def upsert_terms(session: Session, versions: list[dict]) -> int:
    """Create or update the terms versions and their terms; return the number of changes."""
    scheme_ids = dict(session.exec(select(Scheme.code, Scheme.id)).all())
    existing = {
        (v.scheme_id, v.valid_from): v
        for v in session.exec(select(TermsVersion).options(selectinload(TermsVersion.terms)))
    }
    changes = 0
    for data in versions:
        key = (scheme_ids[data["scheme"]], date.fromisoformat(data["valid_from"]))
        version = existing.get(key)
        if version is None:
            version = TermsVersion(scheme_id=key[0], valid_from=key[1], document="", terms=[])
            session.add(version)
            changes += 1
        for name in ("document", "document_url"):
            if getattr(version, name) != data[name]:
                setattr(version, name, data[name])
                changes += 1
        by_reference = {term.reference: term for term in version.terms}
        for position, item in enumerate(data["terms"], start=1):
            term = by_reference.get(item["reference"])
            values = {"position": position, "title": item["title"], "checks": item["checks"]}
            if term is None:
                version.terms.append(Term(reference=item["reference"], **values))
                changes += 1
                continue
            for name, value in values.items():
                if getattr(term, name) != value:
                    setattr(term, name, value)
                    changes += 1
    session.flush()
    return changes


def find_term(versions: list[TermsVersion], scheme_ids: set[int], day: date, reference: str):
    """Return the term with this reference in force on day in one of the schemes."""
    found = []
    for scheme_id in scheme_ids:
        version = version_in_force([v for v in versions if v.scheme_id == scheme_id], day)
        if version is not None:
            found += [t for t in version.terms if t.reference == reference]
    if len(found) != 1:
        raise ValueError(f"Seed data: term {reference!r} on {day} matches {len(found)} terms")
    return found[0]


def upsert_follow_ups(session: Session, follow_ups: list[dict]) -> int:
    """Create the demo follow-ups that do not exist yet; return how many were created."""
    provider_ids = dict(session.exec(select(Provider.slug, Provider.id)).all())
    services = {s.code: s for s in session.exec(select(Service))}
    versions = list(session.exec(select(TermsVersion).options(selectinload(TermsVersion.terms))))
    existing = {(f.provider_id, f.held_on, f.kind) for f in session.exec(select(FollowUp))}
    changes = 0
    for data in follow_ups:
        held_on = date.fromisoformat(data["held_on"])
        if data["kind"] not in KINDS:
            raise ValueError(f"Unknown follow-up kind in seed data: {data['kind']!r}")
        key = (provider_ids[data["provider"]], held_on, data["kind"])
        if key in existing:
            continue
        covered = [services[code] for code in data["services"]]
        schemes = {service.scheme_id for service in covered}
        findings = []
        for item in data["findings"]:
            if item["verdict"] not in VERDICTS:
                raise ValueError(f"Unknown verdict in seed data: {item['verdict']!r}")
            term = find_term(versions, schemes, held_on, item["term"])
            deadline = item.get("deadline")
            findings.append(
                Finding(
                    term_id=term.id,
                    verdict=item["verdict"],
                    note=item.get("note", ""),
                    deadline=date.fromisoformat(deadline) if deadline else None,
                )
            )
        session.add(
            FollowUp(
                provider_id=key[0],
                kind=data["kind"],
                held_on=held_on,
                outcome=overall_outcome(f.verdict for f in findings),
                recorded_at=at_noon(data["held_on"]),
                closed_at=at_noon(data.get("closed_on")),
                closing_note=data.get("closing_note", ""),
                published_at=at_noon(data.get("published_on")),
                services=[FollowUpService(service_id=s.id) for s in covered],
                findings=findings,
            )
        )
        changes += 1
    return changes


def load_follow_up_seed(session: Session, data: dict) -> int:
    """Bring the demo terms and follow-ups up to date; return the number of changes."""
    return upsert_terms(session, data["terms"]) + upsert_follow_ups(session, data["follow_ups"])
