"""Results for a group of people (18–24-year-olds, newcomers): the same rule, one more step.

A group's result in a half-year group (a provider, a service, a half-year that
takes part, webapp.results.casemix.cells) is a cell of its own, and it is shown
only when

1. at least the minimum number of the group completed, and at least the minimum
   did not: otherwise subtracting the group from the provider's shown result
   would give away the others (``is_group_shown``);
2. the cells hidden by step 1 in the same service and half-year are not alone:
   the strata rates add up to the whole group in the municipality, so taking the
   shown cells away leaves the hidden ones together. Together they must be at
   least two cells, with at least the minimum in the group and the minimum not
   in it; while they are not, the shown cell with the fewest of the group is
   hidden too (``hide_to_protect``). If every cell ends up hidden, what is left
   is the municipality's whole group, whose rates are published from at least 20.

A group's 12-month figure, its average and its ranking are then pooled from its
shown cells only, exactly as results for everyone are (webapp.results.statistics).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import and_, case, func
from sqlmodel import Session, select

from webapp.core.datacache import NOBODY, reuse_per_version
from webapp.results.casemix.cells import taking_part
from webapp.results.casemix.models import CaseMixCount
from webapp.results.casemix.strata import Group, in_group_clause
from webapp.results.queries import Headline
from webapp.results.statistics import Outcome, Tally, average_share, is_shown, pool
from webapp.results.windows import Windows, find_windows, union_window


@dataclass(frozen=True)
class GroupCell:
    """A group's people in one half-year group that takes part, and the half-year group's."""

    provider_id: int
    service_id: int
    period: str
    total: int  # everyone who completed in the half-year group
    completed: int  # of them, in the group
    successes: int  # of the group, in work or studies


def is_group_shown(completed: int, total: int, minimum: int) -> bool:
    """Tell whether a group's cell passes step 1: the minimum in the group and outside it."""
    return is_shown(completed, minimum) and is_shown(total - completed, minimum)


def is_protected(hidden: list[GroupCell], minimum: int) -> bool:
    """Tell whether hidden cells of one service and half-year are safe together (step 2)."""
    if not hidden:
        return True
    in_group = sum(cell.completed for cell in hidden)
    outside = sum(cell.total - cell.completed for cell in hidden)
    return len(hidden) >= 2 and in_group >= minimum and outside >= minimum


def hide_to_protect(cells: Iterable[GroupCell], minimum: int) -> set[tuple[int, int, str]]:
    """Return the keys (provider, service, half-year) of the group cells that may be shown."""
    by_half_year: dict[tuple[int, str], list[GroupCell]] = defaultdict(list)
    for cell in cells:
        by_half_year[(cell.service_id, cell.period)].append(cell)
    shown_keys = set()
    for found in by_half_year.values():
        shown = [c for c in found if is_group_shown(c.completed, c.total, minimum)]
        hidden = [c for c in found if not is_group_shown(c.completed, c.total, minimum)]
        # The fewest of the group first, then by provider: the same choice every time.
        shown.sort(key=lambda c: (c.completed, c.provider_id), reverse=True)
        while shown and not is_protected(hidden, minimum):
            hidden.append(shown.pop())
        shown_keys |= {(c.provider_id, c.service_id, c.period) for c in shown}
    return shown_keys


def tally_group(cells: Iterable[GroupCell], shown: set[tuple[int, int, str]]) -> Tally:
    """Return what one half-year brings to a group's figure: shown cells' counts, hidden ones."""
    cells = list(cells)
    period = cells[0].period
    visible = [c for c in cells if (c.provider_id, c.service_id, c.period) in shown]
    return Tally(
        period,
        completed=sum(c.completed for c in visible),
        successes=sum(c.successes for c in visible),
        hidden=len(cells) - len(visible),
    )


def find_group_cells(
    session: Session, *, windows: Windows, group: Group, minimum: int
) -> list[GroupCell]:
    """Return every half-year group of the windows that takes part, with the group's counts."""
    if not windows:
        return []
    part = taking_part(windows, minimum)
    member = in_group_clause(CaseMixCount.age_band, CaseMixCount.newcomer, group)
    statement = (
        select(
            part.c.provider_id,
            part.c.service_id,
            part.c.period,
            part.c.completed,
            func.sum(case((member, CaseMixCount.completed), else_=0)),
            func.sum(case((member, CaseMixCount.in_work_or_studies), else_=0)),
        )
        .join(
            CaseMixCount,
            and_(
                CaseMixCount.provider_id == part.c.provider_id,
                CaseMixCount.service_id == part.c.service_id,
                CaseMixCount.period == part.c.period,
            ),
        )
        .group_by(part.c.provider_id, part.c.service_id, part.c.period, part.c.completed)
    )
    return [
        GroupCell(provider_id, service_id, period, int(total), int(completed), int(successes))
        for provider_id, service_id, period, total, completed, successes in session.exec(statement)
    ]


@dataclass(frozen=True)
class GroupResults:
    """A group's shown cells and how they pool, for every provider and service."""

    group: Group
    windows: Windows
    minimum: int
    cells: list[GroupCell]
    shown: set[tuple[int, int, str]]

    def tallies(self, *, service_id: int | None) -> dict[int, list[Tally]]:
        """Return each provider's tallies per half-year, for one service or all added together."""
        grouped: dict[tuple[int, str], list[GroupCell]] = defaultdict(list)
        for cell in self.cells:
            if service_id is None or cell.service_id == service_id:
                grouped[(cell.provider_id, cell.period)].append(cell)
        tallies: dict[int, list[Tally]] = defaultdict(list)
        for (provider_id, _period), cells in sorted(grouped.items()):
            tallies[provider_id].append(tally_group(cells, self.shown))
        return dict(tallies)

    def average(self, service_id: int) -> float | None:
        """Return the group's average for a service: the share of its shown cells together."""
        tallies = self.tallies(service_id=service_id)
        return average_share(t for found in tallies.values() for t in found)

    def headline(self, *, service_id: int | None) -> Headline:
        """Return every provider's pooled group result, as the list shows results for everyone."""
        windows = self.windows
        if service_id is not None:
            windows = {service_id: windows[service_id]} if service_id in windows else {}
        if not windows:
            return Headline(periods=None, comparable=service_id is not None)
        window = union_window(windows)
        tallies = self.tallies(service_id=service_id)
        average = None if service_id is None else self.average(service_id)
        outcomes = {
            provider_id: pool(found, self.minimum, window=window, average=average)
            for provider_id, found in tallies.items()
        }
        return Headline(
            periods=window, average=average, outcomes=outcomes, comparable=service_id is not None
        )

    def by_service(self, provider_id: int) -> dict[int, Outcome]:
        """Return one provider's group result per service, each against the group's average."""
        window = union_window(self.windows)
        service_ids = sorted({c.service_id for c in self.cells if c.provider_id == provider_id})
        outcomes = {}
        for service_id in service_ids:
            found = self.tallies(service_id=service_id).get(provider_id, [])
            outcomes[service_id] = pool(
                found, self.minimum, window=window, average=self.average(service_id)
            )
        return outcomes


@reuse_per_version(own_texts_of=NOBODY)
def find_group_results(
    session: Session, *, group: Group, minimum: int, windows: Windows | None = None
) -> GroupResults:
    """Return a group's cells in the published windows and which of them may be shown."""
    windows = find_windows(session) if windows is None else windows
    cells = find_group_cells(session, windows=windows, group=group, minimum=minimum)
    return GroupResults(group, windows, minimum, cells, hide_to_protect(cells, minimum))
