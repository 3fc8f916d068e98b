"""What recording a follow-up of a provider on a given day is checked against.

The services the provider was authorized for on that day, and the authorization
terms then in force for their schemes. The form offers these, and the action
checks a draft against the same scene.
"""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from webapp.authorizations.in_force import is_in_force
from webapp.authorizations.queries import get_provider_with_periods
from webapp.catalog.models import Scheme, Service
from webapp.catalog.queries import list_schemes, services_by_id
from webapp.followups.models import Term, TermsVersion
from webapp.followups.queries import list_terms_versions
from webapp.followups.rules import Context
from webapp.followups.terms import version_in_force
from webapp.providers.models import Provider


@dataclass(frozen=True)
class RecordingScene:
    """A provider on a day: the services it has had, those it had then, and the terms then."""

    provider: Provider
    day: date
    schemes: list[Scheme]  # every scheme, in display order
    services: dict[int, Service]  # services the provider has ever been authorized for
    authorized: frozenset[int]  # services it was authorized for on the day
    versions: dict[int, TermsVersion]  # scheme id -> terms in force on the day

    @property
    def terms(self) -> list[tuple[Scheme, TermsVersion]]:
        """Return the terms offered: those of the schemes the provider had services in."""
        offered = {self.services[s].scheme_id for s in self.authorized} or {
            service.scheme_id for service in self.services.values()
        }
        return [
            (scheme, self.versions[scheme.id])
            for scheme in self.schemes
            if scheme.id in offered and scheme.id in self.versions
        ]

    def offered_terms(self) -> list[Term]:
        """Return every term offered, scheme by scheme."""
        return [term for _scheme, version in self.terms for term in version.terms]

    def context(self, today: date) -> Context:
        """Return what a draft for this day is checked against."""
        return Context(
            today=today,
            term_schemes={
                term.id: scheme.id for scheme, version in self.terms for term in version.terms
            },
            authorized_services={s: self.services[s].scheme_id for s in self.authorized},
        )


def load_recording_scene(
    session: Session, *, provider_id: int, day: date, for_update: bool = False
) -> RecordingScene | None:
    """Return the scene for recording a follow-up of a provider held on day, or None."""
    provider = get_provider_with_periods(session, provider_id=provider_id, for_update=for_update)
    if provider is None:
        return None
    schemes = list_schemes(session)
    every_service = services_by_id(schemes)
    known = {p.service_id for p in provider.authorizations}
    by_scheme: dict[int, list[TermsVersion]] = {}
    for version in list_terms_versions(session):
        by_scheme.setdefault(version.scheme_id, []).append(version)
    versions = {
        scheme_id: found
        for scheme_id, listed in by_scheme.items()
        if (found := version_in_force(listed, day)) is not None
    }
    return RecordingScene(
        provider=provider,
        day=day,
        schemes=schemes,
        services={s: service for s, service in every_service.items() if s in known},
        authorized=frozenset(p.service_id for p in provider.authorizations if is_in_force(p, day)),
        versions=versions,
    )
