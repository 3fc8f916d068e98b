"""Scenarios for the results domain's actions: each sets the scene and calls the action once."""

from tests.factories.results import JOBBTORGET_ORG, add_result, import_file, seeded_provider
from tests.factories.results import seeded_service as service_named
from webapp.core import clock
from webapp.results.actions import confirm_import, publish_period, withdraw_period
from webapp.results.importing.queries import check_import


def import_a_checked_file(session) -> None:
    """Import one changed and one new half-year for Jobbtorget's MATCH-1."""
    text = import_file(
        f"{JOBBTORGET_ORG};MATCH-1;2025H2;37;11;3;99",
        f"{JOBBTORGET_ORG};MATCH-1;2026H1;41;12;4;101",
    )
    checked = check_import(session, text=text, today=clock.today())
    assert checked.problems == [] and checked.plan.has_changes
    outcome = confirm_import(
        session,
        text=text,
        confirmation="scenario",
        preview_plan=checked.plan.fingerprint(),
        filename="resultat.csv",
        today=clock.today(),
        actor=None,
    )
    assert outcome.status == "saved"


def publish_an_imported_half_year(session) -> None:
    """Publish MATCH-1's 2026H1 after a result for it is stored."""
    service = service_named(session)
    add_result(
        session, provider_id=seeded_provider(session).id, service_id=service.id, period="2026H1"
    )
    publish_period(session, service_id=service.id, period="2026H1", today=clock.today(), by=None)


def withdraw_a_published_half_year(session) -> None:
    """Take MATCH-1's published 2025H2 off the site."""
    withdraw_period(session, service_id=service_named(session).id, period="2025H2")


SCENARIOS = {
    ("webapp.results.actions.confirm_import", "results.import"): import_a_checked_file,
    ("webapp.results.actions.publish_period", "results.publish"): publish_an_imported_half_year,
    ("webapp.results.actions.withdraw_period", "results.withdraw"): withdraw_a_published_half_year,
}
