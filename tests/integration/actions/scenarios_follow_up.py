"""Scenarios for the follow-up actions: new windows, window defaults, notice addresses."""

from datetime import timedelta

from tests.factories.choices import (
    end_authorizations,
    make_choice,
    make_invitation,
    make_switch_request,
    provider_id,
    service_id,
)
from tests.factories.follow_up import make_displacement, make_notice_address
from webapp.choices import displacement, notices
from webapp.core import clock


def open_windows(session):
    """A client who chose jarvalyftet, and another waiting for a switch to it."""
    today = clock.today()
    chosen, _code = make_invitation(session)
    make_choice(session, chosen, provider="jarvalyftet")
    switching, _code = make_invitation(
        session, decision_date=today - timedelta(days=30), deadline=today - timedelta(days=10)
    )
    make_choice(session, switching, provider="arbetslust-stockholm")
    make_switch_request(session, switching, provider="jarvalyftet")
    displacement.open_new_choice_windows(
        session,
        provider_id=provider_id(session, "jarvalyftet"),
        service_ids=[service_id(session, "MATCH-1")],
        effective_date=today + timedelta(days=30),
        decided_by=None,
        today=today,
    )


def apply_window_default(session):
    """The window closed yesterday; the provider's authorization ended before it."""
    today = clock.today()
    invitation, _code = make_invitation(
        session, decision_date=today - timedelta(days=40), deadline=today - timedelta(days=20)
    )
    make_choice(session, invitation, provider="jarvalyftet")
    end_authorizations(session, provider="jarvalyftet", valid_until=today - timedelta(days=5))
    window = make_displacement(
        session,
        invitation,
        effective_date=today - timedelta(days=5),
        deadline=today - timedelta(days=1),
    )
    displacement.apply_window_default(session, invitation, window, today=today)


def save_notice_address(session):
    invitation, _code = make_invitation(session)
    notices.save_notice_address(session, invitation, email="klient@example.org", lang="so")


def erase_notice_address(session):
    invitation, _code = make_invitation(session)
    make_notice_address(session, invitation)
    notices.erase_notice_address(session, invitation, why="client")


DISPLACEMENT = "webapp.choices.displacement"
NOTICES = "webapp.choices.notices"
SCENARIOS = {
    (f"{DISPLACEMENT}.open_new_choice_windows", "choice.window_open"): open_windows,
    (f"{DISPLACEMENT}.open_new_choice_windows", "choice.switch_withdraw"): open_windows,
    (f"{DISPLACEMENT}.apply_window_default", "choice.default"): apply_window_default,
    (f"{NOTICES}.save_notice_address", "choice.notice_consent"): save_notice_address,
    (f"{NOTICES}.erase_notice_address", "choice.notice_erase"): erase_notice_address,
}
