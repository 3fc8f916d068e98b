"""Scenarios for the results domain's actions: each sets the scene and calls the action once."""

from tests.factories.results import JOBBTORGET_ORG, import_file
from webapp.core import clock
from webapp.results.actions import confirm_import
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


SCENARIOS = {
    ("webapp.results.actions.confirm_import", "results.import"): import_a_checked_file,
}
