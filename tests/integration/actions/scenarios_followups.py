"""Scenarios for the follow-up actions: terms kept by admins, follow-ups recorded and published."""

from datetime import date

from tests.factories.authorizations import make_period, service_id
from tests.factories.followups import make_follow_up, make_terms_version, scheme_id, term_in_force
from tests.factories.providers import make_provider
from tests.factories.staff import staff_account
from webapp.followups import actions
from webapp.followups.rules import FindingDraft, FollowUpDraft
from webapp.followups.terms import TermDraft, TermsDraft

DRAFT = TermsDraft(
    valid_from=date(2027, 6, 1),
    document="Auktorisationsvillkor 2027 (AMN 2027/1)",
    document_url="",
    terms=(TermDraft("1.1", "Personalens kompetens", "Utbildning och erfarenhet."),),
)


def create_terms(session):
    """An admin adds a version of the matching scheme's terms from June 2027."""
    actions.save_terms_version(session, scheme_id=scheme_id(session, "MATCH"), draft=DRAFT)


def update_terms(session):
    """An admin corrects a coming version no follow-up has used."""
    version = make_terms_version(session, valid_from=date(2027, 6, 1))
    actions.save_terms_version(
        session, scheme_id=version.scheme_id, draft=DRAFT, version_id=version.id
    )


def record(session):
    """An editor records a site visit with a remark and a demand for action."""
    provider = make_provider(session)
    make_period(session, provider, service="MATCH-1", valid_from=date(2022, 1, 1))
    day = date(2026, 11, 2)
    remark = term_in_force(session, scheme="MATCH", day=day, reference="5.1")
    demand = term_in_force(session, scheme="MATCH", day=day, reference="6.3")
    actions.record_follow_up(
        session,
        provider_id=provider.id,
        draft=FollowUpDraft(
            kind="site_visit",
            held_on=day,
            service_ids=(service_id(session, "MATCH-1"),),
            findings=(
                FindingDraft(remark.id, "remark", "Stängt en eftermiddag."),
                FindingDraft(demand.id, "demand", "", date(2027, 1, 31)),
            ),
        ),
        recorded_by=None,
    )


def close(session):
    """An editor closes a follow-up whose remark has been dealt with."""
    follow_up = make_follow_up(session)
    actions.close_follow_up(session, follow_up_id=follow_up.id, note="Åtgärdat.", closed_by=None)


def publish(session):
    """An admin publishes a follow-up an editor recorded."""
    editor, admin = staff_account(session, role="editor"), staff_account(session, role="admin")
    follow_up = make_follow_up(session, recorded_by=editor.id)
    actions.publish_follow_up(session, follow_up_id=follow_up.id, publisher_id=admin.id)


def withdraw(session):
    """An admin takes a published follow-up off the public page."""
    follow_up = make_follow_up(session, published_on=date(2026, 11, 5))
    actions.withdraw_follow_up(session, follow_up_id=follow_up.id)


NAME = "webapp.followups.actions."
SCENARIOS = {
    (NAME + "save_terms_version", "terms.create"): create_terms,
    (NAME + "save_terms_version", "terms.update"): update_terms,
    (NAME + "record_follow_up", "follow_up.record"): record,
    (NAME + "close_follow_up", "follow_up.close"): close,
    (NAME + "publish_follow_up", "follow_up.publish"): publish,
    (NAME + "withdraw_follow_up", "follow_up.withdraw"): withdraw,
}
