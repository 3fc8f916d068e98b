"""Checking an import file against the database, and the results.import action that saves it."""

from datetime import date

from sqlmodel import func, select

from tests.factories.results import (
    JOBBTORGET_ORG,
    add_result,
    import_file,
    seeded_provider,
    seeded_service,
)
from webapp.results.actions import confirm_import, find_confirmed_import
from webapp.results.importing.queries import check_import, list_service_codes
from webapp.results.models import Result
from webapp.staff.models import AuditEvent

TODAY = date(2026, 11, 22)
NEW_ROW = f"{JOBBTORGET_ORG};MATCH-1;2026H1;50;20;5;100"
CHANGED_ROW = f"{JOBBTORGET_ORG};MATCH-1;2025H2;61;26;2;130"


def stored(session, period: str) -> Result | None:
    provider, service = seeded_provider(session), seeded_service(session)
    return session.exec(
        select(Result).where(
            Result.provider_id == provider.id,
            Result.service_id == service.id,
            Result.period == period,
        )
    ).first()


def import_events(session) -> list[AuditEvent]:
    statement = select(AuditEvent).where(AuditEvent.action == "results.import")
    return list(session.exec(statement))


def test_every_service_code_once(session):
    codes = list_service_codes(session)
    assert sorted(codes) == [
        "FORB-1",
        "FORB-2",
        "FORB-3",
        "INTRO-1",
        "INTRO-2",
        "MATCH-1",
        "MATCH-2",
    ]


def test_a_file_with_problems_plans_nothing(session):
    checked = check_import(
        session, text=import_file("559000-0005;MATCH-1;2025H1;40;18;4;"), today=TODAY
    )
    assert checked.plan is None
    assert [(p.row, p.column) for p in checked.problems] == [(2, "organisationsnummer")]


def test_a_deauthorized_provider_cannot_get_later_results(session):
    text = import_file("559236-0548;MATCH-1;2025H2;40;18;4;")  # ended 1 April 2025
    (problem,) = check_import(session, text=text, today=TODAY).problems
    assert "inte auktoriserad för MATCH-1 under 2025H2" in problem.message


def test_a_good_file_plans_additions_and_changes_against_what_is_stored(session):
    checked = check_import(session, text=import_file(NEW_ROW, CHANGED_ROW), today=TODAY)
    assert checked.problems == []
    assert [p.row.period for p in checked.plan.added] == ["2026H1"]
    assert [p.row.period for p in checked.plan.changed] == ["2025H2"]
    assert checked.existing[checked.plan.changed[0].key] is stored(session, "2025H2")
    # 2025H2 is published and in MATCH-1's window; 2026H1 shows nothing until published.
    assert [(i.period, i.added, i.changed, i.published, i.in_window) for i in checked.impact] == [
        ("2025H2", 0, 1, True, True),
        ("2026H1", 1, 0, False, False),
    ]
    assert {i.service_code for i in checked.impact} == {"MATCH-1"}


def confirm(session, text: str, preview_plan: str, *, confirmation: str = "k1", name="vår.csv"):
    """Confirm a previewed file as the confirm view does."""
    return confirm_import(
        session,
        text=text,
        confirmation=confirmation,
        preview_plan=preview_plan,
        filename=name,
        today=TODAY,
        actor=None,
    )


def test_import_saves_the_plan_and_its_audit_event(session):
    text = import_file(NEW_ROW, CHANGED_ROW)
    checked = check_import(session, text=text, today=TODAY)
    before = stored(session, "2025H2").completed

    outcome = confirm(session, text, checked.plan.fingerprint())
    session.flush()

    assert outcome.status == "saved"
    added = stored(session, "2026H1")
    assert (added.completed, added.in_work, added.in_studies, added.average_days) == (
        50,
        20,
        5,
        100,
    )
    assert stored(session, "2025H2").completed == 61
    (event,) = import_events(session)
    assert event.summary == "vår.csv: 1 added, 1 changed"
    label = f"{JOBBTORGET_ORG} MATCH-1 2025H2"
    assert event.before[label]["completed"] == before
    assert event.after[label]["completed"] == 61
    assert event.after[f"{JOBBTORGET_ORG} MATCH-1 2026H1"]["in_work"] == 20
    record = find_confirmed_import(session, "k1")
    assert (record.added, record.changed, record.filename) == (1, 1, "vår.csv")
    assert event.entity_id == record.id


def test_a_second_confirmation_of_the_same_preview_saves_nothing_more(session):
    text = import_file(NEW_ROW, CHANGED_ROW)
    preview = check_import(session, text=text, today=TODAY).plan.fingerprint()
    first = confirm(session, text, preview)
    session.flush()

    second = confirm(session, text, preview)

    assert (first.status, second.status) == ("saved", "already_saved")
    assert second.record.id == first.record.id
    assert len(import_events(session)) == 1


def test_a_row_added_after_the_preview_saves_nothing_and_says_so(session):
    text = import_file(CHANGED_ROW, NEW_ROW)
    preview = check_import(session, text=text, today=TODAY).plan.fingerprint()
    before = stored(session, "2025H2").completed
    provider, service = seeded_provider(session), seeded_service(session)
    # Another request stores the same half-year after the preview.
    add_result(session, provider_id=provider.id, service_id=service.id, period="2026H1")
    count = session.exec(select(func.count()).select_from(Result)).one()

    outcome = confirm(session, text, preview)

    assert outcome.status == "changed"
    assert outcome.checked.plan.fingerprint() != preview
    assert stored(session, "2025H2").completed == before
    assert session.exec(select(func.count()).select_from(Result)).one() == count
    assert import_events(session) == []
    assert find_confirmed_import(session, "k1") is None
