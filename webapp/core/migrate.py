"""Run Alembic migrations against the app's database."""

from pathlib import Path

from alembic import command
from alembic.config import Config

from webapp.core.db import get_engine

MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"


def alembic_config(connection=None) -> Config:
    """Return an Alembic config bound to the app's database."""
    config = Config(str(MIGRATIONS / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS))
    # ConfigParser treats % as interpolation, and URLs may hold %-escapes.
    url = get_engine().url.render_as_string(hide_password=False)
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade_database(revision: str = "head") -> None:
    """Bring the schema up to the given revision, in one transaction."""
    with get_engine().begin() as connection:
        command.upgrade(alembic_config(connection), revision)


def downgrade_database(revision: str) -> None:
    """Take the schema down to the given revision."""
    with get_engine().begin() as connection:
        command.downgrade(alembic_config(connection), revision)


def create_revision(message: str) -> None:
    """Write a new migration by comparing the models with the database."""
    with get_engine().begin() as connection:
        command.revision(alembic_config(connection), message=message, autogenerate=True)
