"""A side-by-side comparison of two to four providers for one service."""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlmodel import Session

from webapp.authorizations.status import describe_status
from webapp.catalog.models import Service
from webapp.catalog.queries import index_services, list_schemes
from webapp.providers.models import Provider
from webapp.providers.queries import list_providers_by_slug
from webapp.results.queries import Extras, Headline, summarize_extras, summarize_headline
from webapp.results.statistics import Outcome, Status

MIN_COMPARE = 2
MAX_COMPARE = 4


@dataclass(frozen=True)
class Column:
    """One provider's column in the comparison."""

    provider: Provider
    authorized: bool
    outcome: Outcome
    extras: Extras | None


@dataclass(frozen=True)
class Comparison:
    """Everything the compare page shows."""

    service: Service | None
    services: list[Service]
    columns: list[Column]
    headline: Headline | None
    highlight: bool
    notices: list[str] = field(default_factory=list)
    differs: dict[str, bool] = field(default_factory=dict)

    @property
    def slugs(self) -> list[str]:
        """Return the compared providers' slugs, in column order."""
        return [column.provider.slug for column in self.columns]

    @property
    def has_enough(self) -> bool:
        """Tell whether there are at least two providers to compare."""
        return len(self.columns) >= MIN_COMPARE

    @property
    def has_room(self) -> bool:
        """Tell whether another provider may be added."""
        return len(self.columns) < MAX_COMPARE


def active_service_ids(provider: Provider, today: date) -> frozenset[int]:
    """Return the services a provider is authorized for today."""
    return describe_status(provider, today).active_service_ids


def choose_service(
    providers: list[Provider], services: dict[str, Service], code: str | None, today: date
) -> Service | None:
    """Return the requested service, else the first one every chosen provider offers."""
    if code in services:
        return services[code]
    offered = [active_service_ids(p, today) for p in providers]
    shared = frozenset.intersection(*offered) if offered else frozenset()
    return next((s for s in services.values() if s.id in shared), None)


def build_comparison(
    providers: list[Provider],
    *,
    requested: list[str],
    services: dict[str, Service],
    service: Service | None,
    headline: Headline | None,
    extras: dict[tuple[int, int], Extras],
    today: date,
    highlight: bool,
) -> Comparison:
    """Build the columns and mark which rows differ between providers."""
    notices = []
    if len(requested) > MAX_COMPARE:
        notices.append(_("Du kan jämföra högst fyra anordnare. De fyra första visas."))
    if len(providers) < min(len(requested), MAX_COMPARE):
        notices.append(_("Vi hittade inte alla anordnare du valde."))
    offered = set().union(*(active_service_ids(p, today) for p in providers))
    columns = [
        Column(
            provider=provider,
            authorized=service is not None and service.id in active_service_ids(provider, today),
            outcome=headline.outcome_for(provider.id) if headline else Outcome(Status.MISSING),
            extras=extras.get((provider.id, service.id)) if service else None,
        )
        for provider in providers
    ]
    return Comparison(
        service=service,
        services=[s for s in services.values() if s.id in offered],
        columns=columns,
        headline=headline,
        highlight=highlight,
        notices=notices,
        differs=find_differences(columns),
    )


def find_differences(columns: list[Column]) -> dict[str, bool]:
    """Tell for each row of the comparison whether the providers differ on it."""
    facts = {
        "result": lambda c: (c.outcome.status, c.outcome.comparison, c.outcome.share),
        "survey": lambda c: c.extras and (c.extras.survey.status, c.extras.survey.share),
        "days": lambda c: c.extras and c.extras.average_days,
        "languages": lambda c: frozenset(x.language for x in c.provider.languages),
        "districts": lambda c: frozenset(o.district for o in c.provider.offices),
        "features": lambda c: frozenset(f.feature for f in c.provider.features),
        "access": lambda c: c.provider.step_free_access,
        "municipal": lambda c: c.provider.is_municipal,
    }
    return {row: len({fact(c) for c in columns}) > 1 for row, fact in facts.items()}


def compare_providers(
    session: Session,
    *,
    slugs: list[str],
    service_code: str | None,
    highlight: bool,
    today: date,
    minimum: int,
) -> Comparison:
    """Return the comparison of the first four of these providers for the chosen service."""
    services = index_services(list_schemes(session))
    chosen = list_providers_by_slug(session, slugs=slugs[:MAX_COMPARE])
    service = choose_service(chosen, services, service_code, today)
    service_id = service.id if service else None
    return build_comparison(
        chosen,
        requested=slugs,
        services=services,
        service=service,
        headline=summarize_headline(session, service_id=service_id, minimum=minimum),
        extras=summarize_extras(
            session, provider_ids=[p.id for p in chosen], service_id=service_id, minimum=minimum
        ),
        today=today,
        highlight=highlight,
    )
