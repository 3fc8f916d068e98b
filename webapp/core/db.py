"""The database engine and a per-request session kept on ``g``, committed once on success.

Views never commit. A request's changes are made by actions (``webapp.core.actions``)
and committed here after the response is made, only if it reports success
(status below 400); any other answer rolls them back. While the app handles a
request, a write that no action makes raises (``STRICT_ACTIONS``, else it is
logged), so a view cannot change stored data by accident. Outside requests,
commands and tests setting a scene write as they need; actions still count
their writes and must record their audit events.
"""

from pathlib import Path

from flask import current_app, g, has_app_context, request_started
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, create_engine

from webapp.core.actions import WriteOutsideAction, in_action, note_write


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


class RequestSession(Session):
    """A request's session: its writes are counted (listeners below, set once for the class)."""


def get_session() -> Session:
    """Return the session for this request, opening it on first use."""
    if "db_session" not in g:
        # Tests may hand in a connection inside a transaction they roll back; a
        # commit then only releases a savepoint.
        bind = current_app.config.get("DB_TEST_CONNECTION") or get_engine()
        g.db_session = RequestSession(
            bind, expire_on_commit=False, join_transaction_mode="create_savepoint"
        )
    return g.db_session


def open_session() -> Session | None:
    """Return the session already open in this context, or None."""
    return g.get("db_session") if has_app_context() else None


def _guard_writes(_app, **_extra) -> None:
    # From here until the request is torn down, only actions may write.
    g.guard_writes = True


def _stop_guarding_writes(_exc=None) -> None:
    g.pop("guard_writes", None)


def _note_write() -> None:
    if in_action() or g.get("guard_writes"):
        try:
            note_write()
        except WriteOutsideAction:
            if current_app.config["STRICT_ACTIONS"]:
                raise
            current_app.logger.warning("stored data changed outside an action")


def _is_audit_record(row) -> bool:
    return getattr(type(row), "is_audit_record", False)


def _count_flushed_writes(session, _context, _instances):
    changed = [
        row
        for row in (*session.new, *session.deleted, *session.dirty)
        if not _is_audit_record(row) and (row not in session.dirty or session.is_modified(row))
    ]
    if changed:
        _note_write()
    if session.new or session.deleted or session.dirty:
        session.info["changed"] = True


def _count_statement_writes(state):
    if state.is_update or state.is_delete or state.is_insert:
        _note_write()
        state.session.info["changed"] = True


def commit_on_success(response):
    """Commit the request's changes if the answer reports success, else roll them back."""
    session = g.get("db_session")
    if session is None:
        return response
    if session.new or session.dirty or session.deleted or session.info.pop("changed", False):
        if response.status_code < 400:
            session.commit()
        else:
            session.rollback()
    return response


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
    # Registered first, so it runs after every other after_request hook.
    app.after_request(commit_on_success)
    request_started.connect(_guard_writes, app)
    app.teardown_request(_stop_guarding_writes)
    app.teardown_appcontext(close_session)


# On the class, not on each session: listening costs a good part of a millisecond.
event.listen(RequestSession, "before_flush", _count_flushed_writes)
event.listen(RequestSession, "do_orm_execute", _count_statement_writes)
