"""The database engine and a per-request session kept on ``g``."""

from pathlib import Path

from flask import current_app, g
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, create_engine


def make_engine(url: str) -> Engine:
    """Create an engine that behaves the same on SQLite and PostgreSQL."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite_connection)
        event.listen(engine, "begin", _begin_sqlite_transaction)
    return engine


def _configure_sqlite_connection(dbapi_connection, _record):
    # SQLite ignores foreign keys unless asked, per connection.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
    # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin, so
    # transactions and savepoints behave as on PostgreSQL.
    dbapi_connection.isolation_level = None


def _begin_sqlite_transaction(connection):
    connection.exec_driver_sql("BEGIN")


def get_engine() -> Engine:
    """Return the application's engine."""
    return current_app.extensions["db_engine"]


def get_session() -> Session:
    """Return the session for this request, opening it on first use."""
    if "db_session" not in g:
        # Tests may hand in a connection inside a transaction they roll back; a
        # commit then only releases a savepoint.
        bind = current_app.config.get("DB_TEST_CONNECTION") or get_engine()
        g.db_session = Session(
            bind, expire_on_commit=False, join_transaction_mode="create_savepoint"
        )
    return g.db_session


def close_session(_exc=None):
    """Close the request's session; uncommitted work is rolled back."""
    session = g.pop("db_session", None)
    if session is not None:
        try:
            session.close()
        except SQLAlchemyError:
            # The connection died with the database; the pool replaces it. The
            # response (often the 503 page) has already been made.
            current_app.logger.warning("could not close a database session cleanly")


def init_app(app):
    """Create the engine and register the teardown."""
    app.extensions["db_engine"] = make_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    app.teardown_appcontext(close_session)
