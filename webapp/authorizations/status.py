"""What a provider's authorization periods mean on a given day."""

from dataclasses import dataclass
from datetime import date

from webapp.providers.models import Provider


@dataclass(frozen=True)
class AuthorizationStatus:
    """A provider's standing on one day, derived from its authorization periods."""

    active_service_ids: frozenset[int]
    known_service_ids: frozenset[int]
    starts_on: date | None  # earliest future start, when nothing is active yet
    ended_on: date | None  # latest end, when nothing is active any more

    @property
    def is_active(self) -> bool:
        """Tell whether the provider can be chosen for some service today."""
        return bool(self.active_service_ids)


def describe_status(provider: Provider, today: date) -> AuthorizationStatus:
    """Derive the provider's standing today from its authorization periods."""
    periods = provider.authorizations
    active = frozenset(a.service_id for a in periods if a.is_active_on(today))
    future = [a.valid_from for a in periods if a.valid_from > today]
    past = [a.valid_until for a in periods if a.valid_until and a.valid_until <= today]
    return AuthorizationStatus(
        active_service_ids=active,
        known_service_ids=frozenset(a.service_id for a in periods),
        starts_on=min(future) if future and not active else None,
        ended_on=max(past) if past and not active and not future else None,
    )
