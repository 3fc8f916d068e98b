"""Actions of the results domain: the only code that changes stored results."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlmodel import Session, select

from webapp.catalog.models import Service
from webapp.core.actions import action
from webapp.core.locks import hold_lock
from webapp.results.importing.plan import ImportPlan
from webapp.results.importing.queries import CheckedImport, check_import
from webapp.results.importing.upload import Problem, content_digest
from webapp.results.models import PublishedPeriod, Result, ResultImport
from webapp.results.publication import Refusal, check_publish, count_stored, get_publication
from webapp.staff.audit import record_event, snapshot
from webapp.staff.models import StaffUser

IMPORT_LOCK = "results.import"


class ImportNotSaved(Exception):
    """The database refused the import; nothing of it was saved."""


class PublishingRefused(Exception):
    """The half-year cannot be published or withdrawn for the service; nothing changed."""

    def __init__(self, refusal: Refusal):
        super().__init__(refusal.value)
        self.refusal = refusal


@dataclass(frozen=True)
class ImportOutcome:
    """How a confirmation went: "saved", "already_saved", "problems" or "changed".

    "changed": the stored results differ from what the preview showed (or the
    file would now change nothing); checked holds the new plan to preview again.
    """

    status: str
    checked: CheckedImport | None = None
    record: ResultImport | None = None

    @property
    def problems(self) -> list[Problem]:
        """Return the file's problems against the stored data (status "problems")."""
        return self.checked.problems if self.checked and self.status == "problems" else []


def find_confirmed_import(session: Session, confirmation: str) -> ResultImport | None:
    """Return the import saved under a preview's confirmation key, if any."""
    statement = select(ResultImport).where(ResultImport.confirmation == confirmation)
    return session.exec(statement).first()


@action("results.import")
def confirm_import(
    session: Session,
    *,
    text: str,
    confirmation: str,
    preview_plan: str,
    filename: str,
    today: date,
    actor: StaffUser | None,
) -> ImportOutcome:
    """Save a previewed file: all of it in one transaction, once, as the preview showed it.

    Confirmations are serialised by a lock. Inside it, a preview already saved
    (a double submit) is reported as such; the file is checked again against the
    stored data, and if what it would write differs from the preview
    (``preview_plan``), nothing is saved. The audit event's "before" values are
    read inside the lock. A database error undoes every row of the file and
    raises ImportNotSaved; the rest of the request's transaction stays usable.
    """
    hold_lock(session, IMPORT_LOCK)
    earlier = find_confirmed_import(session, confirmation)
    if earlier is not None:
        return ImportOutcome("already_saved", record=earlier)
    checked = check_import(session, text=text, today=today)
    if checked.problems:
        return ImportOutcome("problems", checked)
    plan = checked.plan
    if not plan.has_changes or plan.fingerprint() != preview_plan:
        return ImportOutcome("changed", checked)
    record = ResultImport(
        confirmation=confirmation,
        content_digest=content_digest(text),
        filename=filename,
        added=len(plan.added),
        changed=len(plan.changed),
        actor_id=actor.id if actor else None,
    )
    try:
        with session.begin_nested():
            _write_plan(session, plan, checked.existing)
            session.add(record)
            # Send the statements now, so a database error surfaces here, before the audit event.
            session.flush()
    except SQLAlchemyError as error:
        raise ImportNotSaved from error
    before, after = plan.audit_values()
    record_event(
        session,
        "results.import",
        entity_type="result",
        entity_id=record.id,
        summary=f"{filename}: {len(plan.added)} added, {len(plan.changed)} changed",
        before=before,
        after=after,
        actor=actor,
    )
    return ImportOutcome("saved", checked, record)


def _write_plan(session: Session, plan: ImportPlan, existing: dict) -> None:
    """Add the plan's new results and change its changed ones."""
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
