"""Which half-year groups take part in the case-mix figures: shown, and with a complete mix.

A half-year group (a provider, a service, a half-year) takes part when its result
is shown (webapp.results.statistics) and its strata add up to that result, both
participants and successes. A group whose strata are missing, or no longer add
up because its result was corrected, is left out of every case-mix figure: the
strata rates, the expected shares and the results for a group of people. The
rule is stated in Python (``is_complete``) and in SQL (``complete_clause``).
"""

from sqlalchemy import ColumnElement, and_, func
from sqlmodel import select

from webapp.results.casemix.models import CaseMixCount
from webapp.results.models import Result
from webapp.results.statistics import shown_clause
from webapp.results.windows import Windows, in_windows


def is_complete(
    result_completed: int, result_successes: int, strata_completed: int, strata_successes: int
) -> bool:
    """Tell whether a group's strata add up to its result: participants and successes."""
    return result_completed == strata_completed and result_successes == strata_successes


def complete_clause(
    result_completed: ColumnElement,
    result_successes: ColumnElement,
    strata_completed: ColumnElement,
    strata_successes: ColumnElement,
) -> ColumnElement[bool]:
    """Return ``is_complete`` as an SQL condition."""
    return and_(result_completed == strata_completed, result_successes == strata_successes)


def strata_totals():
    """Return a subquery of each half-year group's strata added up."""
    return (
        select(
            CaseMixCount.provider_id,
            CaseMixCount.service_id,
            CaseMixCount.period,
            func.sum(CaseMixCount.completed).label("completed"),
            func.sum(CaseMixCount.in_work_or_studies).label("successes"),
        )
        .group_by(CaseMixCount.provider_id, CaseMixCount.service_id, CaseMixCount.period)
        .subquery("strata_totals")
    )


def taking_part(windows: Windows, minimum: int):
    """Return a subquery of the half-year groups of these windows that take part.

    Its columns: provider_id, service_id, period, completed, successes.
    """
    totals = strata_totals()
    return (
        select(
            Result.provider_id,
            Result.service_id,
            Result.period,
            Result.completed,
            (Result.in_work + Result.in_studies).label("successes"),
        )
        .join(
            totals,
            and_(
                totals.c.provider_id == Result.provider_id,
                totals.c.service_id == Result.service_id,
                totals.c.period == Result.period,
            ),
        )
        .where(
            in_windows(windows),
            shown_clause(Result.completed, minimum),
            complete_clause(
                Result.completed,
                Result.in_work + Result.in_studies,
                totals.c.completed,
                totals.c.successes,
            ),
        )
        .subquery("taking_part")
    )
