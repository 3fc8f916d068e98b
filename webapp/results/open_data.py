"""Results as open data: one cell per provider, service and half-year, and the pooled figures.

The numbers and the hiding of small groups come from the same functions the
pages use (webapp.results.statistics); this module only decides which cells
exist and why one is empty. The API and the CSV downloads both publish these.
"""

from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from sqlmodel import Session

from webapp.catalog.models import Service
from webapp.results.delivery import FirstMeeting, first_meeting_in, left_early_in
from webapp.results.models import Result
from webapp.results.public_record import (
    AuthorizationSpan,
    ProviderIdentity,
    list_authorization_spans,
    list_results,
    was_authorized,
)
from webapp.results.queries import Extras, Headline, summarize_extras, summarize_headline
from webapp.results.statistics import Outcome, Status, summarize_half_year
from webapp.results.windows import find_windows, list_published_by_service


class Reason(StrEnum):
    """Why a cell has no result at all (as opposed to a hidden one)."""

    NO_RESULTS = "no_results"  # authorized, but nobody completed and was counted
    NOT_AUTHORIZED = "not_authorized"  # not authorized for the service at that time


@dataclass(frozen=True)
class Cell:
    """One provider's result for one service in one half-year."""

    provider: ProviderIdentity
    service: Service
    period: str
    row: Result | None
    outcome: Outcome | None  # None when the cell is missing
    reason: Reason | None
    # How the service was delivered, for a shown cell only; None when not reported.
    left_early: Outcome | None = None
    first_meeting: FirstMeeting | None = None


@dataclass(frozen=True)
class Pooled:
    """One provider's pooled 12-month result for one service, or all services (None)."""

    provider: ProviderIdentity
    service: Service | None
    periods: tuple[str, ...] | None  # the window; the outcome says which half-years it covers
    outcome: Outcome | None  # None when there is nothing to pool
    reason: Reason | None
    # Left early and the medians of the first meeting, for one service; None for all services.
    extras: Extras | None = None


def pair_services(spans: list[AuthorizationSpan], results: list[Result]) -> dict[int, set[int]]:
    """Map each provider to the services it was ever authorized for or has results in."""
    pairs: dict[int, set[int]] = defaultdict(set)
    for item in [*spans, *results]:
        pairs[item.provider_id].add(item.service_id)
    return pairs


def group_spans(spans: list[AuthorizationSpan]) -> dict[tuple[int, int | None], list]:
    """Group authorization periods by provider and service, and by provider (service None)."""
    grouped: dict[tuple[int, int | None], list] = defaultdict(list)
    for span in spans:
        grouped[(span.provider_id, span.service_id)].append(span)
        grouped[(span.provider_id, None)].append(span)
    return grouped


def build_cell(
    provider: ProviderIdentity,
    service: Service,
    period: str,
    *,
    row: Result | None,
    spans: list[AuthorizationSpan],
    minimum: int,
) -> Cell:
    """Return one cell: its shown or hidden result, or why it has none (spans: of the service)."""
    outcome = summarize_half_year(row, minimum) if row else None
    if outcome is not None and outcome.status is Status.MISSING:
        outcome = None
    reason, delivery = None, {}
    if outcome is None:
        reason = Reason.NO_RESULTS if was_authorized(spans, [period]) else Reason.NOT_AUTHORIZED
    elif outcome.status is Status.SHOWN:
        delivery = {
            "left_early": left_early_in(row, minimum),
            "first_meeting": first_meeting_in(row, minimum),
        }
    return Cell(provider, service, period, row, outcome, reason, **delivery)


def build_cells(
    *,
    providers: list[ProviderIdentity],
    services: list[Service],
    periods: dict[int, list[str]],
    spans: list[AuthorizationSpan],
    results: list[Result],
    minimum: int,
) -> list[Cell]:
    """Return a cell for every provider, service it had, and published half-year, in order.

    ``periods`` holds each service's published half-years; a half-year not published
    for a service has no cells for it, whatever is stored.
    """
    pairs = pair_services(spans, results)
    grouped = group_spans(spans)
    rows = {(r.provider_id, r.service_id, r.period): r for r in results}
    return [
        build_cell(
            provider,
            service,
            period,
            row=rows.get((provider.id, service.id, period)),
            spans=grouped[(provider.id, service.id)],
            minimum=minimum,
        )
        for provider in providers
        for service in services
        if service.id in pairs.get(provider.id, ())
        for period in periods.get(service.id, ())
    ]


def build_one_pooled(
    provider: ProviderIdentity,
    service: Service | None,
    *,
    headline: Headline,
    spans: list[AuthorizationSpan],
    extras: dict[tuple[int, int], Extras],
) -> Pooled:
    """Return one pooled result, or why there is none (spans: of the service, or every one)."""
    outcome = headline.outcomes.get(provider.id)
    if outcome is not None and outcome.status is Status.MISSING:
        outcome = None
    reason = None
    if outcome is None:
        # With nothing published at all, nobody has results yet.
        authorized = headline.periods is None or was_authorized(spans, headline.periods)
        reason = Reason.NO_RESULTS if authorized else Reason.NOT_AUTHORIZED
    found = None
    if service is not None and outcome is not None:
        found = extras.get((provider.id, service.id))
    return Pooled(provider, service, headline.periods, outcome, reason, found)


def build_pooled(
    *,
    providers: list[ProviderIdentity],
    services: list[Service | None],
    headlines: dict[int | None, Headline],
    spans: list[AuthorizationSpan],
    results: list[Result],
    extras: dict[tuple[int, int], Extras] | None = None,
) -> list[Pooled]:
    """Return each provider's pooled result per service it had, all services (None) first.

    ``extras`` holds the delivery figures by (provider id, service id), for shown results.
    """
    pairs = pair_services(spans, results)
    grouped = group_spans(spans)
    return [
        build_one_pooled(
            provider,
            service,
            headline=headlines[service.id if service else None],
            spans=grouped[(provider.id, service.id if service else None)],
            extras=extras or {},
        )
        for provider in providers
        for service in services
        if service is None or service.id in pairs.get(provider.id, ())
    ]


def collect_cells(
    session: Session,
    *,
    providers: list[ProviderIdentity],
    services: list[Service],
    period: str | None,
    minimum: int,
) -> list[Cell]:
    """Return the half-year cells of these providers and services, in one or every period."""
    one_provider = providers[0].id if len(providers) == 1 else None
    one_service = services[0].id if len(services) == 1 else None
    periods = list_published_by_service(session)
    if period is not None:
        periods = {key: [p for p in found if p == period] for key, found in periods.items()}
    return build_cells(
        providers=providers,
        services=services,
        periods=periods,
        spans=list_authorization_spans(session, provider_id=one_provider, service_id=one_service),
        results=list_results(session, provider_id=one_provider, service_id=one_service),
        minimum=minimum,
    )


def collect_pooled(
    session: Session,
    *,
    providers: list[ProviderIdentity],
    services: list[Service | None],
    minimum: int,
) -> list[Pooled]:
    """Return the pooled 12-month results of these providers for these services (None: all)."""
    one_provider = providers[0].id if len(providers) == 1 else None
    windows = tuple(find_windows(session).items())
    # One pooling query per service: the catalogue is small and does not grow with providers.
    headlines = {
        service.id if service else None: summarize_headline(
            session, service_id=service.id if service else None, minimum=minimum, windows=windows
        )
        for service in services
    }
    extras = {}
    if any(service is not None for service in services):  # all services pooled have none
        extras = summarize_extras(
            session,
            provider_ids=[provider.id for provider in providers],
            service_id=None,
            minimum=minimum,
            windows=windows,
        )
    return build_pooled(
        providers=providers,
        services=services,
        headlines=headlines,
        spans=list_authorization_spans(session, provider_id=one_provider),
        results=list_results(session, provider_id=one_provider),
        extras=extras,
    )
