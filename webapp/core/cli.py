"""Command-line tools: ``flask db …``, ``flask seed`` and ``flask translate …``."""

import click
from flask import current_app
from flask.cli import AppGroup

from webapp.choices.follow_up_jobs import choice_follow_up_command
from webapp.choices.jobs import apply_choice_defaults_command
from webapp.core import migrate
from webapp.core.assets import assets_cli
from webapp.core.translate import translate_cli

db_cli = AppGroup("db", help="Manage the database schema.")


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision):
    """Apply migrations up to REVISION (default: the newest)."""
    migrate.upgrade_database(revision)
    click.echo(f"Database at {revision}.")


@db_cli.command("downgrade")
@click.argument("revision")
def db_downgrade(revision):
    """Revert migrations down to REVISION."""
    migrate.downgrade_database(revision)


@db_cli.command("revision")
@click.option("-m", "--message", required=True)
def db_revision(message):
    """Generate a migration from changes to the models."""
    migrate.create_revision(message)


@click.command("seed")
@click.option("--if-empty", is_flag=True, help="Do nothing when providers already exist.")
def seed_command(if_empty):
    """Load the demo data from seed_data/ (safe to run again)."""
    from webapp.core.seed import load_seed

    changed = load_seed(only_if_empty=if_empty)
    name = current_app.config["MUNICIPALITY_NAME"]
    click.echo(f"Demo data for {name}: {'loaded' if changed else 'already up to date'}.")


@click.command("create-admin")
@click.option("--email", prompt=True, help="The new admin's e-mail address.")
@click.option("--name", prompt=True, default="", help="The new admin's name.")
def create_admin_command(email, name):
    """Create a staff account with the admin role (the password is asked for, never passed)."""
    from webapp.core.db import get_session
    from webapp.staff.actions import AccountRefused, create_account

    password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    session = get_session()
    try:
        user = create_account(
            session,
            email=email,
            name=name,
            password=password,
            role="admin",
            actor=None,
            summary="flask create-admin",
        )
    except AccountRefused as refused:
        messages = [message for found in refused.problems.values() for message in found]
        raise click.ClickException(" ".join(messages)) from None
    session.commit()
    click.echo(f"Created admin account {user.email}.")


def init_app(app):
    """Register the commands."""
    app.cli.add_command(db_cli)
    app.cli.add_command(seed_command)
    app.cli.add_command(translate_cli)
    app.cli.add_command(create_admin_command)
    app.cli.add_command(assets_cli)
    app.cli.add_command(apply_choice_defaults_command)
    app.cli.add_command(choice_follow_up_command)
