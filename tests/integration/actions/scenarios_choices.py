"""Scenarios for the choices domain's actions: set the scene with the factories, act once."""

from datetime import timedelta

from tests.factories.choices import (
    make_choice,
    make_invitation,
    make_switch_request,
    provider_id,
)
from webapp.catalog.queries import list_schemes
from webapp.choices import actions
from webapp.core import clock

ACTIONS = "webapp.choices.actions"


def past_deadline(session):
    """An invitation whose last day to choose was yesterday, with nothing chosen."""
    today = clock.today()
    invitation, _code = make_invitation(
        session, decision_date=today - timedelta(days=20), deadline=today - timedelta(days=1)
    )
    return invitation


def invite(session):
    service = next(s for scheme in list_schemes(session) for s in scheme.services)
    actions.invite(
        session,
        service=service,
        decision_date=clock.today(),
        deadline=clock.today() + timedelta(days=14),
        letter_lang="sv",
        case_reference="SN 1",
        key="scenario-key",
        created_by=None,
        today=clock.today(),
    )


def cancel(session):
    invitation, _code = make_invitation(session)
    actions.cancel(session, invitation, today=clock.today())


def reopen(session):
    invitation, _code = make_invitation(session, locked=True)
    actions.reopen(session, invitation, open_until=clock.today(), today=clock.today())


def confirm(session):
    invitation, _code = make_invitation(session)
    actions.confirm(
        session,
        invitation,
        provider_id=provider_id(session, "jarvalyftet"),
        token="scenario-token-0001",
        today=clock.today(),
    )


def record(session):
    invitation, _code = make_invitation(session)
    actions.record(
        session,
        invitation,
        provider_id=provider_id(session, "jarvalyftet"),
        today=clock.today(),
        recorded_by=None,
    )


def apply_default(session):
    actions.apply_default(session, past_deadline(session), today=clock.today())


def request_switch(session):
    invitation = past_deadline(session)
    make_choice(session, invitation, provider="jarvalyftet")
    actions.request_switch(
        session,
        invitation,
        provider_id=provider_id(session, "jobbtorget"),
        reason="Närmare hemmet.",
        today=clock.today(),
    )


def decide_switch(approve: bool):
    def scenario(session):
        invitation, _code = make_invitation(session)
        make_choice(session, invitation, provider="jarvalyftet")
        switch = make_switch_request(session, invitation, provider="jobbtorget")
        actions.decide_switch(
            session,
            invitation,
            switch,
            approve=approve,
            reason="" if approve else "Inga skäl enligt villkoren.",
            today=clock.today(),
            decided_by=None,
        )

    return scenario


SCENARIOS = {
    (f"{ACTIONS}.invite", "choice.invite"): invite,
    (f"{ACTIONS}.cancel", "choice.cancel"): cancel,
    (f"{ACTIONS}.reopen", "choice.reopen"): reopen,
    (f"{ACTIONS}.confirm", "choice.confirm"): confirm,
    (f"{ACTIONS}.record", "choice.record"): record,
    (f"{ACTIONS}.apply_default", "choice.default"): apply_default,
    (f"{ACTIONS}.request_switch", "choice.switch_request"): request_switch,
    (f"{ACTIONS}.decide_switch", "choice.switch_approve"): decide_switch(approve=True),
    (f"{ACTIONS}.decide_switch", "choice.switch_reject"): decide_switch(approve=False),
}
