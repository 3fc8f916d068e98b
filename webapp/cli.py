"""Command-line tools: ``flask db …``, ``flask seed`` and ``flask translate …``."""

import click
from flask import current_app
from flask.cli import AppGroup

from webapp import migrate
from webapp.translate import translate_cli

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
    from webapp.seed import load_seed

    changed = load_seed(only_if_empty=if_empty)
    name = current_app.config["MUNICIPALITY_NAME"]
    click.echo(f"Demo data for {name}: {'loaded' if changed else 'already up to date'}.")


def init_app(app):
    """Register the commands."""
    app.cli.add_command(db_cli)
    app.cli.add_command(seed_command)
    app.cli.add_command(translate_cli)
