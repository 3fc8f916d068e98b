"""What a provider's authorization periods mean on a given day."""

from dataclasses import dataclass
from datetime import date

from webapp.authorizations.in_force import Phase, phase_on
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
    by_phase: dict[Phase, list] = {phase: [] for phase in Phase}
    for period in provider.authorizations:
        by_phase[phase_on(period, today)].append(period)
    active = frozenset(a.service_id for a in by_phase[Phase.CURRENT])
    future = [a.valid_from for a in by_phase[Phase.COMING]]
    past = [a.valid_until for a in by_phase[Phase.ENDED]]
    return AuthorizationStatus(
        active_service_ids=active,
        known_service_ids=frozenset(a.service_id for a in provider.authorizations),
        starts_on=min(future) if future and not active else None,
        ended_on=max(past) if past and not active and not future else None,
    )
