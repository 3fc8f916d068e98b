"""What an import is checked against, read from the database, and the check of a whole file."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, select

from webapp.catalog.models import Service
from webapp.providers.models import Provider
from webapp.results.importing.impact import HalfYearImpact, describe_impact
from webapp.results.importing.parse import read_results
from webapp.results.importing.plan import (
    ImportPlan,
    ProviderRef,
    References,
    check_references,
    plan_import,
)
from webapp.results.importing.upload import Problem, sort_problems
from webapp.results.models import Result
from webapp.results.public_record import list_authorization_spans
from webapp.results.windows import find_windows, list_published_by_service


@dataclass
class CheckedImport:
    """A file checked against the stored data: its problems, or the writes it plans."""

    problems: list[Problem]
    plan: ImportPlan | None = None
    # The stored results the plan changes, by (provider id, service id, period).
    existing: dict = field(default_factory=dict)
    # Per service and half-year in the file: what changes, and whether it shows.
    impact: list[HalfYearImpact] = field(default_factory=list)


def load_import_references(session: Session) -> References:
    """Return every provider, service and authorization period an import is checked against."""
    providers = {
        org_number: ProviderRef(id=provider_id, name=name)
        for provider_id, org_number, name in session.exec(
            select(Provider.id, Provider.org_number, Provider.name)
        )
    }
    services = dict(
        session.exec(select(Service.code, Service.id).order_by(Service.position, Service.id)).all()
    )
    authorizations = defaultdict(list)
    for span in list_authorization_spans(session):
        authorizations[(span.provider_id, span.service_id)].append(span)
    return References(providers=providers, services=services, authorizations=dict(authorizations))


def list_service_codes(session: Session) -> list[str]:
    """Return every service code, in display order."""
    return list(session.exec(select(Service.code).order_by(Service.position, Service.id)))


def find_results_by_key(
    session: Session, *, periods: set[str]
) -> dict[tuple[int, int, str], Result]:
    """Return the stored results of these half-years by (provider id, service id, period)."""
    if not periods:
        return {}
    statement = select(Result).where(Result.period.in_(sorted(periods)))
    return {(row.provider_id, row.service_id, row.period): row for row in session.exec(statement)}


def check_import(session: Session, *, text: str, today: date) -> CheckedImport:
    """Check every row of the file against the stored data; plan the writes if all is well."""
    parsed = read_results(text, today=today)
    references = load_import_references(session)
    problems = parsed.problems + check_references(parsed, references)
    if problems:
        return CheckedImport(problems=sort_problems(problems))
    existing = find_results_by_key(session, periods={row.period for row in parsed.rows})
    plan = plan_import(parsed.rows, references, existing)
    impact = describe_impact(
        plan,
        services=references.services,
        published=list_published_by_service(session),
        windows=find_windows(session),
    )
    return CheckedImport(problems=[], plan=plan, existing=existing, impact=impact)
