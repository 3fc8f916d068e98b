"""Scenarios for the case-mix actions: each sets the scene and calls the action once."""

from tests.factories.results import JOBBTORGET_ORG
from webapp.core import clock
from webapp.results.casemix.actions import confirm_case_mix_import
from webapp.results.casemix.importing.queries import check_case_mix

HEADER = (
    "organisationsnummer;insats;halvar;aldersgrupp;tid_med_bistand;nyanland;niva;avslutade;"
    "i_arbete_eller_studier"
)


def import_a_checked_case_mix(session) -> None:
    """Replace the strata of Jobbtorget's MATCH-1 2025H2 (59 completed, 28 succeeded)."""
    text = (
        f"{HEADER}\n{JOBBTORGET_ORG};MATCH-1;2025H2;18-24;lt1;nej;1;30;15\n"
        f"{JOBBTORGET_ORG};MATCH-1;2025H2;50+;gt3;ja;3;29;13\n"
    )
    checked = check_case_mix(session, text=text, today=clock.today())
    assert checked.problems == [] and checked.plan.has_changes
    outcome = confirm_case_mix_import(
        session,
        text=text,
        confirmation="scenario",
        preview_plan=checked.plan.fingerprint(),
        filename="grupper.csv",
        today=clock.today(),
        actor=None,
    )
    assert outcome.status == "saved"


SCENARIOS = {
    (
        "webapp.results.casemix.actions.confirm_case_mix_import",
        "results.case_mix_import",
    ): import_a_checked_case_mix,
}
