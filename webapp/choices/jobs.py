"""The daily job that records the default provider where a choice deadline has passed.

``flask apply-choice-defaults`` runs once a day from cron. Until it has run, the
pages already show the default as standing (see ``webapp.choices.state``); the
job, or the first caseworker or client action on the invitation, records it with
its audit event.
"""

from dataclasses import dataclass, field
from datetime import date

import click
from flask.cli import with_appcontext
from sqlmodel import Session

from webapp.choices.actions import ChoiceRaced, apply_default
from webapp.choices.queries import find_current_choice, list_due_invitations
from webapp.core import clock
from webapp.core.db import get_session

# Invitations read per query; each is then recorded in a transaction of its own.
BATCH_SIZE = 200


@dataclass
class DefaultsReport:
    """What a run of the default rule did."""

    recorded: int = 0
    # Invitations still waiting after the deadline: no municipal provider is authorized.
    unassigned: list[int] = field(default_factory=list)


def apply_choice_defaults(
    session: Session, *, today: date, batch_size: int = BATCH_SIZE
) -> DefaultsReport:
    """Record the default provider for every invitation whose default is due.

    One transaction per invitation: what the job did stays committed if it stops
    halfway, and a request that records the same default at the same moment
    costs only that invitation (the action then records nothing). Running it
    again changes nothing.
    """
    report = DefaultsReport()
    last_id = 0
    while batch := list_due_invitations(session, today=today, after_id=last_id, limit=batch_size):
        for invitation in batch:
            last_id = invitation.id
            try:
                recorded = apply_default(session, invitation, today=today)
            except ChoiceRaced:
                recorded = None  # a request recorded a choice at the same moment
            session.commit()
            if recorded is not None:
                report.recorded += 1
            elif find_current_choice(session, invitation_id=invitation.id) is None:
                report.unassigned.append(invitation.id)
    return report


@click.command("apply-choice-defaults")
@with_appcontext
def apply_choice_defaults_command():
    """Record the default provider where a choice deadline has passed (run daily)."""
    report = apply_choice_defaults(get_session(), today=clock.today())
    click.echo(f"Default providers recorded: {report.recorded}.")
    click.echo(
        f"Could not be applied (no authorized municipal provider): {len(report.unassigned)}."
    )
    if report.unassigned:
        ids = ", ".join(str(invitation_id) for invitation_id in report.unassigned)
        click.echo(f"Invitations for a caseworker to settle: {ids}.")
