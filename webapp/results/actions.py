"""Actions of the results domain: the only code that changes stored results."""

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from webapp.core.actions import action
from webapp.results.importing.plan import ImportPlan
from webapp.results.models import Result
from webapp.staff.audit import record_event


class ImportNotSaved(Exception):
    """The database refused the import; nothing of it was saved."""


@action("results.import")
def import_results(
    session: Session, *, plan: ImportPlan, existing: dict, filename: str
) -> ImportPlan:
    """Add the plan's new results and change its changed ones, all or nothing, and audit it.

    ``existing`` holds the stored results the plan was made against, by
    (provider id, service id, period). A database error (a constraint, a row
    another request added meanwhile) undoes every row of the file and raises
    ImportNotSaved; the rest of the request's transaction stays usable.
    """
    try:
        with session.begin_nested():
            for planned in plan.changed:
                stored = existing[planned.key]
                for name, (_old, new) in planned.changes.items():
                    setattr(stored, name, new)
                session.add(stored)
            for planned in plan.added:
                session.add(
                    Result(
                        provider_id=planned.provider.id,
                        service_id=planned.service_id,
                        period=planned.row.period,
                        **planned.row.values,
                    )
                )
            # Send the statements now, so a database error surfaces here, before the audit event.
            session.flush()
    except SQLAlchemyError as error:
        raise ImportNotSaved from error
    before, after = plan.audit_values()
    record_event(
        session,
        "results.import",
        entity_type="result",
        summary=f"{filename}: {len(plan.added)} added, {len(plan.changed)} changed",
        before=before,
        after=after,
    )
    return plan
