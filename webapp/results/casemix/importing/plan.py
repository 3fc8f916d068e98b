"""Check a file's half-year groups against the stored results and plan what confirming writes.

A case-mix file describes whole half-year groups (a provider, a service, a
half-year): the strata it lists replace every stratum stored for that group. Its
strata must add up to the group's stored result, so the mix always describes
exactly the people the result counts.
"""

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass

from webapp.core.activelocale import gettext as _
from webapp.results.casemix.importing.parse import Cell, ParsedCaseMix, StratumRow
from webapp.results.casemix.strata import Stratum
from webapp.results.importing.plan import ProviderRef, References
from webapp.results.importing.upload import Problem

# stratum -> (completed, in work or studies)
Counts = dict[Stratum, tuple[int, int]]


@dataclass(frozen=True)
class PlannedCell:
    """A half-year group whose strata the import adds or replaces."""

    cell: Cell
    line: int  # the group's first line in the file
    provider: ProviderRef
    service_id: int
    strata: Counts  # from the file; strata nobody completed in are left out
    stored: Counts  # what is stored now (empty for a new group)

    @property
    def key(self) -> tuple[int, int, str]:
        """Return the group's natural key: provider id, service id and half-year."""
        return (self.provider.id, self.service_id, self.cell[2])

    @property
    def completed(self) -> int:
        """Return the group's participants, as the file gives them."""
        return sum(completed for completed, _successes in self.strata.values())

    @property
    def successes(self) -> int:
        """Return how many of the group were in work or studies, as the file gives them."""
        return sum(successes for _completed, successes in self.strata.values())

    @property
    def changed_strata(self) -> int:
        """Return how many strata get other counts, come or go."""
        return sum(
            self.strata.get(stratum) != self.stored.get(stratum)
            for stratum in {*self.strata, *self.stored}
        )


@dataclass(frozen=True)
class CaseMixPlan:
    """What confirming the import would write."""

    added: list[PlannedCell]
    changed: list[PlannedCell]
    unchanged: int

    @property
    def has_changes(self) -> bool:
        """Tell whether confirming would write anything."""
        return bool(self.added or self.changed)

    @property
    def periods(self) -> set[str]:
        """Return the half-years the import adds or changes groups in."""
        return {planned.cell[2] for planned in self.added + self.changed}

    def fingerprint(self) -> str:
        """Return a digest of the planned writes, to notice stored data changing meanwhile."""
        writes = [
            [kind, *planned.key, _listed(planned.stored), _listed(planned.strata)]
            for kind, cells in (("add", self.added), ("change", self.changed))
            for planned in cells
        ]
        return hashlib.sha256(json.dumps(writes).encode()).hexdigest()

    def audit_values(self) -> tuple[dict, dict]:
        """Return before and after values for the audit log: each group's strata by code."""
        before = {_label(planned): _coded(planned.stored) for planned in self.changed}
        after = {_label(planned): _coded(planned.strata) for planned in self.added + self.changed}
        return before, after


def _listed(counts: Counts) -> list:
    return [[stratum.code, *counts[stratum]] for stratum in sorted(counts)]


def _coded(counts: Counts) -> dict[str, list[int]]:
    return {stratum.code: list(counts[stratum]) for stratum in sorted(counts)}


def _label(planned: PlannedCell) -> str:
    return " ".join(planned.cell)


def group_rows(rows: list[StratumRow]) -> dict[Cell, list[StratumRow]]:
    """Group the file's rows by half-year group, in the order the groups first appear."""
    cells: dict[Cell, list[StratumRow]] = defaultdict(list)
    for row in rows:
        cells[row.cell].append(row)
    return dict(cells)


def check_cells(
    parsed: ParsedCaseMix, references: References, results: dict[tuple[int, int, str], tuple]
) -> list[Problem]:
    """Check that each group has a stored result and that its strata add up to it.

    ``results`` maps (provider id, service id, half-year) to the stored result's
    (completed, in work or studies). Groups with unknown codes are left to
    ``check_references``.
    """
    problems = []
    for cell, rows in group_rows(parsed.rows).items():
        org_number, code, period = cell
        provider = references.providers.get(org_number)
        service_id = references.services.get(code)
        if provider is None or service_id is None:
            continue
        stored = results.get((provider.id, service_id, period))
        first = rows[0].line
        if stored is None:
            message = _(
                "Det finns inget resultat för %(provider)s, %(service)s, %(period)s. Läs in "
                "resultatet först, sedan deltagargrupperna.",
                provider=provider.name,
                service=code,
                period=period,
            )
            problems.append(Problem(first, None, message))
            continue
        completed = sum(row.completed for row in rows)
        successes = sum(row.successes for row in rows)
        if (completed, successes) != stored:
            message = _(
                "Grupperna för %(provider)s, %(service)s, %(period)s har tillsammans "
                "%(completed)s avslutade och %(successes)s i arbete eller studier, men "
                "resultatet har %(stored_completed)s avslutade och %(stored_successes)s i "
                "arbete eller studier. Summorna måste vara lika: alla som räknas i resultatet "
                "ska finnas i en grupp.",
                provider=provider.name,
                service=code,
                period=period,
                completed=completed,
                successes=successes,
                stored_completed=stored[0],
                stored_successes=stored[1],
            )
            problems.append(Problem(first, None, message))
    return problems


def plan_case_mix(
    parsed: ParsedCaseMix, references: References, stored: dict[tuple[int, int, str], Counts]
) -> CaseMixPlan:
    """Compare the file's groups with the stored strata: what is new, changed or the same.

    ``stored`` maps (provider id, service id, half-year) to its stored strata.
    """
    added, changed, unchanged = [], [], 0
    for cell, rows in group_rows(parsed.rows).items():
        provider = references.providers[cell[0]]
        service_id = references.services[cell[1]]
        strata = {row.stratum: (row.completed, row.successes) for row in rows if row.completed}
        now = stored.get((provider.id, service_id, cell[2]), {})
        planned = PlannedCell(cell, rows[0].line, provider, service_id, strata, now)
        if now == strata:
            unchanged += 1
        elif not now:
            added.append(planned)
        else:
            changed.append(planned)
    return CaseMixPlan(added=added, changed=changed, unchanged=unchanged)
