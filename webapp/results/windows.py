"""Which half-years are public: those staff have published, per service, and each headline window.

Importing stores results; a half-year's results become public for a service only
when staff publish that half-year for it (``results.publish``). A service's
headline window is its latest published half-year and the one before it, when
that one is published too: twelve months, or six when the one before is not
public. Importing never moves a window, and one service's publication never
moves another's.
"""

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import ColumnElement, and_, false, or_
from sqlmodel import Session, select

from webapp.catalog.models import Service
from webapp.catalog.queries import index_services, list_schemes
from webapp.core.datacache import NOBODY, reuse_per_version
from webapp.results.models import PublishedPeriod, Result
from webapp.results.periods import previous_period

# service id -> the half-years of its headline, oldest first
Windows = dict[int, tuple[str, ...]]


def headline_window(published: Iterable[str]) -> tuple[str, ...]:
    """Return the latest published half-year and the one before it if that is published too."""
    periods = set(published)
    if not periods:
        return ()
    latest = max(periods)
    before = previous_period(latest)
    return (before, latest) if before in periods else (latest,)


def union_window(windows: Windows) -> tuple[str, ...]:
    """Return every half-year in any of the windows, oldest first."""
    return tuple(sorted({period for window in windows.values() for period in window}))


def list_published_by_service(session: Session) -> dict[int, list[str]]:
    """Return the published half-years of each service, oldest first."""
    published: dict[int, list[str]] = defaultdict(list)
    statement = select(PublishedPeriod.service_id, PublishedPeriod.period).order_by(
        PublishedPeriod.service_id, PublishedPeriod.period
    )
    for service_id, period in session.exec(statement):
        published[service_id].append(period)
    return dict(published)


@reuse_per_version(own_texts_of=NOBODY)
def find_windows(session: Session) -> Windows:
    """Return each service's headline window; services with nothing published are left out."""
    return {
        service_id: headline_window(periods)
        for service_id, periods in list_published_by_service(session).items()
    }


def in_windows(windows: Windows) -> ColumnElement[bool]:
    """Return the SQL condition for a result in one of these services' windows."""
    if not windows:
        return false()
    return or_(
        *(
            and_(Result.service_id == service_id, Result.period.in_(periods))
            for service_id, periods in sorted(windows.items())
        )
    )


def published_clause() -> ColumnElement[bool]:
    """Return the SQL condition for a result whose half-year is published for its service."""
    return (
        select(PublishedPeriod.id)
        .where(
            PublishedPeriod.service_id == Result.service_id,
            PublishedPeriod.period == Result.period,
        )
        .exists()
    )


def list_published_periods(session: Session) -> list[str]:
    """Return every half-year published for any service, oldest first."""
    statement = select(PublishedPeriod.period).distinct().order_by(PublishedPeriod.period)
    return list(session.exec(statement))


@reuse_per_version(own_texts_of=NOBODY)
def list_service_windows(session: Session) -> list[tuple[Service, tuple[str, ...]]]:
    """Return every service with published results and its headline window, in display order."""
    windows = find_windows(session)
    services = index_services(list_schemes(session)).values()
    return [(service, windows[service.id]) for service in services if service.id in windows]
