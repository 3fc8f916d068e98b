"""Publishing half-years per service: when one may be published, and how complete each one is.

A half-year is complete for a service when staff say so by publishing it, after
seeing how many of the providers authorized during it have reported. Only a
half-year that has ended and has results can be published.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import func
from sqlmodel import Session, select

from webapp.catalog.models import Service
from webapp.catalog.queries import index_services, list_schemes
from webapp.results.models import PublishedPeriod, Result
from webapp.results.periods import period_bounds, previous_period
from webapp.results.public_record import list_authorization_spans, was_authorized
from webapp.results.windows import headline_window
from webapp.staff.models import StaffUser


class Refusal(StrEnum):
    """Why a half-year cannot be published or withdrawn."""

    NOT_ENDED = "not_ended"  # the half-year is not over yet
    NO_RESULTS = "no_results"  # nothing is stored for the service and half-year
    ALREADY_PUBLISHED = "already_published"
    NOT_PUBLISHED = "not_published"  # nothing to withdraw


def has_ended(period: str, today: date) -> bool:
    """Tell whether the half-year's last day has passed."""
    return period_bounds(period)[1] < today


def check_publish(*, period: str, today: date, stored: int, published: bool) -> Refusal | None:
    """Return why the half-year cannot be published for the service, or None when it can."""
    if published:
        return Refusal.ALREADY_PUBLISHED
    if not has_ended(period, today):
        return Refusal.NOT_ENDED
    if stored == 0:
        return Refusal.NO_RESULTS
    return None


def latest_ended(today: date) -> str:
    """Return the latest half-year that has ended by today."""
    current = f"{today.year}H{1 if today.month <= 6 else 2}"
    return previous_period(current)


def periods_between(first: str, last: str) -> list[str]:
    """Return the half-years from first to last, newest first (empty when first is later)."""
    periods = []
    period = last
    while period >= first:
        periods.append(period)
        period = previous_period(period)
    return periods


@dataclass(frozen=True)
class HalfYearStatus:
    """One half-year of one service as staff see it before and after publishing."""

    period: str
    reported: int  # providers with results stored for it
    expected: int  # providers authorized for the service on some day of it
    published_at: datetime | None
    published_by: str | None  # the e-mail of who published it; None for the demo or migration
    in_window: bool  # its results are in the service's headline figures
    refusal: Refusal | None  # why it cannot be published now; None when it can (or is)

    @property
    def is_published(self) -> bool:
        """Tell whether the half-year is public for the service."""
        return self.published_at is not None

    @property
    def missing(self) -> int:
        """Return how many of the expected providers have not reported."""
        return max(self.expected - self.reported, 0)


@dataclass(frozen=True)
class ServicePublication:
    """A service's half-years, newest first, and its headline window."""

    service: Service
    window: tuple[str, ...]
    half_years: list[HalfYearStatus]


def count_reported(session: Session) -> dict[tuple[int, str], int]:
    """Return how many providers have results stored, by (service id, half-year)."""
    statement = select(
        Result.service_id, Result.period, func.count(func.distinct(Result.provider_id))
    ).group_by(Result.service_id, Result.period)
    return {(service_id, period): int(n) for service_id, period, n in session.exec(statement)}


def list_publications(session: Session) -> dict[tuple[int, str], tuple]:
    """Return each published half-year, by (service id, half-year), with who published it."""
    statement = select(PublishedPeriod, StaffUser.email).outerjoin(
        StaffUser, StaffUser.id == PublishedPeriod.published_by
    )
    return {(row.service_id, row.period): (row, email) for row, email in session.exec(statement)}


def list_service_publications(session: Session, *, today: date) -> list[ServicePublication]:
    """Return every service's half-years from its first results to the latest that has ended."""
    reported = count_reported(session)
    publications = list_publications(session)
    spans = defaultdict(lambda: defaultdict(list))
    for span in list_authorization_spans(session):
        spans[span.service_id][span.provider_id].append(span)
    last = latest_ended(today)
    found = []
    for service in index_services(list_schemes(session)).values():
        known = [p for s, p in (*reported, *publications) if s == service.id]
        published = [p for s, p in publications if s == service.id]
        window = headline_window(published)
        half_years = []
        for period in periods_between(min([*known, last]), max([*known, last])):
            stored = reported.get((service.id, period), 0)
            publication, email = publications.get((service.id, period), (None, None))
            expected = sum(
                was_authorized(provider_spans, [period])
                for provider_spans in spans[service.id].values()
            )
            half_years.append(
                HalfYearStatus(
                    period=period,
                    reported=stored,
                    expected=expected,
                    published_at=publication.published_at if publication else None,
                    published_by=email,
                    in_window=period in window,
                    refusal=check_publish(
                        period=period,
                        today=today,
                        stored=stored,
                        published=publication is not None,
                    ),
                )
            )
        found.append(ServicePublication(service, window, half_years))
    return found


def get_publication(session: Session, *, service_id: int, period: str) -> PublishedPeriod | None:
    """Return the publication of a half-year for a service, or None."""
    statement = select(PublishedPeriod).where(
        PublishedPeriod.service_id == service_id, PublishedPeriod.period == period
    )
    return session.exec(statement).first()


def count_stored(session: Session, *, service_id: int, period: str) -> int:
    """Return how many results are stored for a service and half-year."""
    statement = select(func.count(Result.id)).where(
        Result.service_id == service_id, Result.period == period
    )
    return int(session.exec(statement).one())
