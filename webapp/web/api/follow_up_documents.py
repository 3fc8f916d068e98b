"""Turn published follow-ups and authorization terms into the API's JSON documents."""

from flask import url_for

from webapp.catalog.models import Scheme, Service
from webapp.followups.models import Term
from webapp.followups.open_data import PublishedTerms
from webapp.followups.public_record import PublicFollowUp
from webapp.followups.vocab import KINDS, VERDICTS
from webapp.web.api.documents import labelled


def term_reference(term: Term, schemes: dict[int, Scheme]) -> dict:
    """Name a term: its scheme, the version it belongs to, its reference and title."""
    return {
        "scheme": schemes[term.version.scheme_id].code,
        "terms_valid_from": term.version.valid_from.isoformat(),
        "reference": term.reference,
        "title": term.title,
    }


def follow_up_document(
    follow_up: PublicFollowUp,
    *,
    slugs: dict[int, str],
    services: dict[int, Service],
    schemes: dict[int, Scheme],
    lang: str,
) -> dict:
    """Describe a published follow-up: when, how, what was found per term, and where it stands."""
    slug = slugs[follow_up.provider_id]
    return {
        "id": follow_up.id,
        "provider": slug,
        "held_on": follow_up.held_on.isoformat(),
        "kind": labelled(follow_up.kind, KINDS),
        "outcome": labelled(follow_up.outcome, VERDICTS),
        "state": follow_up.state.value,
        "closed_on": follow_up.closed_on.isoformat() if follow_up.closed_on else None,
        "published_on": follow_up.published_on.isoformat(),
        "services": [services[service_id].code for service_id in follow_up.service_ids],
        "findings": [
            {
                "term": term_reference(finding.term, schemes),
                "verdict": labelled(finding.verdict, VERDICTS),
                "deadline": finding.deadline.isoformat() if finding.deadline else None,
            }
            for finding in follow_up.findings
        ],
        "links": {
            "self": url_for("api.follow_up", follow_up_id=follow_up.id),
            "provider": url_for("api.provider", slug=slug),
            "html": url_for("public.provider", slug=slug, lang=lang, _anchor="follow-up"),
        },
    }


def terms_document(published: PublishedTerms, *, schemes: dict[int, Scheme]) -> dict:
    """Describe one version of a scheme's authorization terms."""
    version = published.version
    return {
        "scheme": schemes[version.scheme_id].code,
        "valid_from": version.valid_from.isoformat(),
        "last_day": published.last_day.isoformat() if published.last_day else None,
        "document": version.document,
        "document_url": version.document_url or None,
        "terms": [
            {"reference": term.reference, "title": term.title, "checks": term.checks}
            for term in version.terms
        ],
    }
