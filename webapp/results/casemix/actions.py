"""Actions of the case-mix data: the only code that changes stored strata."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, select

from webapp.core.actions import action
from webapp.core.locks import hold_lock
from webapp.results.actions import IMPORT_LOCK
from webapp.results.casemix.importing.plan import CaseMixPlan
from webapp.results.casemix.importing.queries import CheckedCaseMix, check_case_mix
from webapp.results.casemix.models import CaseMixCount, CaseMixImport
from webapp.results.importing.upload import Problem, content_digest
from webapp.staff.audit import record_event
from webapp.staff.models import StaffUser


class CaseMixNotSaved(Exception):
    """The database refused the import; nothing of it was saved."""


@dataclass(frozen=True)
class CaseMixOutcome:
    """How a confirmation went: "saved", "already_saved", "problems" or "changed"."""

    status: str
    checked: CheckedCaseMix | None = None
    record: CaseMixImport | None = None

    @property
    def problems(self) -> list[Problem]:
        """Return the file's problems against the stored data (status "problems")."""
        return self.checked.problems if self.checked and self.status == "problems" else []


def find_confirmed_case_mix(session: Session, confirmation: str) -> CaseMixImport | None:
    """Return the case-mix import saved under a preview's confirmation key, if any."""
    statement = select(CaseMixImport).where(CaseMixImport.confirmation == confirmation)
    return session.exec(statement).first()


@action("results.case_mix_import")
def confirm_case_mix_import(
    session: Session,
    *,
    text: str,
    confirmation: str,
    preview_plan: str,
    filename: str,
    today: date,
    actor: StaffUser | None,
) -> CaseMixOutcome:
    """Save a previewed case-mix file: all of it in one transaction, once, as previewed.

    It holds the results import's lock, so neither import changes the results the
    other checks its sums against. A preview already saved is reported as such; the
    file is checked again against the stored data, and nothing is saved if what it
    would write differs from the preview. A database error undoes every row and
    raises CaseMixNotSaved.
    """
    hold_lock(session, IMPORT_LOCK)
    earlier = find_confirmed_case_mix(session, confirmation)
    if earlier is not None:
        return CaseMixOutcome("already_saved", record=earlier)
    checked = check_case_mix(session, text=text, today=today)
    if checked.problems:
        return CaseMixOutcome("problems", checked)
    plan = checked.plan
    if not plan.has_changes or plan.fingerprint() != preview_plan:
        return CaseMixOutcome("changed", checked)
    record = CaseMixImport(
        confirmation=confirmation,
        content_digest=content_digest(text),
        filename=filename,
        cells=len(plan.added) + len(plan.changed),
        actor_id=actor.id if actor else None,
    )
    try:
        with session.begin_nested():
            _write_plan(session, plan, checked.existing)
            session.add(record)
            session.flush()
    except SQLAlchemyError as error:
        raise CaseMixNotSaved from error
    before, after = plan.audit_values()
    record_event(
        session,
        "results.case_mix_import",
        entity_type="case_mix",
        entity_id=record.id,
        summary=(
            f"{filename}: {len(plan.added)} half-year groups added, {len(plan.changed)} replaced"
        ),
        before=before,
        after=after,
        actor=actor,
    )
    return CaseMixOutcome("saved", checked, record)


def _write_plan(session: Session, plan: CaseMixPlan, existing: dict) -> None:
    """Replace the strata of every group the plan changes, and add the new groups'."""
    for planned in plan.changed:
        for row in existing.get(planned.key, []):
            session.delete(row)
    # The deletes go first, so a stratum that stays does not meet its old row.
    session.flush()
    for planned in plan.added + plan.changed:
        provider_id, service_id, period = planned.key
        for stratum, (completed, successes) in sorted(planned.strata.items()):
            session.add(
                CaseMixCount(
                    provider_id=provider_id,
                    service_id=service_id,
                    period=period,
                    age_band=stratum.age_band,
                    assistance=stratum.assistance,
                    newcomer=stratum.newcomer,
                    level=stratum.level,
                    completed=completed,
                    in_work_or_studies=successes,
                )
            )
