"""Case-mix figures as open data: each stratum's rate, and each provider's expected share.

The numbers come from the same functions the pages use (webapp.results.casemix.queries),
so the API, the CSV files and the profiles never disagree.
"""

from dataclasses import dataclass

from sqlmodel import Session

from webapp.catalog.models import Service
from webapp.results.casemix.queries import find_pools, summarize_expected
from webapp.results.casemix.standardisation import Pool, Standardised
from webapp.results.casemix.strata import Stratum
from webapp.results.open_data import Pooled, Reason, collect_pooled
from webapp.results.public_record import ProviderIdentity
from webapp.results.statistics import Status
from webapp.results.windows import find_windows, list_published_by_service

# Why a provider's expected share is missing when its result is shown: no complete mix.
NO_CASE_MIX = "no_case_mix"


@dataclass(frozen=True)
class StratumRate:
    """The rate one stratum is given in a service and half-year, and the pool it comes from."""

    service: Service
    period: str
    stratum: Stratum
    pool: Pool


@dataclass(frozen=True)
class Expected:
    """One provider's actual share for a service beside its expected share, or why there is none."""

    pooled: Pooled  # the headline figure of the same provider and service
    standardised: Standardised | None  # None when there is nothing to compare
    reason: str | None  # Reason codes, or NO_CASE_MIX

    @property
    def provider(self) -> ProviderIdentity:
        """Return the provider."""
        return self.pooled.provider

    @property
    def service(self) -> Service:
        """Return the service."""
        return self.pooled.service


def collect_strata_rates(
    session: Session, *, services: list[Service], period: str | None, minimum: int
) -> list[StratumRate]:
    """Return the rate of every stratum with participants, per service and published half-year."""
    published = {
        service_id: tuple(p for p in periods if period is None or p == period)
        for service_id, periods in list_published_by_service(session).items()
    }
    pools = find_pools(session, windows=published, minimum=minimum)
    return [
        StratumRate(service, half_year, stratum, pooled[stratum])
        for service in services
        for half_year in published.get(service.id, ())
        for pooled in [pools.get((service.id, half_year), {})]
        for stratum in sorted(pooled)
    ]


def collect_expected(
    session: Session, *, providers: list[ProviderIdentity], services: list[Service], minimum: int
) -> list[Expected]:
    """Return each provider's expected share per service it had, beside its headline figure."""
    windows = find_windows(session)
    pooled = collect_pooled(session, providers=providers, services=services, minimum=minimum)
    one_provider = [providers[0].id] if len(providers) == 1 else None
    expected = summarize_expected(
        session, minimum=minimum, provider_ids=one_provider, windows=windows
    )
    found = []
    for item in pooled:
        standardised = expected.get((item.provider.id, item.service.id))
        if item.outcome is None:
            found.append(Expected(item, None, item.reason.value))
        elif item.outcome.status is Status.SUPPRESSED:
            found.append(Expected(item, None, None))
        elif standardised is None or standardised.outcome.status is not Status.SHOWN:
            found.append(Expected(item, None, NO_CASE_MIX))
        else:
            found.append(Expected(item, standardised, None))
    return found


REASONS = (*(reason.value for reason in Reason), NO_CASE_MIX)
