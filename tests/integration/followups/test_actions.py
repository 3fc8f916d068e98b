"""Recording, closing, publishing and withdrawing follow-ups; keeping the terms."""

from datetime import date

import pytest
from sqlmodel import select

from tests.factories.authorizations import service_id
from tests.factories.followups import (
    make_follow_up,
    make_terms_version,
    scheme_id,
    term_in_force,
)
from tests.factories.staff import staff_account
from webapp.followups import actions
from webapp.followups.models import FollowUp, TermsVersion
from webapp.followups.rules import FindingDraft, FollowUpDraft, Problem, Refusal
from webapp.followups.terms import Refusal as TermsRefusal
from webapp.followups.terms import TermDraft, TermsDraft
from webapp.providers.models import Provider
from webapp.staff.models import AuditEvent

HELD = date(2026, 11, 2)


def provider_id(session, slug="arbetslust-stockholm") -> int:
    return session.exec(select(Provider.id).where(Provider.slug == slug)).one()


def site_visit(session, *findings, held_on=HELD, services=("MATCH-1",)) -> FollowUpDraft:
    """Return a site visit of arbetslust with findings as (reference, verdict, deadline)."""
    return FollowUpDraft(
        kind="site_visit",
        held_on=held_on,
        service_ids=tuple(service_id(session, code) for code in services),
        findings=tuple(
            FindingDraft(
                term_in_force(session, scheme="MATCH", day=held_on, reference=ref).id,
                verdict,
                "",
                deadline,
            )
            for ref, verdict, deadline in findings
        ),
    )


def last_audit(session) -> AuditEvent:
    return session.exec(select(AuditEvent).order_by(AuditEvent.id.desc())).first()


def test_recording_stores_findings_and_the_most_severe_outcome(db_session):
    draft = site_visit(db_session, ("5.1", "remark", None), ("6.3", "demand", date(2027, 1, 31)))
    stored = actions.record_follow_up(
        db_session, provider_id=provider_id(db_session), draft=draft, recorded_by=None
    )
    assert stored.outcome == "demand"
    assert sorted((f.verdict, f.deadline) for f in stored.findings) == [
        ("demand", date(2027, 1, 31)),
        ("remark", None),
    ]
    assert [s.service_id for s in stored.services] == [service_id(db_session, "MATCH-1")]
    audit = last_audit(db_session)
    assert (audit.action, audit.entity_id) == ("follow_up.record", stored.id)
    assert audit.after["outcome"] == "demand" and len(audit.after["findings"]) == 2


def test_recording_refuses_a_bad_draft_and_stores_nothing(db_session):
    before = len(db_session.exec(select(FollowUp.id)).all())
    draft = site_visit(db_session, ("6.3", "demand", HELD), services=("MATCH-1", "FORB-1"))
    with pytest.raises(actions.FollowUpRefused) as refused:
        actions.record_follow_up(
            db_session, provider_id=provider_id(db_session), draft=draft, recorded_by=None
        )
    assert [f.problem for f in refused.value.found] == [
        Problem.SERVICE_NOT_AUTHORIZED,
        Problem.DEADLINE_BEFORE_HELD,
    ]
    assert len(db_session.exec(select(FollowUp.id)).all()) == before


def test_terms_of_another_day_are_unknown(db_session):
    """The 2024 terms no longer applied in November 2026."""
    old = term_in_force(db_session, scheme="MATCH", day=date(2025, 6, 1), reference="5.1")
    draft = FollowUpDraft(
        "site_visit", HELD, (service_id(db_session, "MATCH-1"),), (FindingDraft(old.id, "met"),)
    )
    with pytest.raises(actions.FollowUpRefused) as refused:
        actions.record_follow_up(
            db_session, provider_id=provider_id(db_session), draft=draft, recorded_by=None
        )
    assert [f.problem for f in refused.value.found] == [Problem.UNKNOWN_TERM]


def test_a_note_with_a_personal_identity_number_is_never_stored(db_session):
    term = term_in_force(db_session, scheme="MATCH", day=HELD, reference="5.1")
    draft = FollowUpDraft(
        "site_visit",
        HELD,
        (service_id(db_session, "MATCH-1"),),
        (FindingDraft(term.id, "remark", "Gäller 19850412-1234."),),
    )
    with pytest.raises(ValueError, match="personal identity number"):
        actions.record_follow_up(
            db_session, provider_id=provider_id(db_session), draft=draft, recorded_by=None
        )


def test_closing_an_open_follow_up_once(db_session):
    follow_up = make_follow_up(db_session)
    closed = actions.close_follow_up(
        db_session, follow_up_id=follow_up.id, note="Öppet igen.", closed_by=None
    )
    assert closed.closed_at is not None and closed.closing_note == "Öppet igen."
    with pytest.raises(actions.FollowUpChangeRefused) as refused:
        actions.close_follow_up(db_session, follow_up_id=follow_up.id, note="Igen.", closed_by=None)
    assert refused.value.refusal is Refusal.NOT_OPEN


def test_a_second_person_publishes(db_session):
    editor = staff_account(db_session, role="editor")
    admin = staff_account(db_session, role="admin")
    follow_up = make_follow_up(db_session, recorded_by=admin.id)
    with pytest.raises(actions.FollowUpChangeRefused) as refused:
        actions.publish_follow_up(db_session, follow_up_id=follow_up.id, publisher_id=admin.id)
    assert refused.value.refusal is Refusal.OWN_FOLLOW_UP
    assert db_session.get(FollowUp, follow_up.id).published_at is None
    other = staff_account(db_session, role="admin")
    published = actions.publish_follow_up(
        db_session, follow_up_id=follow_up.id, publisher_id=other.id
    )
    assert published.published_by == other.id
    assert last_audit(db_session).action == "follow_up.publish"
    withdrawn = actions.withdraw_follow_up(db_session, follow_up_id=follow_up.id)
    assert withdrawn.published_at is None and withdrawn.published_by is None
    assert editor.id != other.id


def test_terms_a_follow_up_used_cannot_change(db_session):
    term = term_in_force(db_session, scheme="MATCH", day=HELD, reference="5.1")
    used = db_session.get(TermsVersion, term.version_id)
    draft = TermsDraft(used.valid_from, "Ändrad", "", (TermDraft("1.1", "Nytt"),))
    with pytest.raises(actions.TermsRefused) as refused:
        actions.save_terms_version(
            db_session, scheme_id=used.scheme_id, draft=draft, version_id=used.id
        )
    assert refused.value.refusal is TermsRefusal.IN_USE


def test_a_new_version_starts_after_the_last_recorded_follow_up(db_session):
    """The seeded follow-ups of the matching scheme go up to 15 October 2026."""
    match = scheme_id(db_session, "MATCH")
    draft = TermsDraft(date(2026, 10, 15), "Villkor", "", (TermDraft("1.1", "Ett"),))
    with pytest.raises(actions.TermsRefused) as refused:
        actions.save_terms_version(db_session, scheme_id=match, draft=draft)
    assert refused.value.refusal is TermsRefusal.BEFORE_RECORDED_FOLLOW_UP
    assert refused.value.last_held == date(2026, 10, 15)
    later = TermsDraft(date(2026, 10, 16), "Villkor", "", (TermDraft("1.1", "Ett"),))
    saved = actions.save_terms_version(db_session, scheme_id=match, draft=later)
    assert [t.reference for t in saved.terms] == ["1.1"]


def test_an_unused_version_is_changed_whole(db_session):
    version = make_terms_version(db_session, valid_from=date(2027, 6, 1))
    draft = TermsDraft(
        date(2027, 7, 1),
        "Rättade villkor",
        "https://www.exempelkommun.example/villkor.pdf",
        (TermDraft("9.9", "Bara ett", "Det enda."),),
    )
    actions.save_terms_version(
        db_session, scheme_id=version.scheme_id, draft=draft, version_id=version.id
    )
    stored = db_session.get(TermsVersion, version.id)
    db_session.refresh(stored)
    assert (stored.valid_from, stored.document) == (date(2027, 7, 1), "Rättade villkor")
    audit = last_audit(db_session)
    assert audit.action == "terms.update"
    assert [t["reference"] for t in audit.before["terms"]] == ["1.1", "2.1", "3.1"]
    assert [t["reference"] for t in audit.after["terms"]] == ["9.9"]
