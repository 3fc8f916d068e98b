"""The schemes and services once per request, looked up by code or id."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial

from sqlmodel import Session

from webapp.catalog.models import Scheme, Service
from webapp.catalog.queries import index_services, list_schemes
from webapp.providers.models import Provider
from webapp.web.api.documents import provider_document, service_document, status_code


@dataclass(frozen=True)
class Catalog:
    """Every scheme and service, in display order."""

    schemes: list[Scheme]
    by_code: dict[str, Service]
    _scheme_ids: dict[int, Scheme] = field(default_factory=dict)

    @property
    def services(self) -> list[Service]:
        """Return every service in display order."""
        return list(self.by_code.values())

    @property
    def by_id(self) -> dict[int, Service]:
        """Map service ids to services, in display order."""
        return {service.id: service for service in self.by_code.values()}

    def scheme_of(self, service: Service) -> Scheme:
        """Return the scheme a service belongs to."""
        return self._scheme_ids[service.scheme_id]

    def schemes_by_code(self) -> dict[str, Scheme]:
        """Map scheme codes to schemes."""
        return {scheme.code: scheme for scheme in self.schemes}

    def scheme_by_code(self, code: str) -> Scheme | None:
        """Return the scheme with this code, or None."""
        return self.schemes_by_code().get(code)

    def service_document(self, service: Service) -> dict:
        """Describe a service, naming its scheme."""
        return service_document(service, self.scheme_of(service))

    def provider_document(self, today: date, lang: str) -> Callable[[Provider], dict]:
        """Return a function that describes a provider with this catalogue's service codes."""
        return partial(provider_document, today=today, services=self.by_id, lang=lang)


def load(session: Session) -> Catalog:
    """Load the schemes and their services."""
    schemes = list_schemes(session)
    return Catalog(
        schemes=schemes,
        by_code=index_services(schemes),
        _scheme_ids={scheme.id: scheme for scheme in schemes},
    )


def status_of(provider: Provider, today: date) -> str:
    """Return the provider's status code today: authorized, not_yet or ended."""
    return status_code(provider, today)[0]
