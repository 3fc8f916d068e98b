"""The delivery columns through the import: checked, planned against what is stored, saved."""

from datetime import date

from sqlmodel import select

from tests.factories.results import (
    DELIVERY_HEADER,
    IMPORT_HEADER,
    JOBBTORGET_ORG,
    import_file,
    seeded_provider,
    seeded_service,
)
from webapp.results.actions import confirm_import
from webapp.results.importing.queries import check_import
from webapp.results.models import Result
from webapp.staff.models import AuditEvent

TODAY = date(2026, 11, 22)


def stored(session, period: str) -> Result:
    """Return Jobbtorget's stored MATCH-1 result of a half-year."""
    provider, service = seeded_provider(session), seeded_service(session)
    return session.exec(
        select(Result).where(
            Result.provider_id == provider.id,
            Result.service_id == service.id,
            Result.period == period,
        )
    ).one()


def save(session, text: str):
    """Check a file and confirm its plan, as the preview and the confirm view do."""
    checked = check_import(session, text=text, today=TODAY)
    assert checked.problems == []
    outcome = confirm_import(
        session,
        text=text,
        confirmation="k1",
        preview_plan=checked.plan.fingerprint(),
        filename="leverans.csv",
        today=TODAY,
        actor=None,
    )
    session.flush()
    return checked, outcome


def delivery(row: Result) -> tuple:
    """Return a stored result's delivery measures."""
    return (row.started, row.left_early, row.first_meeting_days, row.first_meeting_people)


def test_delivery_values_are_planned_as_changes_and_saved_with_the_audit_event(session):
    current = stored(session, "2025H2")
    counts = f"{current.completed};{current.in_work};{current.in_studies}"
    text = import_file(
        f"{JOBBTORGET_ORG};MATCH-1;2025H2;{counts};999;4;6;28",
        f"{JOBBTORGET_ORG};MATCH-1;2026H1;50;20;5;40;3;9,5;33",
        header=DELIVERY_HEADER,
    )
    old = delivery(current)

    checked, outcome = save(session, text)

    (changed,) = checked.plan.changed
    assert changed.changes["started"] == (old[0], 999)  # the counts read the same
    assert set(changed.changes) <= {"started", "left_early", "first_meeting_days"} | {
        "first_meeting_people"
    }
    assert outcome.status == "saved"
    assert delivery(stored(session, "2025H2")) == (999, 4, 6, 28)
    assert delivery(stored(session, "2026H1")) == (40, 3, 10, 33)
    (event,) = session.exec(select(AuditEvent).where(AuditEvent.action == "results.import"))
    label = f"{JOBBTORGET_ORG} MATCH-1 2025H2"
    assert (event.before[label]["started"], event.after[label]["started"]) == (old[0], 999)
    assert event.after[f"{JOBBTORGET_ORG} MATCH-1 2026H1"]["first_meeting_days"] == 10


def test_a_file_without_the_delivery_columns_keeps_the_stored_measures(session):
    current = stored(session, "2025H2")
    before = delivery(current)
    assert None not in before  # the demo has every measure
    text = import_file(
        f"{JOBBTORGET_ORG};MATCH-1;2025H2;{current.completed + 1};{current.in_work};"
        f"{current.in_studies};{current.average_days}",
        header=IMPORT_HEADER,
    )

    checked, outcome = save(session, text)

    assert list(checked.plan.changed[0].changes) == ["completed"]
    assert outcome.status == "saved"
    assert delivery(stored(session, "2025H2")) == before


def test_empty_delivery_cells_clear_the_stored_measures(session):
    current = stored(session, "2025H2")
    counts = f"{current.completed};{current.in_work};{current.in_studies}"
    text = import_file(f"{JOBBTORGET_ORG};MATCH-1;2025H2;{counts};;;;", header=DELIVERY_HEADER)

    save(session, text)

    assert delivery(stored(session, "2025H2")) == (None, None, None, None)


def test_a_file_with_a_delivery_problem_plans_nothing(session):
    text = import_file(
        f"{JOBBTORGET_ORG};MATCH-1;2026H1;50;20;5;40;3;9;33",
        f"{JOBBTORGET_ORG};MATCH-1;2025H2;50;20;5;30;31;9;25",
        header=DELIVERY_HEADER,
    )
    checked = check_import(session, text=text, today=TODAY)
    assert checked.plan is None
    assert [(p.row, p.column) for p in checked.problems] == [(3, "slutade_i_fortid")]
