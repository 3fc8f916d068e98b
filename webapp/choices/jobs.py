"""Default assignments when a choice deadline passes: the daily job and the lazy batch.

``flask apply-choice-defaults`` runs once a day from cron. The caseworkers' list
applies due defaults the same way before it shows states, so the list is right
even on a day the job did not run.
"""

from dataclasses import dataclass, field
from datetime import date

import click
from flask.cli import with_appcontext
from flask_login import AnonymousUserMixin
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from webapp.choices.models import Choice, ChoiceInvitation
from webapp.choices.queries import list_due_invitations, map_default_providers
from webapp.choices.rules import apply_default_if_due, current_choice
from webapp.core import clock
from webapp.core.db import get_session
from webapp.staff.audit import record_event

# Invitations read per query; each is then settled in a transaction of its own.
BATCH_SIZE = 200
# The audit log's actor for what the system does by itself, whoever is logged in.
SYSTEM = AnonymousUserMixin()


@dataclass
class DefaultsReport:
    """What a run of the default rule did."""

    recorded: int = 0
    # Invitations still waiting after the deadline: no municipal provider is authorized.
    unassigned: list[int] = field(default_factory=list)


def record_default_event(session: Session, invitation: ChoiceInvitation, choice: Choice) -> None:
    """Add the audit event for a default assignment, made by the system."""
    record_event(
        session,
        "choice.default",
        entity_type="choice_invitation",
        entity_id=invitation.id,
        summary=f"provider {choice.provider_id}",
        after={"provider_id": choice.provider_id, "kind": choice.kind},
        actor=SYSTEM,
    )


def apply_default_and_commit(session: Session, invitation: ChoiceInvitation, today: date) -> bool:
    """Apply a due default to one invitation with its audit event, in a transaction of its own.

    Returns False when nothing was recorded: not due, no municipal provider
    authorized, or another reader applied it at the same moment.
    """
    try:
        if not apply_default_if_due(session, invitation, today):
            return False
        record_default_event(session, invitation, current_choice(session, invitation.id))
        session.commit()
        return True
    except IntegrityError:
        # The unique index on current choices refused a second default.
        session.rollback()
        return False


def apply_choice_defaults(
    session: Session, *, today: date, batch_size: int = BATCH_SIZE
) -> DefaultsReport:
    """Record the default provider for every invitation whose deadline has passed.

    One transaction per invitation: a client page reading the same invitation at
    the same moment may apply its default lazily, and the unique index on current
    choices then refuses one of the two; only that invitation's work is rolled
    back, and what the job did before stays committed if it stops halfway.
    Running it again changes nothing.
    """
    report = DefaultsReport()
    last_id = 0
    while batch := list_due_invitations(session, today=today, after_id=last_id, limit=batch_size):
        for invitation in batch:
            last_id = invitation.id
            if apply_default_and_commit(session, invitation, today):
                report.recorded += 1
            elif current_choice(session, invitation.id) is None:
                report.unassigned.append(invitation.id)
    return report


def apply_due_defaults_lazily(session: Session, *, today: date) -> DefaultsReport:
    """Apply every due default in one transaction, with a fixed number of statements.

    Used before listing invitations, so states and filters are right even when the
    daily job has not run. If a concurrent reader applied one of them first, the
    whole batch is rolled back; the next reading or the job will finish it.
    """
    report = DefaultsReport()
    due = list_due_invitations(session, today=today)
    if not due:
        return report
    defaults = map_default_providers(
        session, service_ids={invitation.service_id for invitation in due}, day=today
    )
    for invitation in due:
        provider_id = defaults.get(invitation.service_id)
        if provider_id is None:
            report.unassigned.append(invitation.id)
            continue
        choice = Choice(invitation_id=invitation.id, provider_id=provider_id, kind="default")
        session.add(choice)
        record_default_event(session, invitation, choice)
        report.recorded += 1
    if report.recorded:
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
            report.recorded = 0
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
