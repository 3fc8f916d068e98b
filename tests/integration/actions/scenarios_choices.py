"""Scenarios for the choices domain's actions: set the scene with the factories, act once."""

from datetime import timedelta

from flask import current_app

from tests.factories.choices import (
    make_choice,
    make_invitation,
    make_switch_request,
    provider_id,
)
from webapp.catalog.queries import list_schemes
from webapp.choices import actions, code_actions
from webapp.core import clock
from webapp.core.clock import utc_now

ACTIONS = "webapp.choices.actions"
CODE_ACTIONS = "webapp.choices.code_actions"


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
    invitation, _code = make_invitation(session, code_attempts=10)
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


def enter_code(attempts_before: int):
    """A wrong entry aimed at an invitation; the tenth locks the code."""

    def scenario(session):
        _invitation, code = make_invitation(session, code_attempts=attempts_before)
        wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
        code_actions.enter_code(
            session,
            typed=wrong,
            key=current_app.config["CHOICE_CODE_KEY"],
            now=utc_now(),
            lock_after=10,
            minutes=60,
        )

    return scenario


def unlock_code(session):
    invitation, _code = make_invitation(session, code_attempts=12)
    code_actions.unlock_code(session, invitation, today=clock.today())


def reissue_code(session):
    invitation, _code = make_invitation(session)
    code_actions.reissue_code(session, invitation, key="scenario-key", today=clock.today())


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
    (f"{CODE_ACTIONS}.enter_code", "choice.code_wrong"): enter_code(0),
    (f"{CODE_ACTIONS}.enter_code", "choice.code_lock"): enter_code(9),
    (f"{CODE_ACTIONS}.unlock_code", "choice.code_unlock"): unlock_code,
    (f"{CODE_ACTIONS}.reissue_code", "choice.code_reissue"): reissue_code,
}
