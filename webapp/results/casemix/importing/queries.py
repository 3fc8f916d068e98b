"""What a case-mix file is checked against, read from the database, and the check of a file."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, select

from webapp.results.casemix.importing.parse import read_case_mix
from webapp.results.casemix.importing.plan import (
    CaseMixPlan,
    Counts,
    check_cells,
    plan_case_mix,
)
from webapp.results.casemix.models import CaseMixCount
from webapp.results.casemix.strata import Stratum
from webapp.results.importing.impact import HalfYearImpact
from webapp.results.importing.plan import check_references
from webapp.results.importing.queries import load_import_references
from webapp.results.importing.upload import Problem, sort_problems
from webapp.results.models import Result
from webapp.results.windows import find_windows, list_published_by_service


@dataclass
class CheckedCaseMix:
    """A file checked against the stored data: its problems, or the writes it plans."""

    problems: list[Problem]
    plan: CaseMixPlan | None = None
    # The stored rows of the groups the plan replaces, by (provider id, service id, half-year).
    existing: dict = field(default_factory=dict)
    impact: list[HalfYearImpact] = field(default_factory=list)


def find_result_totals(session: Session, *, periods: set[str]) -> dict[tuple[int, int, str], tuple]:
    """Return each stored result of these half-years as (completed, in work or studies)."""
    if not periods:
        return {}
    statement = select(
        Result.provider_id,
        Result.service_id,
        Result.period,
        Result.completed,
        Result.in_work + Result.in_studies,
    ).where(Result.period.in_(sorted(periods)))
    return {(p, s, period): (c, w) for p, s, period, c, w in session.exec(statement)}


def find_strata_rows(
    session: Session, *, periods: set[str]
) -> dict[tuple[int, int, str], list[CaseMixCount]]:
    """Return the stored strata of these half-years by (provider id, service id, half-year)."""
    if not periods:
        return {}
    statement = select(CaseMixCount).where(CaseMixCount.period.in_(sorted(periods)))
    rows: dict[tuple[int, int, str], list[CaseMixCount]] = defaultdict(list)
    for row in session.exec(statement.order_by(CaseMixCount.id)):
        rows[(row.provider_id, row.service_id, row.period)].append(row)
    return dict(rows)


def counts_of(rows: list[CaseMixCount]) -> Counts:
    """Return stored rows as counts by stratum."""
    return {
        Stratum(row.age_band, row.assistance, row.newcomer, row.level): (
            row.completed,
            row.in_work_or_studies,
        )
        for row in rows
    }


def describe_case_mix_impact(
    session: Session, plan: CaseMixPlan, services: dict[str, int]
) -> list[HalfYearImpact]:
    """Return the service half-years the plan adds or replaces groups in, in display order."""
    published = list_published_by_service(session)
    windows = find_windows(session)
    counts: dict[tuple[str, str], list] = defaultdict(lambda: [0, 0, set()])
    for kind, cells in ((0, plan.added), (1, plan.changed)):
        for planned in cells:
            entry = counts[(planned.cell[1], planned.cell[2])]
            entry[kind] += 1
            entry[2].add(planned.provider.id)
    order = {code: position for position, code in enumerate(services)}
    impacts = [
        HalfYearImpact(
            service_code=code,
            period=period,
            added=added,
            changed=changed,
            providers=len(providers),
            published=period in published.get(services[code], ()),
            in_window=period in windows.get(services[code], ()),
        )
        for (code, period), (added, changed, providers) in counts.items()
    ]
    return sorted(impacts, key=lambda impact: (order[impact.service_code], impact.period))


def check_case_mix(session: Session, *, text: str, today: date) -> CheckedCaseMix:
    """Check every row and group of the file against the stored data; plan the writes."""
    parsed = read_case_mix(text, today=today)
    references = load_import_references(session)
    problems = parsed.problems + check_references(parsed, references)
    periods = {row.period for row in parsed.rows}
    if not problems:
        problems = check_cells(parsed, references, find_result_totals(session, periods=periods))
    if problems:
        return CheckedCaseMix(problems=sort_problems(problems))
    existing = find_strata_rows(session, periods=periods)
    stored = {key: counts_of(rows) for key, rows in existing.items()}
    plan = plan_case_mix(parsed, references, stored)
    impact = describe_case_mix_impact(session, plan, references.services)
    return CheckedCaseMix(problems=[], plan=plan, existing=existing, impact=impact)
