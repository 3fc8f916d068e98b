"""The daily follow-up job: defaults after a new window closes, and erasing notice addresses.

``flask choice-follow-up`` runs once a day from cron, beside
``flask apply-choice-defaults``. Each invitation is handled in a transaction of
its own; running it again changes nothing.
"""

from dataclasses import dataclass, field
from datetime import date

import click
from flask.cli import with_appcontext
from sqlmodel import Session

from webapp.choices.displacement import apply_window_default, list_window_defaults_due
from webapp.choices.notices import erase_closed_addresses
from webapp.core import clock
from webapp.core.db import get_session


@dataclass
class FollowUpReport:
    """What a run of the follow-up job did."""

    defaults: int = 0
    # Windows closed on a provider gone, with no other municipal provider: for a caseworker.
    unassigned: list[int] = field(default_factory=list)
    erased: int = 0


def run_follow_up(session: Session, *, today: date) -> FollowUpReport:
    """Record defaults where a new window has closed; erase addresses of closed invitations."""
    report = FollowUpReport()
    for invitation, displacement in list_window_defaults_due(session, today=today):
        recorded = apply_window_default(session, invitation, displacement, today=today)
        session.commit()
        if recorded is None:
            report.unassigned.append(invitation.id)
        else:
            report.defaults += 1
    report.erased = erase_closed_addresses(session, today=today)
    return report


@click.command("choice-follow-up")
@with_appcontext
def choice_follow_up_command():
    """Apply defaults after closed windows and erase expired notice addresses (run daily)."""
    report = run_follow_up(get_session(), today=clock.today())
    click.echo(f"Default providers recorded after a new window: {report.defaults}.")
    if report.unassigned:
        ids = ", ".join(str(invitation_id) for invitation_id in report.unassigned)
        click.echo(f"Invitations for a caseworker to settle: {ids}.")
    click.echo(f"Notice addresses erased: {report.erased}.")
