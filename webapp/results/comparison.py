"""A side-by-side comparison of two to four providers, for a service they all give today.

The service is chosen by one rule (``pick_service``): the one asked for if every
compared provider gives it, else the only one they share; with several shared
and none asked for, the page asks; with none shared, it shows facts only.
"""

from collections.abc import Hashable, Iterable
from dataclasses import astuple, dataclass, field, replace
from datetime import date

from babel.numbers import format_percent
from sqlmodel import Session

from webapp.authorizations.status import describe_status
from webapp.catalog.models import Service
from webapp.catalog.queries import index_services, list_schemes
from webapp.core.activelocale import gettext as _
from webapp.providers.models import Provider
from webapp.providers.queries import list_providers_by_slug
from webapp.results.delivery import FirstMeeting
from webapp.results.queries import (
    Extras,
    Headline,
    summarize_extras_each,
    summarize_headline,
)
from webapp.results.statistics import Outcome, Status

MIN_COMPARE = 2
MAX_COMPARE = 4

# The rows of the comparison, results first, in the order every provider shows them.
# Without a shared service, each provider's services today come first instead: they say why.
RESULT_ROWS = ("result", "survey", "days", "left_early", "first_meeting")
SERVICE_ROWS = ("services",)
FACT_ROWS = ("municipal", "languages", "districts", "features", "access")


@dataclass(frozen=True)
class Column:
    """One provider in the comparison, with its figures for the compared service if any."""

    provider: Provider
    services: list[Service]  # the services it gives today, in display order
    outcome: Outcome | None = None  # None: no service is compared, so no figures
    extras: Extras | None = None

    @property
    def survey(self) -> Outcome:
        """Return the satisfied share of survey answers; no answers at all means MISSING."""
        return self.extras.survey if self.extras else Outcome(Status.MISSING)

    @property
    def days(self) -> int | None:
        """Return the average number of days in the service, or None when not shown."""
        return self.extras.average_days if self.extras else None

    @property
    def left_early(self) -> Outcome:
        """Return left early out of those who started; nothing reported means MISSING."""
        return self.extras.left_early if self.extras else Outcome(Status.MISSING)

    @property
    def first_meeting(self) -> FirstMeeting:
        """Return the shown medians of days to the first meeting; nothing reported: MISSING."""
        return self.extras.first_meeting if self.extras else FirstMeeting(Status.MISSING)


@dataclass(frozen=True)
class Comparison:
    """Everything the compare page shows."""

    columns: list[Column]
    service: Service | None  # the service the figures are for; None: no figures
    shared: list[Service]  # the services every compared provider gives today, in display order
    requested: Service | None  # the service the address asked for, if it exists
    headline: Headline | None
    highlight: bool
    notices: list[str] = field(default_factory=list)
    differs: frozenset[str] = frozenset()  # rows whose shown values differ between providers

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

    @property
    def asks_for_service(self) -> bool:
        """Tell whether the visitor must pick one of several shared services first."""
        return self.has_enough and self.service is None and len(self.shared) > 1

    @property
    def shares_nothing(self) -> bool:
        """Tell whether the providers have no service in common today."""
        return self.has_enough and not self.shared

    @property
    def can_switch_service(self) -> bool:
        """Tell whether the figures could be shown for another service they all give."""
        return self.service is not None and len(self.shared) > 1

    @property
    def requested_not_shared(self) -> Service | None:
        """Return the asked-for service when some compared provider does not give it today."""
        if not self.has_enough or self.requested is None:
            return None
        if self.service is not None and self.service.id == self.requested.id:
            return None
        return self.requested

    @property
    def rows(self) -> tuple[str, ...]:
        """Return the rows shown: the results only when a service is compared."""
        return (RESULT_ROWS if self.service else SERVICE_ROWS) + FACT_ROWS

    @property
    def marked(self) -> frozenset[str]:
        """Return the rows to mark as differing: none unless the visitor asked."""
        return self.differs if self.highlight else frozenset()

    @property
    def list_service(self) -> Service | None:
        """Return the service to keep when going back to the list for more providers."""
        return self.service or self.requested


def active_service_ids(provider: Provider, today: date) -> frozenset[int]:
    """Return the services a provider is authorized for today."""
    return describe_status(provider, today).active_service_ids


def shared_services(offered: list[frozenset[int]], services: Iterable[Service]) -> list[Service]:
    """Return, in the order given, the services in every one of the offered sets."""
    if not offered:
        return []
    common = frozenset.intersection(*offered)
    return [service for service in services if service.id in common]


def pick_service(shared: list[Service], requested: Service | None) -> Service | None:
    """Return the service to compare: the requested one if shared, else the only shared one.

    None means there is no single answer: several shared services (the page asks)
    or none at all (the page shows facts only).
    """
    if requested is not None and requested.id in {service.id for service in shared}:
        return requested
    return shared[0] if len(shared) == 1 else None


def shown_outcome(outcome: Outcome | None) -> Hashable:
    """Return what a result shows, as the page rounds it: words alone, or the figures."""
    if outcome is None or outcome.status is not Status.SHOWN:
        return outcome.status if outcome else None
    # Shares are shown as whole percentages: 0.614 and 0.611 read the same.
    return tuple(
        format_percent(value, locale="sv") if isinstance(value, float) else value
        for value in astuple(outcome)
    )


SHOWN_VALUES = {
    "services": lambda c: tuple(service.code for service in c.services),
    "result": lambda c: shown_outcome(c.outcome),
    "survey": lambda c: shown_outcome(c.survey),
    "days": lambda c: c.days,
    "left_early": lambda c: shown_outcome(c.left_early),
    "first_meeting": lambda c: c.first_meeting,
    "municipal": lambda c: c.provider.is_municipal,
    "languages": lambda c: frozenset(x.language for x in c.provider.languages),
    "districts": lambda c: frozenset(o.district for o in c.provider.offices),
    "features": lambda c: frozenset(f.feature for f in c.provider.features),
    "access": lambda c: c.provider.step_free_access,
}


def find_differences(columns: list[Column], rows: Iterable[str]) -> frozenset[str]:
    """Return the rows on which the providers show different values."""
    return frozenset(
        row for row in rows if len({SHOWN_VALUES[row](column) for column in columns}) > 1
    )


def explain_selection(requested: list[str], found: list[Provider], code: str | None) -> list[str]:
    """Say what of the visitor's request the comparison could not use."""
    notices = []
    if len(requested) > MAX_COMPARE:
        notices.append(_("Du kan jämföra högst fyra anordnare. De fyra första visas."))
    if len(found) < min(len(requested), MAX_COMPARE):
        notices.append(_("Vi hittade inte alla anordnare du valde."))
    if code:
        notices.append(_("Vi känner inte igen den insatsen."))
    return notices


def compare_providers(
    session: Session,
    *,
    slugs: list[str],
    service_code: str | None,
    highlight: bool,
    today: date,
    minimum: int,
) -> Comparison:
    """Return the comparison of the first four of these providers, for a service they share."""
    services = index_services(list_schemes(session))
    chosen = list_providers_by_slug(session, slugs=slugs[:MAX_COMPARE])
    requested = services.get(service_code) if service_code else None
    offered = [active_service_ids(provider, today) for provider in chosen]
    shared = shared_services(offered, services.values())
    service = pick_service(shared, requested)
    unknown = service_code if service_code and requested is None else None
    comparison = Comparison(
        columns=[
            Column(provider, shared_services([ids], services.values()))
            for provider, ids in zip(chosen, offered, strict=True)
        ],
        service=service,
        shared=shared,
        requested=requested,
        headline=None,
        highlight=highlight,
        notices=explain_selection(slugs, chosen, unknown),
    )
    if service is not None and comparison.has_enough:
        comparison = with_figures(session, comparison, minimum=minimum)
    differs = find_differences(comparison.columns, comparison.rows)
    return replace(comparison, differs=differs)


def with_figures(session: Session, comparison: Comparison, *, minimum: int) -> Comparison:
    """Return the comparison with every provider's figures for its service."""
    service_id = comparison.service.id
    headline = summarize_headline(session, service_id=service_id, minimum=minimum)
    extras = summarize_extras_each(
        session,
        provider_ids=[column.provider.id for column in comparison.columns],
        service_id=service_id,
        minimum=minimum,
    )
    columns = [
        replace(
            column,
            outcome=headline.outcome_for(column.provider.id),
            extras=extras.get((column.provider.id, service_id)),
        )
        for column in comparison.columns
    ]
    return replace(comparison, columns=columns, headline=headline)
