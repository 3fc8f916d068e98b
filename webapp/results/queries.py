"""Pooled and half-year results as Outcomes: counts from here, the hiding from statistics.

Every figure is pooled from the shown half-year groups of the published windows
(webapp.results.windows); statistics decides what is shown.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import case, func
from sqlmodel import Session, select

from webapp.core.datacache import NOBODY, reuse_each_per_version, reuse_per_version
from webapp.core.records import record_type
from webapp.results.delivery import FirstMeeting, list_first_meetings, pool_left_early
from webapp.results.models import Result
from webapp.results.statistics import (
    Days,
    Outcome,
    Status,
    Tally,
    average_share,
    hidden_clause,
    pool,
    pool_days,
    pool_survey,
    shown_clause,
    summarize_half_year,
    tally,
)
from webapp.results.windows import (
    Windows,
    find_windows,
    in_windows,
    published_clause,
    union_window,
)

# Windows as (service id, half-years) pairs: hashable, so a cached read can take them.
WindowPairs = tuple[tuple[int, tuple[str, ...]], ...]


@dataclass(frozen=True)
class Headline:
    """The headline results of several providers for one service (or all services pooled).

    ``periods`` is what the page's note names: the service's window, or with all
    services every service's window together. A figure covering fewer half-years
    is marked ``partial`` and carries its own. Pooled over services there is no
    average and no verdict: results compare fairly only within one service.
    """

    periods: tuple[str, ...] | None
    average: float | None = None
    outcomes: dict[int, Outcome] = field(default_factory=dict)
    comparable: bool = True

    def outcome_for(self, provider_id: int) -> Outcome:
        """Return a provider's outcome; no results at all means MISSING."""
        return self.outcomes.get(provider_id, Outcome(Status.MISSING))


@dataclass(frozen=True)
class Extras:
    """Survey, time in service and delivery figures from the shown half-years of the window."""

    survey: Outcome
    days: Days
    # Left early out of those who started; the medians of days to the first meeting.
    left_early: Outcome = field(default_factory=lambda: Outcome(Status.MISSING))
    first_meeting: FirstMeeting = field(default_factory=lambda: FirstMeeting(Status.MISSING))

    @property
    def average_days(self) -> int | None:
        """Return the average time in service in whole days; None when hidden or unknown."""
        return self.days.days


@dataclass(frozen=True)
class HalfYear:
    """One stored half-year of a provider and service, with what may be shown of it."""

    row: Result
    outcome: Outcome


def tally_windows(session: Session, *, by, windows: Windows, minimum: int) -> dict:
    """Return tallies per half-year of these windows, grouped by a column (provider or service).

    Summed in SQL: shown participants, their successes, and how many groups were hidden.
    """
    shown = shown_clause(Result.completed, minimum)
    statement = (
        select(
            by,
            Result.period,
            func.sum(case((shown, Result.completed), else_=0)),
            func.sum(case((shown, Result.in_work + Result.in_studies), else_=0)),
            func.sum(case((hidden_clause(Result.completed, minimum), 1), else_=0)),
        )
        .where(in_windows(windows))
        .group_by(by, Result.period)
    )
    tallies: dict[int, list[Tally]] = defaultdict(list)
    for key, period, completed, successes, hidden in session.exec(statement):
        tallies[key].append(Tally(period, int(completed), int(successes), int(hidden)))
    return dict(tallies)


def tally_by_provider(
    session: Session, *, windows: Windows, minimum: int
) -> dict[int, list[Tally]]:
    """Return each provider's tallies per half-year of these windows, services added together."""
    return tally_windows(session, by=Result.provider_id, windows=windows, minimum=minimum)


@reuse_per_version(own_texts_of=NOBODY)
def service_averages(session: Session, *, windows: Windows, minimum: int) -> dict[int, float]:
    """Return each service's average: the share of all its shown groups in its window."""
    tallies = tally_windows(session, by=Result.service_id, windows=windows, minimum=minimum)
    averages = {service_id: average_share(found) for service_id, found in tallies.items()}
    return {service_id: value for service_id, value in averages.items() if value is not None}


@reuse_per_version(own_texts_of=NOBODY)
def summarize_headline(
    session: Session, *, service_id: int | None, minimum: int, windows: WindowPairs | None = None
) -> Headline:
    """Pool each provider's shown half-years of the window; for a service, against its average.

    ``windows`` saves looking the published windows up again when the caller has them.
    """
    windows = find_windows(session) if windows is None else dict(windows)
    if service_id is not None:
        windows = {service_id: windows[service_id]} if service_id in windows else {}
    if not windows:
        return Headline(periods=None, comparable=service_id is not None)
    window = union_window(windows)
    tallies = tally_by_provider(session, windows=windows, minimum=minimum)
    average = None
    if service_id is not None:
        average = average_share(t for found in tallies.values() for t in found)
    outcomes = {
        provider_id: pool(found, minimum, window=window, average=average)
        for provider_id, found in tallies.items()
    }
    return Headline(
        periods=window, average=average, outcomes=outcomes, comparable=service_id is not None
    )


def list_window_rows(
    session: Session, *, windows: Windows, provider_ids: list[int]
) -> dict[tuple[int, int], list[Result]]:
    """Return these providers' stored half-years in the windows, by (provider id, service id)."""
    if not windows or not provider_ids:
        return {}
    if len(provider_ids) == 1:
        # One provider (a profile): its published rows are read once and shared.
        found = list_published_results(session, provider_id=provider_ids[0])
        rows: dict[tuple[int, int], list[Result]] = defaultdict(list)
        for row in sorted(found, key=lambda row: (row.service_id, row.period)):
            if row.period in windows.get(row.service_id, ()):
                rows[(row.provider_id, row.service_id)].append(row)
        return dict(rows)
    statement = (
        select(Result)
        .where(in_windows(windows), Result.provider_id.in_(provider_ids))
        .order_by(Result.provider_id, Result.service_id, Result.period)
    )
    rows = defaultdict(list)
    for row in session.exec(statement):
        rows[(row.provider_id, row.service_id)].append(row)
    return dict(rows)


@reuse_per_version(own_texts_of=NOBODY)
def list_published_results(session: Session, *, provider_id: int) -> list:
    """Return a provider's results for half-years published for their service, as records."""
    table = Result.__table__
    statement = select(table).where(table.c.provider_id == provider_id, published_clause())
    kind = record_type(table)
    return [kind(**row._mapping) for row in session.execute(statement)]


def summarize_by_service(
    session: Session, *, provider_id: int, minimum: int
) -> tuple[tuple[str, ...] | None, dict[int, Outcome]]:
    """Return the half-years a profile names, and its outcome per service against that average.

    Each outcome is marked partial when it covers fewer half-years than the profile names.
    """
    windows = find_windows(session)
    if not windows:
        return None, {}
    window = union_window(windows)
    averages = service_averages(session, windows=windows, minimum=minimum)
    rows = list_window_rows(session, windows=windows, provider_ids=[provider_id])
    outcomes = {}
    for (_provider, service_id), found in rows.items():
        tallies = [
            tally(row.period, row.completed, row.in_work + row.in_studies, minimum) for row in found
        ]
        outcomes[service_id] = pool(
            tallies, minimum, window=window, average=averages.get(service_id)
        )
    return window, outcomes


def list_half_years(
    session: Session, *, provider_id: int, minimum: int
) -> dict[int, list[HalfYear]]:
    """Return a provider's published half-year results by service id, newest first."""
    found = list_published_results(session, provider_id=provider_id)
    half_years: dict[int, list[HalfYear]] = defaultdict(list)
    newest_first = sorted(found, key=lambda row: row.period, reverse=True)
    for row in sorted(newest_first, key=lambda row: row.service_id):
        half_years[row.service_id].append(HalfYear(row, summarize_half_year(row, minimum)))
    return dict(half_years)


@reuse_per_version(own_texts_of=NOBODY)
def summarize_extras(
    session: Session,
    *,
    provider_ids: list[int],
    service_id: int | None,
    minimum: int,
    windows: WindowPairs | None = None,
) -> dict[tuple[int, int], Extras]:
    """Pool survey answers, weighted time in service and left early per provider and service.

    The medians of days to the first meeting are listed per shown half-year, not pooled.

    Partial means covering fewer half-years than the page names (the service's window,
    or with every service all their windows together). ``windows`` saves looking the
    published windows up again when the caller has them.
    """
    windows = find_windows(session) if windows is None else dict(windows)
    if service_id is not None:
        windows = {service_id: windows[service_id]} if service_id in windows else {}
    window = union_window(windows)
    rows = list_window_rows(session, windows=windows, provider_ids=provider_ids)
    return {
        key: Extras(
            survey=pool_survey(found, minimum, window=window),
            days=pool_days(found, minimum, window=window),
            left_early=pool_left_early(found, minimum, window=window),
            first_meeting=list_first_meetings(found, minimum),
        )
        for key, found in rows.items()
    }


def summarize_extras_each(
    session: Session, *, provider_ids: list[int], service_id: int, minimum: int
) -> dict[tuple[int, int], Extras]:
    """Return summarize_extras for these providers, kept per provider so any set reuses them."""

    def load(missing: list[int]) -> dict[int, dict]:
        found = summarize_extras(
            session, provider_ids=missing, service_id=service_id, minimum=minimum
        )
        return {pid: {key: v for key, v in found.items() if key[0] == pid} for pid in missing}

    each = reuse_each_per_version(
        ("extras", service_id, minimum), list(provider_ids), load, own_texts_of=NOBODY
    )
    return {key: value for pid in provider_ids for key, value in each[pid].items()}
