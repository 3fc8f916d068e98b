"""Alembic environment: migrate the database the running app is configured for."""

from alembic import context

from webapp.core.schema import load_all_models

config = context.config
target_metadata = load_all_models()


def run_migrations() -> None:
    """Run migrations on the connection handed over by webapp.migrate, or a new one."""
    connection = config.attributes.get("connection")
    if connection is None:
        from webapp.core.db import make_engine

        engine = make_engine(config.get_main_option("sqlalchemy.url"))
        with engine.begin() as connection:
            _run(connection)
    else:
        _run(connection)


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
