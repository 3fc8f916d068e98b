"""The follow-ups and terms as open data: what the API lists and the CSV file holds.

The same published facts as the public profile (``webapp.followups.public_record``),
for every provider at once, in a fixed number of statements.
"""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from webapp.core.datacache import NOBODY, reuse_per_version
from webapp.followups.models import FollowUp, TermsVersion
from webapp.followups.public_record import (
    PublicFollowUp,
    list_deauthorization_links,
    list_published,
)
from webapp.followups.queries import list_terms_versions
from webapp.followups.terms import last_day_in_force
from webapp.results.public_record import list_provider_identities


@dataclass(frozen=True)
class PublishedTerms:
    """A terms version with its last day in force (None while no later one is planned)."""

    version: TermsVersion
    last_day: date | None


def list_published_terms(session: Session) -> list[PublishedTerms]:
    """Return every terms version, by scheme then start day; terms are published documents."""
    versions = list_terms_versions(session)
    return [
        PublishedTerms(
            version,
            last_day_in_force(version, [v for v in versions if v.scheme_id == version.scheme_id]),
        )
        for version in versions
    ]


def list_follow_ups_by_id(session: Session) -> list[PublicFollowUp]:
    """Return every published follow-up, by id: the order of the API and the CSV file.

    Only follow-ups of providers on public record (with some authorization) count,
    like everything else the open data says about providers.
    """
    on_record = {identity.id for identity in list_provider_identities(session)}
    published = [f for f in list_published(session) if f.provider_id in on_record]
    return sorted(published, key=lambda follow_up: follow_up.id)


@reuse_per_version(own_texts_of=NOBODY)
def list_published_links(session: Session) -> dict[tuple[int, int, date], int]:
    """Map (provider, service, day) of de-authorizations to the published follow-up behind them."""
    published = set(session.exec(select(FollowUp.id).where(FollowUp.published_at.is_not(None))))
    links = list_deauthorization_links(session)
    return {key: follow_up_id for key, follow_up_id in links.items() if follow_up_id in published}
