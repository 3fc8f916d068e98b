"""A provider's public profile: its standing today and its results per service."""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from webapp.authorizations.status import AuthorizationStatus, describe_status
from webapp.catalog.models import Service
from webapp.catalog.queries import index_services, list_schemes
from webapp.core.datacache import reuse_per_version
from webapp.followups.public_record import FollowUpRecord, get_follow_up_record
from webapp.providers.models import Provider
from webapp.providers.queries import list_providers_by_slug
from webapp.results.casemix.people import find_group_results
from webapp.results.casemix.queries import summarize_expected
from webapp.results.casemix.standardisation import Standardised
from webapp.results.casemix.strata import Group
from webapp.results.queries import (
    Extras,
    HalfYear,
    list_half_years,
    summarize_by_service,
    summarize_extras,
)
from webapp.results.statistics import Outcome
from webapp.results.windows import find_windows


@dataclass(frozen=True)
class ServiceResults:
    """What the profile shows for one service: pooled result, survey and days, half-years."""

    service: Service
    outcome: Outcome | None  # None: no results for the service at all
    extras: Extras | None
    half_years: list[HalfYear]
    offered_today: bool  # the provider can be chosen (and compared) for it today
    # The actual share beside the share expected for the people served; None without a mix.
    expected: Standardised | None = None
    # The result for the group of people picked (None when everyone is picked).
    for_group: Outcome | None = None


@dataclass(frozen=True)
class ProviderProfile:
    """One provider with its standing today and the results of the services it has had."""

    provider: Provider  # a record with the model's attributes (webapp.providers.records)
    status: AuthorizationStatus
    # The half-years the page's note names; a figure covering fewer says which it covers.
    periods: tuple[str, ...] | None
    services: list[ServiceResults]
    follow_up: FollowUpRecord  # published follow-ups and ended authorizations with reasons
    group: Group = Group.ALL  # whose results the "people like you" section shows


def shown_service_ids(status: AuthorizationStatus) -> frozenset[int]:
    """Return the services a profile shows: those offered today, else every one it had."""
    return status.active_service_ids or status.known_service_ids


@reuse_per_version(own_texts_of=lambda profile: profile.provider.id)
def get_provider_profile(
    session: Session, *, slug: str, today: date, minimum: int, group: Group = Group.ALL
) -> ProviderProfile | None:
    """Return the profile of the provider with this slug, or None when there is none.

    With a group picked, each service also carries the provider's result for that group.
    """
    found = list_providers_by_slug(session, slugs=[slug])
    if not found:
        return None
    provider = found[0]
    status = describe_status(provider, today)
    periods, outcomes = summarize_by_service(session, provider_id=provider.id, minimum=minimum)
    extras = summarize_extras(session, provider_ids=[provider.id], service_id=None, minimum=minimum)
    half_years = list_half_years(session, provider_id=provider.id, minimum=minimum)
    windows = find_windows(session)
    # Every provider's at once, kept per data version: one provider's costs as much to plan.
    expected = summarize_expected(session, minimum=minimum, windows=windows)
    for_group = {}
    if group is not Group.ALL:
        groups = find_group_results(session, group=group, minimum=minimum, windows=windows)
        for_group = groups.by_service(provider.id)
    shown = shown_service_ids(status)
    catalog = index_services(list_schemes(session))
    services = [
        ServiceResults(
            service=service,
            outcome=outcomes.get(service.id),
            extras=extras.get((provider.id, service.id)),
            half_years=half_years.get(service.id, []),
            offered_today=service.id in status.active_service_ids,
            expected=expected.get((provider.id, service.id)),
            for_group=for_group.get(service.id),
        )
        for service in catalog.values()
        if service.id in shown
    ]
    return ProviderProfile(
        provider=provider,
        status=status,
        periods=periods,
        services=services,
        follow_up=get_follow_up_record(
            session,
            provider=provider,
            today=today,
            services={service.id: service for service in catalog.values()},
        ),
        group=group,
    )
