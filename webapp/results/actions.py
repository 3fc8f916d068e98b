"""Actions of the results domain: the only code that changes stored results."""

from datetime import date

from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlmodel import Session

from webapp.catalog.models import Service
from webapp.core.actions import action
from webapp.results.importing.plan import ImportPlan
from webapp.results.models import PublishedPeriod, Result
from webapp.results.publication import Refusal, check_publish, count_stored, get_publication
from webapp.staff.audit import record_event, snapshot


class ImportNotSaved(Exception):
    """The database refused the import; nothing of it was saved."""


class PublishingRefused(Exception):
    """The half-year cannot be published or withdrawn for the service; nothing changed."""

    def __init__(self, refusal: Refusal):
        super().__init__(refusal.value)
        self.refusal = refusal


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


def _code(session: Session, service_id: int) -> str:
    service = session.get(Service, service_id)
    return service.code if service else str(service_id)


@action("results.publish")
def publish_period(
    session: Session, *, service_id: int, period: str, today: date, by: int | None
) -> PublishedPeriod:
    """Publish a half-year's results for one service: they go public, the window may move."""
    published = get_publication(session, service_id=service_id, period=period) is not None
    stored = count_stored(session, service_id=service_id, period=period)
    refusal = check_publish(period=period, today=today, stored=stored, published=published)
    if refusal is not None:
        raise PublishingRefused(refusal)
    row = PublishedPeriod(service_id=service_id, period=period, published_by=by)
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError as error:  # published by someone else meanwhile
        raise PublishingRefused(Refusal.ALREADY_PUBLISHED) from error
    record_event(
        session,
        "results.publish",
        entity_type="published_period",
        entity_id=row.id,
        summary=f"{_code(session, service_id)} {period}: published ({stored} results)",
        after=snapshot(row, ["service_id", "period", "published_at", "published_by"]),
    )
    return row


@action("results.withdraw")
def withdraw_period(session: Session, *, service_id: int, period: str) -> None:
    """Take a half-year's results off the site for one service, until it is published again."""
    row = get_publication(session, service_id=service_id, period=period)
    if row is None:
        raise PublishingRefused(Refusal.NOT_PUBLISHED)
    before = snapshot(row, ["service_id", "period", "published_at", "published_by"])
    entity_id = row.id
    session.delete(row)
    session.flush()
    record_event(
        session,
        "results.withdraw",
        entity_type="published_period",
        entity_id=entity_id,
        summary=f"{_code(session, service_id)} {period}: withdrawn",
        before=before,
    )
